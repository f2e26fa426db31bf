import type { Logger } from 'pino';
import type { Policy } from '../config/config.js';
import type { ProvinceDivisions } from '../core/county-routing.js';
import type { DesiredAccount, RegistryInstitution, SourceTeacher, TargetSchool } from '../core/types.js';
import type { PiiCipher } from '../crypto/pii-cipher.js';
import type { PushAnswer } from '../core/push-result.js';
import type { ListedAccount } from '../core/reconciliation-findings.js';
import type { Storage } from '../db/port.js';

/** What the run needs from each platform; the HTTP clients satisfy these, and so could anything else. */
export interface TeacherSource {
  pages(opts: { updatedSince?: string; signal?: AbortSignal }): AsyncIterable<{
    records: SourceTeacher[];
    rejected: { teacherId: string | null; reason: string }[];
  }>;
}

export interface InstitutionSource {
  pages(signal?: AbortSignal): AsyncIterable<{
    records: RegistryInstitution[];
    rejected: { line: number | string; reason: string }[];
  }>;
}

export interface SchoolSource {
  schools(signal?: AbortSignal): AsyncIterable<TargetSchool[]>;
}

/** One account as pushed: what the platform should hold, under the daemon's external id. */
export interface PushItem extends DesiredAccount {
  externalId: string;
  /** Binds the external id to an existing account that has none (one made by hand). */
  accountId?: string;
}

/** The platform's answer for one pushed account, under the external id it was pushed as. */
export interface PushResult extends PushAnswer {
  externalId: string;
}

export type { ListedAccount } from '../core/reconciliation-findings.js';

export interface AccountTarget {
  pushBatch(items: PushItem[], signal?: AbortSignal): Promise<PushResult[]>;
  /** Every account the platform holds, a page at a time (reconciliation). */
  accounts(signal?: AbortSignal): AsyncIterable<ListedAccount[]>;
}

/** Progress of a phase, shown at a terminal; a no-op elsewhere. */
export interface ProgressReporter {
  start(phase: string, total: number | null): void;
  advance(by: number): void;
  finish(): void;
}

export const noProgress: ProgressReporter = { start() {}, advance() {}, finish() {} };

/** Everything a run touches, passed in: nothing is reached through a global. */
export interface SyncDeps {
  /** The database, through the storage port. */
  store: Storage;
  teachers: TeacherSource;
  registry: InstitutionSource;
  schools: SchoolSource;
  accounts: AccountTarget;
  cipher: PiiCipher;
  log: Logger;
  clock: () => number;
  policy: Policy;
  host: string;
  pid: number;
  /** Whether a process on this host is alive; used to take over the lock of a killed run at once. */
  isProcessAlive: (pid: number) => boolean;
  progress?: ProgressReporter;
  /** The configured province's divisions for routing findings; read from the copy shipped with the package when absent. */
  areaCodes?: ProvinceDivisions;
  /** Mails the reports of a finished run; without one, findings are stored but not sent. */
  reporter?: RunReporter;
  /** Told how many accounts each push ended with (the metrics). */
  onPushed?: (outcome: PushOutcome, n: number) => void;
}

/** ok: the platform took the account; refused: it answered 4xx for it; error: the batch could not be sent. */
export type PushOutcome = 'ok' | 'refused' | 'error';

/** Delivers what a finished run found. Must not throw: a report that cannot go out never fails a sync. */
export interface RunReporter {
  afterRun(runId: number): Promise<void>;
}

export interface SyncOptions {
  full: boolean;
  dryRun: boolean;
  allowMassDisable: boolean;
  /** Accept a source that lists much less than before (the upstream check only warns). */
  allowShrink?: boolean;
  /** Plan every person, not only those that changed since the last run. */
  replanAll?: boolean;
  signal?: AbortSignal;
}
