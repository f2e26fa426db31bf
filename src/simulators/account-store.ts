import type { AccountBody } from './account.schema.js';
import { formatCst } from './time.js';
import type { AccountRecord, AccountStatus, SchoolWire } from './wire.js';

/** The answer to one account write: the HTTP status and what goes in the body (or batch result). */
export type PutOutcome =
  | { status: 200 | 201; accountId: string; username: string }
  | { status: 404 | 409 | 422; error: { code: string; message: string } & Record<string, unknown> };

export interface ManualAccountInput {
  name: string;
  idType: string;
  idNumber: string;
  schoolId: string;
  gender?: 'M' | 'F' | null;
  mobile?: string | null;
  email?: string | null;
  status?: AccountStatus;
  username?: string;
}

const FIRST_ACCOUNT_NUMBER = 10_000_001;

/**
 * The accounts of the student-record platform and its rules: one account per person (idType +
 * idNumber), one account per externalId, schools must exist and be active.
 */
export class AccountStore {
  /** In creation order; list paging walks this. */
  readonly rows: AccountRecord[] = [];
  private readonly byAccountId = new Map<string, AccountRecord>();
  private readonly byExternalId = new Map<string, AccountRecord>();
  private readonly byIdentity = new Map<string, AccountRecord>();
  private readonly usernames = new Set<string>();

  constructor(
    private readonly school: (schoolId: string) => SchoolWire | undefined,
    private readonly now: () => number,
  ) {}

  get(externalId: string): AccountRecord | undefined {
    return this.byExternalId.get(externalId);
  }

  getByAccountId(accountId: string): AccountRecord | undefined {
    return this.byAccountId.get(accountId);
  }

  /** `PUT /api/v1/teacher-accounts/{externalId}` after the body was validated. */
  put(externalId: string, body: AccountBody): PutOutcome {
    const school = this.school(body.schoolId);
    if (!school || school.status !== 'active') {
      return fail(404, 'SCHOOL_NOT_FOUND', `no active school ${body.schoolId}`);
    }
    const holder = this.byIdentity.get(identityKey(body.idType, body.idNumber));
    const own = this.byExternalId.get(externalId);

    if (body.accountId) {
      const target = this.byAccountId.get(body.accountId);
      if (!target) return fail(422, 'VALIDATION_FAILED', `no account ${body.accountId}`, { field: 'accountId' });
      if (identityKey(target.idType, target.idNumber) !== identityKey(body.idType, body.idNumber)) {
        return fail(422, 'VALIDATION_FAILED', 'the account to bind belongs to another person', { field: 'accountId' });
      }
      if (target.externalId !== null && target.externalId !== externalId) return conflict(target);
      if (own && own !== target) {
        return fail(409, 'EXTERNAL_ID_CONFLICT', `externalId ${externalId} already has another account`, {
          existingExternalId: externalId,
          existingAccountId: own.accountId,
        });
      }
      if (target.externalId === null) {
        target.externalId = externalId;
        this.byExternalId.set(externalId, target);
        target.updatedAt = formatCst(this.now());
      }
      this.apply(target, body);
      return { status: 200, accountId: target.accountId, username: target.username };
    }

    if (own) {
      if (holder && holder !== own) return conflict(holder);
      this.apply(own, body);
      return { status: 200, accountId: own.accountId, username: own.username };
    }
    if (holder) return conflict(holder);
    const created = this.insert({ ...body, gender: body.gender ?? null, mobile: body.mobile ?? null, email: body.email ?? null }, externalId, null);
    return { status: 201, accountId: created.accountId, username: created.username };
  }

  /** An account a person made on the platform by hand: it has no externalId. */
  createManual(input: ManualAccountInput): AccountRecord {
    if (!this.school(input.schoolId)) throw new Error(`no school ${input.schoolId}`);
    const holder = this.byIdentity.get(identityKey(input.idType, input.idNumber));
    if (holder) throw new Error(`that person already has account ${holder.accountId}`);
    return this.insert(
      {
        name: input.name,
        idType: input.idType,
        idNumber: input.idNumber,
        gender: input.gender ?? null,
        mobile: input.mobile ?? null,
        email: input.email ?? null,
        schoolId: input.schoolId,
        status: input.status ?? 'active',
      },
      null,
      input.username ?? null,
    );
  }

