import type { AccountLink } from '../../core/account-link.js';
import type { Db } from '../database.js';
import type { AccountLinkStore } from '../ports/account-link.port.js';
import type { AccountLinkTable } from '../tables/account-link.table.js';
import { chunks, IN_LIST_LIMIT, upsertRows, type Dialect } from '../upsert.js';

/** Read straight into the domain's names: no second object per link. */
const COLUMNS = [
  'external_id as externalId', 'teacher_id as teacherId', 'identity_mac as identityMac', 'account_id as accountId', 'username',
  'school_id as schoolId', 'status', 'pushed_hash as pushedHash', 'choice_reason as choiceReason', 'pushed_run_id as pushedRunId',
  'pushed_at_ms as pushedAtMs',
] as const;

const UPDATE_COLUMNS = [
  'teacher_id', 'identity_mac', 'account_id', 'username', 'school_id', 'status', 'pushed_hash', 'choice_reason', 'pushed_run_id', 'pushed_at_ms',
] as const;

function toRow(l: AccountLink) {
  return {
    external_id: l.externalId, teacher_id: l.teacherId, identity_mac: l.identityMac, account_id: l.accountId, username: l.username,
    school_id: l.schoolId, status: l.status, pushed_hash: l.pushedHash, choice_reason: l.choiceReason, pushed_run_id: l.pushedRunId,
    pushed_at_ms: l.pushedAtMs,
  } satisfies AccountLinkTable;
}

/** The accounts the daemon manages: teacher → platform account, and what was last pushed. */
export class AccountLinkRepository implements AccountLinkStore {
  constructor(private readonly db: Db, private readonly dialect: Dialect) {}

  /**
   * Links whose external id lies in (after, upTo]. External ids are normally the teacher's own id,
   * so this one range read finds the links of a chunk of teachers read in the same order.
   */
  async externalRange(after: string | null, upTo: string): Promise<AccountLink[]> {
    let q = this.db.selectFrom('account_link').select(COLUMNS).where('external_id', '<=', upTo);
    if (after !== null) q = q.where('external_id', '>', after);
    return q.execute();
  }

  async byExternalIds(externalIds: readonly string[]): Promise<AccountLink[]> {
    const out: AccountLink[] = [];
    for (const part of chunks(externalIds, IN_LIST_LIMIT)) {
      if (part.length > 0) out.push(...(await this.db.selectFrom('account_link').select(COLUMNS).where('external_id', 'in', part).execute()));
    }
    return out;
  }

  /**
   * The links of a page of external ids that are likely close together in key order (a platform
   * lists accounts in the order they were made, which is the order they were pushed): one range
   * read when the range holds few more links than asked for, else look-ups by key.
   */
  async byExternalIdsClustered(externalIds: readonly string[]): Promise<AccountLink[]> {
    if (externalIds.length < 50) return this.byExternalIds(externalIds);
    const sorted = [...externalIds].sort();
    const limit = Math.ceil(sorted.length * 1.25);
    const range = await this.db
      .selectFrom('account_link').select(COLUMNS)
      .where('external_id', '>=', sorted[0]!).where('external_id', '<=', sorted[sorted.length - 1]!)
      .orderBy('external_id').limit(limit + 1)
      .execute();
    if (range.length > limit) return this.byExternalIds(externalIds);
    const wanted = new Set(externalIds);
    return range.filter((l) => wanted.has(l.externalId));
  }

  async upsert(rows: readonly AccountLink[]): Promise<void> {
    if (rows.length === 0) return;
    await upsertRows(this.db, this.dialect, 'account_link', rows.map(toRow), ['external_id'], UPDATE_COLUMNS);
  }

  async byTeacherIds(teacherIds: readonly string[]): Promise<AccountLink[]> {
    const out: AccountLink[] = [];
    for (const part of chunks(teacherIds, IN_LIST_LIMIT)) {
      if (part.length > 0) out.push(...(await this.db.selectFrom('account_link').select(COLUMNS).where('teacher_id', 'in', part).execute()));
    }
    return out;
  }

