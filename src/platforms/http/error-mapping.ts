import { isAxiosError } from 'axios';
import { PlatformError, type PlatformErrorCode, type PlatformName, type ServerError } from '../errors.js';
import { parseRetryAfter } from './retry-after.js';
import { scrubServerText } from './server-text.js';
import { errorCodeOf } from '../../core/errors.js';
import { coerceError } from '../../core/errors.js';

export interface CallSite {
  platform: PlatformName;
  method: string;
  path: string;
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
/** Node's codes for a server certificate that does not verify: no retry cures them. */
const TLS_CERT_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'CERT_SIGNATURE_FAILURE',
  'CERT_REVOKED', 'INVALID_CA', 'INVALID_PURPOSE', 'HOSTNAME_MISMATCH', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'UND_ERR_SOCKET',
]);
/**
 * A platform's name that did not resolve. A resolver that fails for a while (restarted, overloaded,
 * its upstream away) answers ENOTFOUND as readily as EAI_AGAIN, so both are transient: retried within
 * the same budget as a refused connection, and reported with the host when they persist.
 */
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN']);

function where(site: CallSite): string {
  return `${site.platform} ${site.method.toUpperCase()} ${site.path}`;
}

function codeOf(e: unknown): string | undefined {
  return errorCodeOf(e) ?? undefined;
}

/**
 * The low-level error with what a reader needs (message and errno code) and nothing else: an
 * AxiosError carries the request config, so its body (ID numbers) and Authorization header.
 */
function redactedCause(e: unknown): Error {
  const message = coerceError(e).message;
  const cause = new Error(message);
  const code = codeOf(e);
  if (code !== undefined) Object.assign(cause, { code });
  const inner = e instanceof Error && e.cause instanceof Error ? e.cause : undefined;
  if (inner) Object.assign(cause, { cause: redactedCause(inner) });
  return cause;
}

/** The host a failed name lookup was for, as Node's resolver reports it. */
function lookedUpHost(e: unknown): string {
  for (const x of [e, isAxiosError(e) ? e.cause : undefined]) {
    const host = (x as { hostname?: unknown } | null | undefined)?.hostname;
    if (typeof host === 'string' && host !== '') return host;
  }
  const named = /getaddrinfo \S+ (\S+)/.exec(e instanceof Error ? e.message : '');
  return named?.[1] ?? 'the platform host';
}

/** A call that got no complete response: timeout, reset, refused, cut off mid-body, a name not resolved. */
export function errorFromTransport(site: CallSite, e: unknown): PlatformError {
  const code = codeOf(e);
  const errno = codeOf(isAxiosError(e) ? e.cause : undefined);
  const message = e instanceof Error ? e.message : '';
  const cause = redactedCause(e);
  const dnsCode = [code, errno].find((c) => c !== undefined && DNS_CODES.has(c));
  if (dnsCode !== undefined) {
    return new PlatformError({
      code: 'PLATFORM_NETWORK', platform: site.platform, retryable: true, cause,
      message: `${where(site)}: transient network error: the name ${lookedUpHost(e)} did not resolve (${dnsCode})`,
    });
  }
  if ((code && TIMEOUT_CODES.has(code)) || (errno && TIMEOUT_CODES.has(errno)) || /timeout/i.test(message)) {
    return new PlatformError({ code: 'PLATFORM_TIMEOUT', platform: site.platform, message: `${where(site)}: timed out`, cause });
  }
  const tlsCode = [code, errno].find((c) => c !== undefined && TLS_CERT_CODES.has(c));
  if (tlsCode !== undefined) {
    return new PlatformError({
      code: 'PLATFORM_NETWORK', platform: site.platform, retryable: false, cause,
      message: `${where(site)}: TLS certificate of the platform not trusted: ${tlsCode}${message ? ` (${message.slice(0, 120)})` : ''}; ` +
        'the CA file (PLATFORM_CA_FILE) must hold the CA that signed it',
    });
  }
  if (/maxContentLength/.test(message)) {
    return new PlatformError({ code: 'PLATFORM_TOO_LARGE', platform: site.platform, message: `${where(site)}: response larger than allowed`, cause });
  }
  const transient =
    (code !== undefined && TRANSIENT_NETWORK_CODES.has(code)) ||
    (errno !== undefined && TRANSIENT_NETWORK_CODES.has(errno)) ||
    /socket hang up|stream has been aborted|aborted/i.test(message);
  return new PlatformError({
    code: 'PLATFORM_NETWORK',
    platform: site.platform,
    message: `${where(site)}: ${errno ?? code ?? 'network error'}${message ? ` (${message.slice(0, 120)})` : ''}`,
    retryable: transient,
    cause,
  });
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function strOrNull(v: unknown): string | null | undefined {
  return v === null ? null : str(v);
}

/** `{"code","message",...}` from an error body, when it is one. */
export function serverErrorOf(body: unknown): ServerError | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const o = parsed as Record<string, unknown>;
  const code = str(o['code']);
  if (code === undefined) return undefined;
  const out: ServerError = { code: scrubServerText(code, [], 64) };
  const message = str(o['message']);
  // Free text may quote what was sent: long numbers (ID numbers, mobiles) are cut out.
  if (message !== undefined) out.message = scrubServerText(message);
  const existingExternalId = strOrNull(o['existingExternalId']);
  if (existingExternalId !== undefined) out.existingExternalId = existingExternalId;
  const existingAccountId = strOrNull(o['existingAccountId']);
  if (existingAccountId !== undefined) out.existingAccountId = existingAccountId;
  const field = str(o['field']);
  if (field !== undefined) out.field = scrubServerText(field, [], 64);
  return out;
}

function codeForStatus(status: number): PlatformErrorCode {
  if (status === 401 || status === 403) return 'PLATFORM_AUTH';
  if (status === 413) return 'PLATFORM_TOO_LARGE';
  if (status === 429) return 'PLATFORM_RATE_LIMITED';
  if (status >= 500) return 'PLATFORM_5XX';
  if (status >= 400) return 'PLATFORM_4XX';
  // A redirect or an informational answer where JSON was due: the contract has none.
  return 'PLATFORM_SCHEMA';
}

/** A complete response with a status the caller cannot use. */
export function errorFromStatus(site: CallSite, status: number, headers: Record<string, unknown>, body: unknown): PlatformError {
  const code = codeForStatus(status);
  const serverError = serverErrorOf(body);
  const retryAfterMs = status === 429 || status >= 500 ? parseRetryAfter(headers['retry-after']) : undefined;
  // Only the server's UPPER_SNAKE code goes into the message: its free text may quote what was sent.
  const label = serverError && /^[A-Z0-9_]{1,64}$/.test(serverError.code) ? ` ${serverError.code}` : '';
  return new PlatformError({
    code,
    platform: site.platform,
    status,
    message: `${where(site)}: HTTP ${status}${label}`,
    ...(code === 'PLATFORM_SCHEMA' ? { retryable: false } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(serverError ? { serverError } : {}),
  });
}
