export interface TargetSchoolTable {
  school_id: string;
  institution_code: string;
  name: string;
  campus_name: string | null;
  county_code: string | null;
  status: string;
  seen_run_id: number;
}
