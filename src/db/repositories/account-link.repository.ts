import type { Db } from '../database.js';
import type { AccountLinkTable } from '../tables/account-link.table.js';
import { chunks, upsertRows, type Dialect } from '../upsert.js';

export type AccountLinkRow = AccountLinkTable;

const COLUMNS = [
  'external_id', 'teacher_id', 'identity_mac', 'account_id', 'username', 'school_id', 'status', 'pushed_hash',
  'choice_reason', 'pushed_run_id', 'pushed_at_ms',
] as const;

/** The accounts the daemon manages: teacher → platform account, and what was last pushed. */
export class AccountLinkRepository {
  constructor(private readonly db: Db, private readonly dialect: Dialect) {}

  /** Links for a chunk of groups: by identity, by the teacher that owns them, or by external id. */
  async forChunk(identityMacs: readonly string[], teacherIds: readonly string[]): Promise<AccountLinkRow[]> {
    const seen = new Map<string, AccountLinkRow>();
    for (const macs of chunks(identityMacs, 1000)) {
      if (macs.length === 0) continue;
      for (const r of await this.db.selectFrom('account_link').select(COLUMNS).where('identity_mac', 'in', macs).execute()) seen.set(r.external_id, r);
    }
    for (const ids of chunks(teacherIds, 1000)) {
      if (ids.length === 0) continue;
      const rows = await this.db
        .selectFrom('account_link')
        .select(COLUMNS)
        .where((eb) => eb.or([eb('teacher_id', 'in', ids), eb('external_id', 'in', ids)]))
        .execute();
      for (const r of rows) seen.set(r.external_id, r);
    }
    return [...seen.values()];
  }

  async upsert(rows: readonly AccountLinkRow[]): Promise<void> {
    await upsertRows(this.db, this.dialect, 'account_link', rows as unknown as Record<string, unknown>[], ['external_id'], COLUMNS.slice(1));
  }

  async countActive(): Promise<number> {
    const r = await this.db.selectFrom('account_link').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'active').executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async byTeacher(teacherId: string): Promise<AccountLinkRow | undefined> {
    return this.db.selectFrom('account_link').select(COLUMNS).where('teacher_id', '=', teacherId).executeTakeFirst();
  }

  async byExternalId(externalId: string): Promise<AccountLinkRow | undefined> {
    return this.db.selectFrom('account_link').select(COLUMNS).where('external_id', '=', externalId).executeTakeFirst();
  }
}
