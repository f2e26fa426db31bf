/** Forward-only cursors (epoch milliseconds) kept with the run that advanced them. */
export interface SyncCursorStore {
  get(name: string): Promise<number | null>;
  advance(name: string, valueMs: number, runId: number): Promise<void>;
}
