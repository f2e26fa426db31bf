import type { IdType, TargetSchool } from '../../core/types.js';
import type { ListedAccount } from '../../sync/ports.js';
import type { z } from 'zod';
import { errorCodeOr, scrubServerText } from '../http/server-text.js';
import type { accountRecordSchema, BatchItemResultRecord, schoolRecordSchema } from './student-record.schemas.js';

/** What the daemon sends for one account (`PUT /api/v1/teacher-accounts/{externalId}`). */
export interface AccountPayload {
  name: string;
  idType: IdType;
  idNumber: string;
  gender: 'M' | 'F' | null;
  mobile: string | null;
  email: string | null;
  schoolId: string;
  status: 'active' | 'disabled';
  /** Binds this externalId to an account made by hand, instead of creating one. */
  accountId?: string;
}

export type BatchItem = AccountPayload & { externalId: string };

/** One account as the platform lists it: what reconciliation needs, and when it last changed. */
export interface PlatformAccount extends ListedAccount {
  updatedAt: string | null;
}

export interface BatchItemError {
  code: string;
  message: string;
  existingExternalId?: string | null;
  existingAccountId?: string | null;
  field?: string;
}

export interface BatchItemResult {
  externalId: string;
  status: 200 | 201 | 404 | 409 | 422;
  accountId?: string;
  username?: string;
  error?: BatchItemError;
}

export function toTargetSchool(r: z.infer<typeof schoolRecordSchema>): TargetSchool {
  return {
    schoolId: r.schoolId,
    institutionCode: r.institutionCode.trim(),
    name: r.name,
    campusName: r.campusName ?? null,
    countyCode: r.countyCode ?? null,
    status: r.status === 'active' ? 'active' : 'inactive',
  };
}

export function toPlatformAccount(r: z.infer<typeof accountRecordSchema>): PlatformAccount {
  return {
    externalId: r.externalId ?? null,
    accountId: r.accountId,
    username: r.username,
    idType: r.idType,
    idNumber: r.idNumber,
    schoolId: r.schoolId,
    status: r.status,
    name: r.name,
    updatedAt: r.updatedAt,
  };
}

/** The wire body of one account: exactly the contract's fields, whatever else the caller's object holds. */
export function toAccountBody(p: AccountPayload): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: p.name, idType: p.idType, idNumber: p.idNumber, gender: p.gender, mobile: p.mobile,
    email: p.email, schoolId: p.schoolId, status: p.status,
  };
  if (p.accountId !== undefined) body['accountId'] = p.accountId;
  return body;
}

/**
 * One result as the sync reads it. The server's free text (message, field) may quote the item it
 * was given: what `sent` holds and any long number are cut out of it, since it is stored and reported.
 */
export function toBatchItemResult(r: BatchItemResultRecord, sent?: AccountPayload): BatchItemResult {
  const out: BatchItemResult = { externalId: r.externalId, status: r.status };
  if (r.accountId != null) out.accountId = r.accountId;
  if (r.username != null) out.username = r.username;
  const existingExternalId = r.error?.existingExternalId !== undefined ? r.error.existingExternalId : r.existingExternalId;
  const existingAccountId = r.error?.existingAccountId !== undefined ? r.error.existingAccountId : r.existingAccountId;
  const field = r.error?.field ?? r.field;
  const personal = sent ? [sent.idNumber, sent.mobile, sent.email, sent.name] : [];
  if (r.error) {
    out.error = { code: errorCodeOr(r.error.code, `HTTP_${r.status}`), message: scrubServerText(r.error.message ?? '', personal) };
  } else if (r.status >= 400) {
    out.error = { code: `HTTP_${r.status}`, message: '' };
  }
  if (out.error) {
    if (existingExternalId !== undefined) out.error.existingExternalId = existingExternalId;
    if (existingAccountId !== undefined) out.error.existingAccountId = existingAccountId;
    if (field != null) out.error.field = scrubServerText(field, personal, 64);
  }
  return out;
}
