import { z } from 'zod';
import { ID_TYPES } from '../core/types.js';
import { isValidResidentId } from './resident-id.js';

/** What the student-record platform accepts for one account (PUT body, or a batch item without externalId). */
export const accountBodySchema = z
  .object({
    name: z.string().trim().min(1).max(50),
    idType: z.enum(ID_TYPES),
    idNumber: z.string().min(1).max(32),
    gender: z.enum(['M', 'F']).nullable().optional(),
    mobile: z.string().regex(/^1[3-9]\d{9}$/).nullable().optional(),
    email: z.email().max(100).nullable().optional(),
    schoolId: z.string().min(1).max(32),
    status: z.enum(['active', 'disabled']),
    accountId: z.string().regex(/^A\d{8}$/).nullable().optional(),
  })
  .superRefine((body, ctx) => {
    const ok = body.idType === 'resident_id' ? isValidResidentId(body.idNumber) : /^[A-Z0-9]{5,20}$/.test(body.idNumber);
    if (!ok) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: `not a valid ${body.idType} number` });
  });

export type AccountBody = z.infer<typeof accountBodySchema>;

export const externalIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/);

export const batchSchema = z.object({ items: z.array(z.unknown()) });

/** The field a 422 names: the first one zod complained about. */
export function firstIssueField(error: z.ZodError, fallback: string): string {
  const path = error.issues[0]?.path ?? [];
  return path.length > 0 ? path.map(String).join('.') : fallback;
}
