import type { RegistryInstitution } from '../../core/types.js';

/** The national institution registry as last pulled. */
export interface RegistryStore {
  /** Writes these rows as listed by the run `runId` (new or changed ones: see core/listing-diff). */
  upsert(rows: readonly RegistryInstitution[], runId: number): Promise<void>;
  /** Removes these codes, no longer listed; how many. */
  remove(codes: readonly string[]): Promise<number>;
  count(): Promise<number>;
  all(): Promise<RegistryInstitution[]>;
  byCodes(codes: readonly string[]): Promise<RegistryInstitution[]>;
}
