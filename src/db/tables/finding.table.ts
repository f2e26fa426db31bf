/** One entered school that is wrong, as found by one run (see src/core/mismatch-finding.ts). */
export interface FindingTable {
  run_id: number;
  /** Position within the run: findings are written once per run and read back in this order. */
  seq: number;
  /** Today's division the finding is routed to (a county, else its city, else the province). */
  county_code: string;
  /** The county the teacher-training platform gave for the entered school, as given. */
  platform_county_code: string | null;
  kind: string;
  /** As entered, cleaned (full-width digits and spaces folded); '' when none was entered. */
  institution_code: string;
  entered_name: string;
  registry_name: string | null;
  registry_county_code: string | null;
  /** Similarity of the entered name to the registry name, 0..1. */
  score: number | null;
  method: string | null;
  teacher_count: number;
  suggested_code: string | null;
  suggested_name: string | null;
  detail: string;
}
