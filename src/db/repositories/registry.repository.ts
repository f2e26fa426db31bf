import type { RegistryStore } from '../ports/registry.port.js';
import type { RegistryInstitution } from '../../core/types.js';
import type { Db } from '../database.js';
import { chunks, IN_LIST_LIMIT, upsertRows, type Dialect } from '../upsert.js';

/** The registry snapshot: replaced by each complete pull. */
export class RegistryRepository implements RegistryStore {
  constructor(private readonly db: Db, private readonly dialect: Dialect) {}

  async upsert(rows: readonly RegistryInstitution[], runId: number): Promise<void> {
    await upsertRows(
      this.db, this.dialect, 'registry_institution',
      rows.map((r) => ({ code: r.code, name: r.name, county_code: r.countyCode, category: r.category, status: r.status, seen_run_id: runId })),
      ['code'], ['name', 'county_code', 'category', 'status', 'seen_run_id'],
    );
  }

  /** After a complete pull: codes the registry no longer lists are dropped from the snapshot. */
  async remove(codes: readonly string[]): Promise<number> {
    let removed = 0;
    for (const part of chunks(codes, IN_LIST_LIMIT)) {
      if (part.length === 0) continue;
      const r = await this.db.deleteFrom('registry_institution').where('code', 'in', [...part]).executeTakeFirst();
      removed += Number(r.numDeletedRows);
    }
    return removed;
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('registry_institution').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async all(): Promise<RegistryInstitution[]> {
    const rows = await this.db.selectFrom('registry_institution').select(['code', 'name', 'county_code', 'category', 'status']).execute();
    return rows.map((r) => ({ code: r.code, name: r.name, countyCode: r.county_code, category: r.category, status: r.status === 'revoked' ? 'revoked' : 'active' }));
  }

  async byCodes(codes: readonly string[]): Promise<RegistryInstitution[]> {
    const rows = [];
    for (const part of chunks(codes, IN_LIST_LIMIT)) {
      if (part.length === 0) continue;
      rows.push(...(await this.db.selectFrom('registry_institution').select(['code', 'name', 'county_code', 'category', 'status']).where('code', 'in', [...part]).execute()));
    }
    return rows.map((r) => ({ code: r.code, name: r.name, countyCode: r.county_code, category: r.category, status: r.status === 'revoked' ? 'revoked' : 'active' }));
  }
}
