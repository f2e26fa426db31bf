import { z } from 'zod';
import { charCount } from '../../core/compact-text.js';

/** The longest institution name the snapshot keeps (the column's size); a longer one is not a name. */
export const REGISTRY_NAME_MAX_CHARS = 300;

/** A code of `n` ASCII digits, padding trimmed. */
const digits = (n: number) => z.string().trim().regex(new RegExp(`^[0-9]{${n}}$`), `must be ${n} digits`);

// Nothing but white space, control and invisible characters: a name nobody can read.
const UNREADABLE_NAME = /^[\s\p{Cc}\p{Cf}]*$/u;

/**
 * One institution of the national institution code registry (全国机构编码系统). The registry is the
 * truth about codes, so a row is taken whole or not at all: a code that is not 10 digits, a county
 * that is not 6, a category that disagrees with the code, or an unknown status rejects the row.
 * Unknown fields are ignored.
 */
export const registryInstitutionSchema = z
  .object({
    code: digits(10), // 学校标识码
    name: z
      .string()
      .refine((s) => !UNREADABLE_NAME.test(s), 'must not be empty')
      .refine((s) => charCount(s) <= REGISTRY_NAME_MAX_CHARS, `must be at most ${REGISTRY_NAME_MAX_CHARS} characters`),
    countyCode: digits(6),
    // The first two digits of the code are the category; a source that leaves it out loses nothing.
    category: z.string().trim().regex(/^([0-9]{2})?$/, 'must be 2 digits').optional(),
    status: z.string().trim().toLowerCase().pipe(z.enum(['active', 'revoked'])),
  })
  .refine((r) => !r.category || r.category === r.code.slice(0, 2), { path: ['category'], message: "must be the code's first two digits" })
  .transform((r) => ({
    code: r.code,
    name: r.name,
    countyCode: r.countyCode,
    category: r.category || r.code.slice(0, 2),
    status: r.status,
  }));
