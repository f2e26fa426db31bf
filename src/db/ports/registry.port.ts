import type { RegistryInstitution } from '../../core/types.js';

/** The national institution registry as last pulled. */
export interface RegistryStore {
  upsert(rows: readonly RegistryInstitution[], runId: number): Promise<void>;
  /** Removes what the run `runId` did not list; how many. */
  removeUnseen(runId: number): Promise<number>;
  count(): Promise<number>;
  all(): Promise<RegistryInstitution[]>;
  byCodes(codes: readonly string[]): Promise<RegistryInstitution[]>;
}
