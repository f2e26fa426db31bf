import { sql } from 'kysely';
import type { AreaScope } from '../../core/area-scope.js';
import type { Problem } from '../../core/types.js';
import { codeInAreaScope, registryCountyInAreaScope } from '../area-scope-filter.js';
import type { Db } from '../database.js';
import type { PersonProblemRow, PersonProblemStore } from '../ports/person-problem.port.js';

export type { PersonProblemRow } from '../ports/person-problem.port.js';

const PAGE = 5000;

/** Person-level problems for reports: from the run's problems and from the quarantined records. */
export class PersonProblemRepository implements PersonProblemStore {
  constructor(private readonly db: Db) {}

  /** Problems the run recorded with the given codes, joined to the record they are about. */
  async ofRun(runId: number, codes: readonly string[], scope: AreaScope | null = null): Promise<PersonProblemRow[]> {
    if (codes.length === 0) return [];
    // A problem about an account with no teacher (found on the platform) carries its own code and county.
    let q = this.db
      .selectFrom('sync_problem as p')
      .leftJoin('teacher as t', 't.teacher_id', 'p.teacher_id')
      .select([
        'p.teacher_id', 't.name', 't.id_number_masked', 'p.code', 'p.detail', 't.institution_name',
        (eb) => eb.fn.coalesce('t.institution_code', 'p.institution_code').as('institution_code'),
        (eb) => eb.fn.coalesce('t.county_code', 'p.county_code').as('county_code'),
      ])
      .where('p.run_id', '=', runId)
      .where('p.code', 'in', [...codes])
      .orderBy('p.id');
    if (scope) {
      const county = sql`coalesce(t.county_code, p.county_code)`;
      const code = sql`coalesce(t.institution_code, p.institution_code)`;
      q = q.where((eb) => eb.or([codeInAreaScope(county, scope), registryCountyInAreaScope(code, scope)]));
    }
    const rows = await q.execute();
    return rows.map((r) => ({
      teacherId: r.teacher_id ?? '', teacherName: r.name, idNumberMasked: r.id_number_masked, code: r.code, detail: r.detail,
      institutionCode: r.institution_code, institutionName: r.institution_name, countyCode: r.county_code,
    }));
  }

  /**
   * Records still listed and still quarantined, with those of their problems that have the given
   * codes. Read from the records, not the run: a delta run re-checks only the records that changed.
   */
  async quarantined(codes: readonly string[], scope: AreaScope | null = null): Promise<PersonProblemRow[]> {
    const wanted = new Set(codes);
    const out: PersonProblemRow[] = [];
    let after: string | null = null;
    for (;;) {
      let q = this.db
        .selectFrom('teacher')
        .select(['teacher_id', 'name', 'id_number_masked', 'problems', 'institution_code', 'institution_name', 'county_code'])
        .where('valid', '=', 0)
        .where('gone', '=', 0)
        .orderBy('teacher_id')
        .limit(PAGE);
      if (after !== null) q = q.where('teacher_id', '>', after);
      if (scope) q = q.where((eb) => eb.or([codeInAreaScope(sql.ref('county_code'), scope), registryCountyInAreaScope(sql.ref('institution_code'), scope)]));
      const rows = await q.execute();
      for (const r of rows) {
        for (const p of parseProblems(r.problems)) {
          if (!wanted.has(p.code)) continue;
          out.push({
            teacherId: r.teacher_id, teacherName: r.name, idNumberMasked: r.id_number_masked, code: p.code, detail: p.detail,
            institutionCode: r.institution_code, institutionName: r.institution_name, countyCode: r.county_code,
          });
        }
      }
      if (rows.length < PAGE) return out;
      after = rows[rows.length - 1]!.teacher_id;
    }
  }
}

function parseProblems(json: string | null): Problem[] {
  if (json === null) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((p): p is Problem => typeof p === 'object' && p !== null && typeof (p as Problem).code === 'string' && typeof (p as Problem).detail === 'string') : [];
  } catch {
    return [];
  }
}
