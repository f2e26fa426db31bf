import { CodedError } from '../core/errors.js';

/** Which system an error came from. */
export type PlatformName = 'ttp' | 'srp' | 'registry';

/** Stable codes: stored with failed runs and matched on by callers. */
export type PlatformErrorCode =
  | 'PLATFORM_5XX'
  | 'PLATFORM_RATE_LIMITED'
  | 'PLATFORM_TIMEOUT'
  | 'PLATFORM_NETWORK'
  | 'PLATFORM_4XX'
  | 'PLATFORM_AUTH'
  | 'PLATFORM_SCHEMA'
  | 'PLATFORM_TOO_LARGE';

/**
 * The structured part of an error body (`{"code","message",...}`). Kept apart from the message,
 * which never quotes what the server or the caller sent.
 */
export interface ServerError {
  code: string;
  message?: string;
  existingExternalId?: string | null;
  existingAccountId?: string | null;
  field?: string;
}

const RETRYABLE_BY_DEFAULT: Record<PlatformErrorCode, boolean> = {
  PLATFORM_5XX: true,
  PLATFORM_RATE_LIMITED: true,
  PLATFORM_TIMEOUT: true,
  PLATFORM_NETWORK: true,
  // A truncated or garbled page is usually a transient fault of the server or the path to it.
  PLATFORM_SCHEMA: true,
  PLATFORM_4XX: false,
  PLATFORM_AUTH: false,
  PLATFORM_TOO_LARGE: false,
};

export interface PlatformErrorInit {
  code: PlatformErrorCode;
  platform: PlatformName;
  message: string;
  status?: number;
  retryable?: boolean;
  /** From `Retry-After`: the server asked for at least this long before the next call. */
  retryAfterMs?: number;
  serverError?: ServerError;
  cause?: unknown;
}

/** A failure talking to one platform. Messages name the call and status, never a request body. */
export class PlatformError extends CodedError<PlatformErrorCode> {
  override readonly name = 'PlatformError';
  readonly platform: PlatformName;
  readonly status?: number;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly serverError?: ServerError;

  constructor(init: PlatformErrorInit) {
    super(init.code, init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.platform = init.platform;
    this.retryable = init.retryable ?? RETRYABLE_BY_DEFAULT[init.code];
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.serverError !== undefined) this.serverError = init.serverError;
  }
}

export function isPlatformError(e: unknown): e is PlatformError {
  return e instanceof PlatformError;
}
