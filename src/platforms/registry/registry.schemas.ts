import { z } from 'zod';

/** A code-like text: trimmed, not empty. */
const code = z.string().trim().min(1);

/**
 * One institution of the national institution code registry (全国机构编码系统). The registry is the
 * truth about codes, so a row is taken whole or not at all. Unknown fields are ignored.
 */
export const registryInstitutionSchema = z
  .object({
    code, // 学校标识码
    name: z.string().refine((s) => s.trim().length > 0, 'must not be empty'),
    countyCode: code,
    // The first two digits of the code are the category; a source that leaves it out loses nothing.
    category: z.string().trim().optional(),
    status: z.string().trim().toLowerCase().pipe(z.enum(['active', 'revoked'])),
  })
  .transform((r) => ({
    code: r.code,
    name: r.name,
    countyCode: r.countyCode,
    category: r.category || r.code.slice(0, 2),
    status: r.status,
  }));

export type RegistryRecordInput = z.input<typeof registryInstitutionSchema>;
