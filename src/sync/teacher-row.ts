import { identityKey, personKey } from '../core/identity.js';
import { maskIdNumber } from '../core/id-number.js';
import type { ValidatedTeacher } from '../core/types.js';
import type { PiiCipher } from '../crypto/pii-cipher.js';
import { sealPii } from '../crypto/pii-envelope.js';
import type { StoredTeacher } from '../db/ports/teacher.port.js';

/** The fields pushed to the platform that come from the person, in a fixed order. */
function payloadFingerprint(t: ValidatedTeacher['teacher']): string {
  return JSON.stringify([t.name, t.idType, t.idNumber, t.gender, t.mobile, t.email]);
}

/** Content hash of a validated record: equal hashes mean nothing worth rewriting changed. */
export function contentMac(v: ValidatedTeacher, cipher: PiiCipher): string {
  return cipher.mac(JSON.stringify([v.teacher, v.problems.map((p) => p.code)]));
}

/** The stored form of a validated record (numbered `seq`): personal data encrypted, a keyed hash beside it. */
export function toStoredTeacher(v: ValidatedTeacher, mac: string, cipher: PiiCipher, runId: number, seq: number): StoredTeacher {
  const t = v.teacher;
  const identityMac = v.identityValid && t.idType && t.idNumber ? cipher.mac(identityKey(t.idType, t.idNumber)) : null;
  const valid = v.problems.length === 0;
  return {
    teacherId: t.teacherId,
    groupKey: personKey(identityMac, t.teacherId),
    identityMac,
    name: t.name?.slice(0, 300) ?? null,
    idType: t.idType,
    piiSealed: sealPii(cipher, { idNumber: t.idNumber, mobile: t.mobile, email: t.email }),
    idNumberMasked: t.idNumber ? maskIdNumber(t.idNumber).slice(0, 40) : null,
    gender: t.gender,
    institutionCode: t.institutionCode?.slice(0, 64) ?? null,
    institutionName: t.institutionName?.slice(0, 300) ?? null,
    countyCode: t.countyCode,
    status: t.status,
    updatedAtMs: t.updatedAtMs,
    problems: v.problems,
    valid,
    gone: false,
    contentMac: mac,
    payloadMac: valid ? cipher.mac(payloadFingerprint(t)) : null,
    seenRunId: runId,
    seq,
  };
}
