import type { RunRecord } from '../db/repositories/sync-run.repository.js';
import { coerceError } from '../core/errors.js';

export interface Check {
  ok: boolean;
  error?: string;
}

export interface HealthReport {
  ok: boolean;
  database: Check;
  redis: Check;
  /** The newest run; its age counts from its end, or from its start while it runs. */
  lastRun: { id: number; status: string; ageSeconds: number } | null;
  /** Why it is not healthy; empty when it is. */
  problems: string[];
}

/** Statuses that need a person: the run did not do its work (a safety stop waits for a decision). */
const BAD_STATUSES = new Set(['failed', 'aborted', 'stopped', 'halted']);

/**
 * Healthy: the database and Redis answer, and the newest run neither ended badly nor is older than
 * `maxRunAgeMs` (a schedule that stopped firing, or a run stuck for that long). No run yet is
 * healthy: a new installation waits for its first slot.
 */
export function judgeHealth(input: { database: Check; redis: Check; lastRun: RunRecord | undefined; nowMs: number; maxRunAgeMs: number }): HealthReport {
  const problems: string[] = [];
  if (!input.database.ok) problems.push(`database: ${input.database.error ?? 'no answer'}`);
  if (!input.redis.ok) problems.push(`redis: ${input.redis.error ?? 'no answer'}`);
  const r = input.lastRun;
  let lastRun: HealthReport['lastRun'] = null;
  if (r) {
    const ageMs = Math.max(0, input.nowMs - (r.finishedAtMs ?? r.startedAtMs));
    lastRun = { id: r.id, status: r.status, ageSeconds: Math.round(ageMs / 1000) };
    if (BAD_STATUSES.has(r.status)) problems.push(`last run ${r.id} ${r.status}${r.error ? `: ${r.error.slice(0, 200)}` : r.safetyReason ? `: ${r.safetyReason}` : ''}`);
    if (ageMs > input.maxRunAgeMs) problems.push(`last run ${r.id} is ${Math.round(ageMs / 3_600_000)} h old`);
  }
  return { ok: problems.length === 0, database: input.database, redis: input.redis, lastRun, problems };
}

/** Runs a check that may hang (a database or Redis that went away) with a deadline. */
export async function timedCheck(fn: () => Promise<unknown>, ms: number): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([fn(), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); })]);
    return { ok: true };
  } catch (e) {
    return { ok: false, error: coerceError(e).message };
  } finally {
    clearTimeout(timer);
  }
}
