import { identityKey } from '../core/identity.js';
import { maskIdNumber } from '../core/id-number.js';
import type { ValidatedTeacher } from '../core/types.js';
import type { PiiCipher } from '../crypto/pii-cipher.js';
import { sealPii } from '../crypto/pii-envelope.js';
import type { TeacherRow } from '../db/repositories/teacher.repository.js';

/** The fields pushed to the platform that come from the person, in a fixed order. */
function payloadFingerprint(t: ValidatedTeacher['teacher']): string {
  return JSON.stringify([t.name, t.idType, t.idNumber, t.gender, t.mobile, t.email]);
}

/** Content hash of a validated record: equal hashes mean nothing worth rewriting changed. */
export function contentMac(v: ValidatedTeacher, cipher: PiiCipher): string {
  return cipher.mac(JSON.stringify([v.teacher, v.problems.map((p) => p.code)]));
}

/** The stored form of a validated record: personal data encrypted, a keyed hash beside it. */
export function toTeacherRow(v: ValidatedTeacher, mac: string, cipher: PiiCipher, runId: number): TeacherRow {
  const t = v.teacher;
  const identityMac = v.identityValid && t.idType && t.idNumber ? cipher.mac(identityKey(t.idType, t.idNumber)) : null;
  const valid = v.problems.length === 0;
  return {
    teacher_id: t.teacherId,
    group_key: identityMac ?? `q:${t.teacherId}`,
    identity_mac: identityMac,
    name: t.name?.slice(0, 300) ?? null,
    id_type: t.idType,
    pii_enc: sealPii(cipher, { idNumber: t.idNumber, mobile: t.mobile, email: t.email }),
    id_number_masked: t.idNumber ? maskIdNumber(t.idNumber).slice(0, 40) : null,
    gender: t.gender,
    institution_code: t.institutionCode?.slice(0, 64) ?? null,
    institution_name: t.institutionName?.slice(0, 300) ?? null,
    county_code: t.countyCode,
    status: t.status,
    updated_at_ms: t.updatedAtMs,
    problems: valid ? null : JSON.stringify(v.problems),
    valid: valid ? 1 : 0,
    gone: 0,
    content_mac: mac,
    payload_mac: valid ? cipher.mac(payloadFingerprint(t)) : null,
    seen_run_id: runId,
  };
}
