export interface PlanItemTable {
  run_id: number;
  external_id: string;
  teacher_id: string;
  identity_mac: string;
  action: string;
  school_id: string;
  desired_status: string;
  desired_hash: string;
  choice_reason: string | null;
  /** pending | done | failed | blocked */
  state: string;
  result_status: number | null;
  result_code: string | null;
}
