/**
 * The one error model: every error of this program has a stable `code` that logs, stored runs and
 * scripts match on (the message is for people and may change). Codes are read with `errorCodeOf`
 * only, and anything caught is made an Error with `coerceError` only.
 */
export class CodedError<C extends string = string> extends Error {
  readonly code: C;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = 'CodedError';
  }
}

/** The stable code an error carries (ours, Node's `ECONNREFUSED`, a driver's), or null without one. */
export function errorCodeOf(e: unknown): string | null {
  if (typeof e !== 'object' || e === null) return null;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : null;
}

/** What an error says of retrying: false when it says no retry can cure it, true otherwise. */
export function isRetryable(e: unknown): boolean {
  return typeof e !== 'object' || e === null || (e as { retryable?: unknown }).retryable !== false;
}

/** The error another wraps (`{ cause }`), if any. */
export function causeOf(e: unknown): unknown {
  return typeof e === 'object' && e !== null ? (e as { cause?: unknown }).cause : undefined;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * Anything thrown, as an Error (catch sites receive `unknown`). A value that is not an Error is
 * never put into the message, nor kept as its cause: a thrown string or record may carry an ID
 * number or a name. The message names its type only.
 */
export function coerceError(e: unknown): Error {
  if (e instanceof Error) return e;
  return new CodedError('NON_ERROR_THROWN', `non-error thrown (${kindOf(e)})`);
}

/** The database did not answer (refused, unknown host, timed out, connection dropped), named by `host:port`. */
export class DatabaseUnreachableError extends CodedError<'DATABASE_UNREACHABLE'> {
  constructor(address: string, cause: unknown) {
    super('DATABASE_UNREACHABLE', `the database at ${address} did not answer: ${coerceError(cause).message}`, { cause });
    this.name = 'DatabaseUnreachableError';
  }
}

/**
 * Why a signal was aborted, as an Error. Unlike a thrown value, a reason is chosen by the code that
 * aborts (the queue's worker gives a string such as "shutting down"), so a short string is kept.
 */
export function abortReasonOf(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  if (r instanceof Error) return r;
  if (typeof r === 'string' && /^[a-z][a-z ,.'-]{0,79}$/i.test(r)) return new CodedError('ABORTED', r);
  return coerceError(r);
}
