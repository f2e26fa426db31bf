export interface SyncCursorTable {
  name: string;
  value_ms: number;
  run_id: number;
}
