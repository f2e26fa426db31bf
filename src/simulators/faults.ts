/**
 * Faults a simulator injects into its answers. Every field may be changed at any time, by a test or
 * a benchmark, and takes effect on the next request.
 */
export interface FaultConfig {
  /** Share (0..1) of API calls answered 500, 502 or 503. */
  errorRate?: number;
  /** Share answered 429 with Retry-After. */
  rateLimitRate?: number;
  /** Retry-After on 429 and 503, seconds. Default 1. */
  retryAfterSeconds?: number;
  /** Fixed delay before every API answer. */
  delayMs?: number;
  /** Share of calls never answered: the socket stays open until the client gives up. */
  hangRate?: number;
  /** Share of calls whose socket is destroyed without an answer. */
  resetRate?: number;
  /** Student-record platform only: extra delay for each batch call. */
  batchDelayMs?: number;
  /** One-shot: the next list page is answered 200 with a Content-Length it does not fulfil, then the socket closes. */
  truncateNextPage?: boolean;
  /** One-shot: the next list page is a complete 200 answer whose JSON body is cut off in the middle. */
  invalidJsonNextPage?: boolean;
  /**
   * One-shot countdown: the Nth authenticated call from now finds every token issued so far revoked
   * (and is answered 401 TOKEN_REVOKED), as when an administrator revokes the client mid-run.
   */
  revokeTokensAfter?: number;
  /** Every Nth authenticated call finds every token issued so far revoked. */
  revokeTokensEvery?: number;
}

/** What the simulator does with one request before it looks at it. */
export type FaultDecision = { kind: 'none' } | { kind: 'hang' } | { kind: 'reset' } | { kind: 'rate-limit' } | { kind: 'error'; status: 500 | 502 | 503 };

/** Each fault is drawn on its own, in order of severity, so a rate means its share when the others are 0. */
export function decideFault(faults: FaultConfig, draw: () => number): FaultDecision {
  if (hit(faults.hangRate, draw)) return { kind: 'hang' };
  if (hit(faults.resetRate, draw)) return { kind: 'reset' };
  if (hit(faults.rateLimitRate, draw)) return { kind: 'rate-limit' };
  if (hit(faults.errorRate, draw)) {
    const statuses = [500, 502, 503] as const;
    return { kind: 'error', status: statuses[Math.floor(draw() * 3)] ?? 500 };
  }
  return { kind: 'none' };
}

function hit(rate: number | undefined, draw: () => number): boolean {
  return rate !== undefined && rate > 0 && draw() < rate;
}
