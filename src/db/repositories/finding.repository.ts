import type { AreaScope } from '../../core/area-scope.js';
import type { MismatchFinding, MismatchKind } from '../../core/mismatch-finding.js';
import type { NameMatchMethod } from '../../core/school-name-match.js';
import type { Db } from '../database.js';
import type { FindingStore } from '../ports/finding.port.js';
import { sql } from 'kysely';
import { codeInAreaScope } from '../area-scope-filter.js';
import { chunks } from '../upsert.js';

const COLUMNS = [
  'county_code', 'platform_county_code', 'kind', 'institution_code', 'entered_name', 'registry_name', 'registry_county_code',
  'score', 'method', 'teacher_count', 'suggested_code', 'suggested_name', 'detail',
] as const;

/** The name/code findings of each run. */
export class FindingRepository implements FindingStore {
  constructor(private readonly db: Db) {}

  async insert(runId: number, findings: readonly MismatchFinding[]): Promise<void> {
    let seq = 0;
    for (const part of chunks(findings, 500)) {
      await this.db
        .insertInto('finding')
        .values(part.map((f) => ({
          run_id: runId, seq: seq++, county_code: f.countyCode, platform_county_code: f.platformCountyCode, kind: f.kind,
          institution_code: f.institutionCode.slice(0, 64), entered_name: f.enteredName.slice(0, 300), registry_name: f.registryName,
          registry_county_code: f.registryCountyCode, score: f.score, method: f.method, teacher_count: f.teacherCount,
          suggested_code: f.suggestedCode, suggested_name: f.suggestedName, detail: f.detail.slice(0, 500),
        })))
        .execute();
    }
  }

  /** Copies one run's findings to another: nothing they were made from has changed. */
  async carry(fromRunId: number, toRunId: number): Promise<number> {
    const r = await this.db
      .insertInto('finding')
      .columns(['run_id', 'seq', ...COLUMNS])
      .expression(this.db.selectFrom('finding').select([sql.lit(toRunId).as('run_id'), 'seq', ...COLUMNS]).where('run_id', '=', fromRunId))
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0);
  }

  /** How many findings of each kind a run has. */
  async countsByKind(runId: number): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('finding')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where('run_id', '=', runId)
      .groupBy('kind')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
  }

  /** A run's findings in the order they were stored, optionally for one county or the codes of an area. */
  async forRun(runId: number, area?: string | AreaScope): Promise<MismatchFinding[]> {
    let q = this.db.selectFrom('finding').select([...COLUMNS, 'seq']).where('run_id', '=', runId);
    if (typeof area === 'string') q = q.where('county_code', '=', area);
    else if (area !== undefined) q = q.where(codeInAreaScope(sql.ref('county_code'), area));
    // An area's few rows are read by finding_county_idx and put in order here: asked for the order,
    // MariaDB reads every finding of the run in key order instead.
    const rows = area === undefined ? await q.orderBy('seq').execute() : (await q.execute()).sort((a, b) => Number(a.seq) - Number(b.seq));
    return rows.map((r) => ({
      countyCode: r.county_code, platformCountyCode: r.platform_county_code, kind: r.kind as MismatchKind,
      institutionCode: r.institution_code, enteredName: r.entered_name, registryName: r.registry_name,
      registryCountyCode: r.registry_county_code, score: r.score === null ? null : Number(r.score),
      method: r.method as NameMatchMethod | null, teacherCount: Number(r.teacher_count),
      suggestedCode: r.suggested_code, suggestedName: r.suggested_name, detail: r.detail,
    }));
  }
}
