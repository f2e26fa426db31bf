import type { HttpClientOptions } from './http-client.js';

/** The tuning a platform client passes through to its HTTP client. */
export type HttpTuning = Pick<
  HttpClientOptions,
  'timeoutMs' | 'retries' | 'minRetryDelayMs' | 'maxRetryDelayMs' | 'maxRetryAfterMs' | 'httpsAgent' | 'logger' | 'onCall'
>;

const TUNING_KEYS = ['timeoutMs', 'retries', 'minRetryDelayMs', 'maxRetryDelayMs', 'maxRetryAfterMs', 'httpsAgent', 'logger', 'onCall'] as const;

/** Only the tuning keys that are set, so defaults apply to the rest. */
export function pickTuning(opts: HttpTuning): HttpTuning {
  const out: Record<string, unknown> = {};
  for (const k of TUNING_KEYS) if (opts[k] !== undefined) out[k] = opts[k];
  return out as HttpTuning;
}

export function checkPageSize(pageSize: number): number {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    throw new RangeError(`pageSize must be an integer from 1 to 1000, got ${pageSize}`);
  }
  return pageSize;
}
