import type { AreaScope } from '../../core/area-scope.js';

/** A problem of one teacher record, with what identifies the person in a report: never the ID number itself. */
export interface PersonProblemRow {
  teacherId: string;
  teacherName: string | null;
  idNumberMasked: string | null;
  code: string;
  detail: string;
  institutionCode: string | null;
  institutionName: string | null;
  /** The county the teacher-training platform gave. */
  countyCode: string | null;
}

/** Person-level problems for reports: from the run's problems and from the quarantined records. */
export interface PersonProblemStore {
  /**
   * Problems the run recorded with the given codes, joined to the record they are about; with a
   * scope, only those whose county, or whose code's registry county, is within it.
   */
  ofRun(runId: number, codes: readonly string[], scope?: AreaScope | null): Promise<PersonProblemRow[]>;
  /** Records still listed and still quarantined, with those of their problems that have the given codes; a scope as above. */
  quarantined(codes: readonly string[], scope?: AreaScope | null): Promise<PersonProblemRow[]>;
}