  /** Links at the given schools (the few of one code). No index serves this: each list reads the table once. */
  async atSchools(schoolIds: readonly string[]): Promise<AccountLink[]> {
    const out: AccountLink[] = [];
    for (const part of chunks(schoolIds, IN_LIST_LIMIT)) {
      if (part.length > 0) out.push(...(await this.db.selectFrom('account_link').select(COLUMNS).where('school_id', 'in', part).execute()));
    }
    return out;
  }

  /** Active accounts per school and reason for being there, in one pass over the table. */
  async activeCountsBySchool(): Promise<{ schoolId: string; reason: string | null; n: number }[]> {
    const rows = await this.db
      .selectFrom('account_link')
      .select(['school_id', 'choice_reason', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'active')
      .groupBy(['school_id', 'choice_reason'])
      .execute();
    return rows.map((r) => ({ schoolId: r.school_id, reason: r.choice_reason, n: Number(r.n) }));
  }

  /** Active accounts per school and reason, at these schools only: by index (account_link_school_idx). */
  async activeCountsAtSchools(schoolIds: readonly string[]): Promise<{ schoolId: string; reason: string | null; n: number }[]> {
    const out: { schoolId: string; reason: string | null; n: number }[] = [];
    for (const part of chunks(schoolIds, IN_LIST_LIMIT)) {
      if (part.length === 0) continue;
      const rows = await this.db
        .selectFrom('account_link')
        .select(['school_id', 'choice_reason', (eb) => eb.fn.countAll<number>().as('n')])
        .where('school_id', 'in', part)
        .where('status', '=', 'active')
        .groupBy(['school_id', 'choice_reason'])
        .execute();
      out.push(...rows.map((r) => ({ schoolId: r.school_id, reason: r.choice_reason, n: Number(r.n) })));
    }
    return out;
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('account_link').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Links whose identity is one of these. */
  async byIdentities(identityMacs: readonly string[]): Promise<AccountLink[]> {
    const out: AccountLink[] = [];
    for (const part of chunks(identityMacs, IN_LIST_LIMIT)) {
      if (part.length > 0) out.push(...(await this.db.selectFrom('account_link').select(COLUMNS).where('identity_mac', 'in', part).execute()));
    }
    return out;
  }

  /** Links with no account of that external id on the platform (as recorded in platform_seen), in key order. */
  async notSeen(after: string | null, limit: number): Promise<AccountLink[]> {
    let q = this.db
      .selectFrom('account_link as l')
      .leftJoin('platform_seen as p', 'p.external_id', 'l.external_id')
      .select(COLUMNS.map((c) => `l.${c}` as const))
      .where('p.external_id', 'is', null)
      .orderBy('l.external_id')
      .limit(limit);
    if (after !== null) q = q.where('l.external_id', '>', after);
    return q.execute();
  }

  async clearSeen(): Promise<void> {
    await this.db.deleteFrom('platform_seen').execute();
  }

  async markSeen(externalIds: readonly string[]): Promise<void> {
    const rows = [...new Set(externalIds)].map((external_id) => ({ external_id }));
    for (const part of chunks(rows, 1000)) {
      if (part.length === 0) continue;
      if (this.dialect === 'mysql') await this.db.insertInto('platform_seen').values(part).ignore().execute();
      else await this.db.insertInto('platform_seen').values(part).onConflict((oc) => oc.doNothing()).execute();
    }
  }

  /** Forgets what was pushed under these external ids, so the next plan pushes them again. */
  async forgetPushed(externalIds: readonly string[]): Promise<void> {
    for (const part of chunks(externalIds, IN_LIST_LIMIT)) {
      if (part.length > 0) await this.db.updateTable('account_link').set({ pushed_hash: '' }).where('external_id', 'in', part).execute();
    }
  }

  async countActive(): Promise<number> {
    const r = await this.db.selectFrom('account_link').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'active').executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