  /** A person moves an account to another school on the platform. */
  move(accountId: string, schoolId: string): AccountRecord {
    const account = this.byAccountId.get(accountId);
    if (!account) throw new Error(`no account ${accountId}`);
    if (!this.school(schoolId)) throw new Error(`no school ${schoolId}`);
    if (account.schoolId !== schoolId) {
      account.schoolId = schoolId;
      account.updatedAt = formatCst(this.now());
    }
    return account;
  }

  /** A person enables or disables the account on the platform. */
  setStatus(accountId: string, status: AccountStatus): AccountRecord {
    const account = this.byAccountId.get(accountId);
    if (!account) throw new Error(`no account ${accountId}`);
    if (account.status !== status) {
      account.status = status;
      account.updatedAt = formatCst(this.now());
    }
    return account;
  }

  /** A person deletes the account on the platform (the API never does). */
  delete(accountId: string): void {
    const account = this.byAccountId.get(accountId);
    if (!account) throw new Error(`no account ${accountId}`);
    this.byAccountId.delete(accountId);
    if (account.externalId !== null) this.byExternalId.delete(account.externalId);
    this.byIdentity.delete(identityKey(account.idType, account.idNumber));
    this.rows.splice(this.rows.indexOf(account), 1);
  }

  private insert(fields: Omit<AccountRecord, 'accountId' | 'externalId' | 'username' | 'createdAt' | 'updatedAt'>, externalId: string | null, username: string | null): AccountRecord {
    const accountId = `A${String(FIRST_ACCOUNT_NUMBER + this.rows.length).padStart(8, '0')}`;
    const at = formatCst(this.now());
    const account: AccountRecord = {
      accountId,
      externalId,
      username: this.uniqueUsername(username ?? usernameFor(externalId, accountId)),
      name: fields.name,
      idType: fields.idType,
      idNumber: fields.idNumber,
      gender: fields.gender,
      mobile: fields.mobile,
      email: fields.email,
      schoolId: fields.schoolId,
      status: fields.status,
      createdAt: at,
      updatedAt: at,
    };
    this.rows.push(account);
    this.byAccountId.set(accountId, account);
    if (externalId !== null) this.byExternalId.set(externalId, account);
    this.byIdentity.set(identityKey(account.idType, account.idNumber), account);
    return account;
  }

  /** Replaces the fields; updatedAt moves only when something changed, so a repeated PUT is a no-op. */
  private apply(account: AccountRecord, body: AccountBody): void {
    const next = {
      name: body.name, idType: body.idType, idNumber: body.idNumber, gender: body.gender ?? null,
      mobile: body.mobile ?? null, email: body.email ?? null, schoolId: body.schoolId, status: body.status,
    };
    const changed = (Object.keys(next) as (keyof typeof next)[]).some((k) => account[k] !== next[k]);
    if (!changed) return;
    this.byIdentity.delete(identityKey(account.idType, account.idNumber));
    Object.assign(account, next);
    this.byIdentity.set(identityKey(account.idType, account.idNumber), account);
    account.updatedAt = formatCst(this.now());
  }

  private uniqueUsername(base: string): string {
    let name = base;
    for (let n = 2; this.usernames.has(name); n++) name = `${base}${n}`;
    this.usernames.add(name);
    return name;
  }
}

function identityKey(idType: string, idNumber: string): string {
  return `${idType}|${idNumber}`;
}

/** `t` + the last six letters or digits of the externalId; hand-made accounts get `m` + their number. */
function usernameFor(externalId: string | null, accountId: string): string {
  if (externalId === null) return `m${accountId.slice(1)}`;
  return `t${externalId.replace(/[^A-Za-z0-9]/g, '').slice(-6).toLowerCase()}`;
}

function conflict(holder: AccountRecord): PutOutcome {
  return fail(409, 'ID_NUMBER_CONFLICT', `that person already has account ${holder.accountId}`, {
    existingExternalId: holder.externalId,
    existingAccountId: holder.accountId,
  });
}

function fail(status: 404 | 409 | 422, code: string, message: string, extra: Record<string, unknown> = {}): PutOutcome {
  return { status, error: { code, message, ...extra } };
}
