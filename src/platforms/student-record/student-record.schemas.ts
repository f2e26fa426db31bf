import { z } from 'zod';
import { lenientTextSchema } from '../lenient.js';

/** A school or campus of the student-record platform (学籍系统省级集中平台). */
export const schoolRecordSchema = z.object({
  schoolId: z.string().min(1).max(64),
  institutionCode: z.string().trim().max(32), // 学校标识码
  name: z.string().max(300),
  campusName: z.string().max(300).nullish(),
  // A county code that is not six digits names no county: the school is kept, without one.
  countyCode: z.string().nullish().transform((v) => (v && /^\d{6}$/.test(v.trim()) ? v.trim() : null)),
  status: z.unknown().optional(),
});

/** An account the platform holds; made by the daemon (externalId set) or by hand (externalId null). */
export const accountRecordSchema = z.object({
  externalId: z.string().max(64).nullish(),
  accountId: z.string().min(1).max(64),
  username: lenientTextSchema,
  idType: lenientTextSchema,
  idNumber: lenientTextSchema,
  schoolId: lenientTextSchema,
  status: lenientTextSchema,
  name: lenientTextSchema,
  updatedAt: lenientTextSchema,
});

export const putAccountResponseSchema = z.object({
  externalId: z.string(),
  accountId: z.string(),
  username: z.string().nullish(),
});

const itemErrorSchema = z.object({
  code: z.string(),
  message: z.string().nullish(),
  existingExternalId: z.string().nullish(),
  existingAccountId: z.string().nullish(),
  field: z.string().nullish(),
});

export const BATCH_ITEM_STATUSES = [200, 201, 404, 409, 422] as const;

/** One result of a batch push. Conflict details are read from `error`, or beside it if a server puts them there. */
export const batchItemResultSchema = z.object({
  externalId: z.string(),
  status: z.union(BATCH_ITEM_STATUSES.map((s) => z.literal(s))),
  accountId: z.string().nullish(),
  username: z.string().nullish(),
  error: itemErrorSchema.nullish(),
  existingExternalId: z.string().nullish(),
  existingAccountId: z.string().nullish(),
  field: z.string().nullish(),
});

export const batchResponseSchema = z.object({ results: z.array(batchItemResultSchema) });

/** The batch response, also checked to hold one result per item, in the order sent. */
export function batchResponseSchemaFor(externalIds: readonly string[]) {
  return batchResponseSchema.superRefine((r, ctx) => {
    if (r.results.length !== externalIds.length) {
      ctx.addIssue({ code: 'custom', path: ['results'], message: `${r.results.length} results for ${externalIds.length} items` });
      return;
    }
    const at = r.results.findIndex((res, i) => res.externalId !== externalIds[i]);
    if (at >= 0) ctx.addIssue({ code: 'custom', path: ['results', at], message: 'result is not for the item sent at this position' });
  });
}

export type BatchItemResultRecord = z.infer<typeof batchItemResultSchema>;
