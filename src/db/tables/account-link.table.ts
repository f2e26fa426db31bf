export interface AccountLinkTable {
  external_id: string;
  teacher_id: string;
  identity_mac: string;
  account_id: string | null;
  username: string | null;
  school_id: string;
  status: string;
  pushed_hash: string;
  choice_reason: string | null;
  pushed_run_id: number;
  pushed_at_ms: number;
}
