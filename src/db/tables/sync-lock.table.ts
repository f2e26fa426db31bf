export interface SyncLockTable {
  name: string;
  holder: string | null;
  run_id: number | null;
  host: string | null;
  pid: number | null;
  acquired_at_ms: number | null;
  heartbeat_at_ms: number | null;
}
