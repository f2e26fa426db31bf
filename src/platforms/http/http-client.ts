import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import pRetry, { AbortError, type RetryContext } from 'p-retry';
import type { z } from 'zod';
import { coerceError } from '../../core/errors.js';
import { PlatformError, type PlatformName } from '../errors.js';
import { errorFromStatus, errorFromTransport, type CallSite } from './error-mapping.js';

/** Supplies bearer tokens; the HTTP client asks for one per call and drops it on a 401. */
export interface TokenProvider {
  getToken(signal?: AbortSignal): Promise<string>;
  /** Forget `token` (or whatever is cached when omitted) so the next `getToken` fetches anew. */
  invalidate(token?: string): void;
}

export interface HttpLogger {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** One HTTP exchange (an attempt, not a logical call): for metrics and traces. */
export interface HttpCallEvent {
  platform: PlatformName;
  method: string;
  path: string;
  status?: number;
  ms: number;
  /** A PlatformError code when the exchange failed. */
  error?: string;
}

export interface HttpClientOptions {
  platform: PlatformName;
  baseUrl: string;
  /** Per exchange: no byte for this long and the attempt fails as PLATFORM_TIMEOUT. */
  timeoutMs?: number;
  /** Retries after the first attempt. */
  retries?: number;
  minRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Upper bound on a server's `Retry-After`, so a wild value cannot park a run for hours. */
  maxRetryAfterMs?: number;
  /** Largest response body accepted (bytes). */
  maxResponseBytes?: number;
  tokenProvider?: TokenProvider;
  /** An `https.Agent`, e.g. one built with a custom CA; keep-alive agents are made otherwise. */
  httpsAgent?: unknown;
  /** Resolves host names for the agents made here; Node's resolver (`dns.lookup`) by default. */
  lookup?: LookupFunction;
  logger?: HttpLogger;
  onCall?: (e: HttpCallEvent) => void;
}

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

export interface HttpClient {
  get<T>(path: string, params: QueryParams, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T>;
  post<T>(path: string, body: unknown, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T>;
  put<T>(path: string, body: unknown, schema: z.ZodType<T>, signal?: AbortSignal): Promise<{ status: number; data: T }>;
  /** Closes idle keep-alive sockets. */
  close(): void;
}

export const HTTP_DEFAULTS = {
  timeoutMs: 30_000,
  retries: 5,
  minRetryDelayMs: 500,
  maxRetryDelayMs: 30_000,
  maxRetryAfterMs: 300_000,
  maxResponseBytes: 64 * 1024 * 1024,
} as const;

interface Request {
  method: 'get' | 'post' | 'put';
  path: string;
  params?: QueryParams;
  body?: unknown;
}

/** Shortest delay p-retry itself will wait before retry number `retriesConsumed + 1` (randomize multiplies by 1..2). */
function backoffFloor(retriesConsumed: number, minMs: number, maxMs: number): number {
  return Math.min(Math.round(minMs * 2 ** retriesConsumed), maxMs);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

interface Tuning {
  retries: number;
  minRetryDelayMs: number;
  maxRetryDelayMs: number;
  maxRetryAfterMs: number;
}

function tuningOf(opts: HttpClientOptions): Tuning {
  const minRetryDelayMs = opts.minRetryDelayMs ?? HTTP_DEFAULTS.minRetryDelayMs;
  return {
    retries: opts.retries ?? HTTP_DEFAULTS.retries,
    minRetryDelayMs,
    maxRetryDelayMs: Math.max(opts.maxRetryDelayMs ?? HTTP_DEFAULTS.maxRetryDelayMs, minRetryDelayMs),
    maxRetryAfterMs: opts.maxRetryAfterMs ?? HTTP_DEFAULTS.maxRetryAfterMs,
  };
}

interface Agents {
  httpAgent: http.Agent;
  httpsAgent: https.Agent | undefined;
  close(): void;
}

function agentsFor(opts: HttpClientOptions): Agents {
  const lookup = opts.lookup ? { lookup: opts.lookup } : {};
  const httpAgent = new http.Agent({ keepAlive: true, ...lookup });
  const ownHttpsAgent = opts.httpsAgent === undefined ? new https.Agent({ keepAlive: true, ...lookup }) : undefined;
  return {
    httpAgent,
    httpsAgent: (opts.httpsAgent as https.Agent | undefined) ?? ownHttpsAgent,
    close: () => {
      httpAgent.destroy();
      ownHttpsAgent?.destroy();
    },
  };
}

function axiosFor(opts: HttpClientOptions, agents: Agents): AxiosInstance {
  return axios.create({
    baseURL: opts.baseUrl,
    timeout: opts.timeoutMs ?? HTTP_DEFAULTS.timeoutMs,
    httpAgent: agents.httpAgent,
    httpsAgent: agents.httpsAgent,
    // The contract has no redirects; following one could carry the bearer token elsewhere.
    maxRedirects: 0,
    maxContentLength: opts.maxResponseBytes ?? HTTP_DEFAULTS.maxResponseBytes,
    // Statuses and JSON are judged here, so every failure gets the same classification.
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    headers: { Accept: 'application/json', 'User-Agent': 'teacher-sync' },
  });
}

type Send = (req: Request, site: CallSite, token: string | null, signal?: AbortSignal) => Promise<AxiosResponse<unknown>>;

/** One exchange, reported (logged at debug, told to `onCall`) whether it got an answer or not. */
function sender(ax: AxiosInstance, opts: HttpClientOptions): Send {
  const report = (site: CallSite, started: number, status?: number, error?: PlatformError): void => {
    const e: HttpCallEvent = { platform: opts.platform, method: site.method.toUpperCase(), path: site.path, ms: Math.round(performance.now() - started) };
    if (status !== undefined) e.status = status;
    if (error) e.error = error.code;
    opts.logger?.debug({ ...e }, 'platform call');
    opts.onCall?.(e);
  };
  return async (req, site, token, signal) => {
    const started = performance.now();
    try {
      const res = await ax.request<unknown>({
        method: req.method, url: req.path, params: req.params, data: req.body,
        headers: token === null ? {} : { Authorization: `Bearer ${token}` }, signal,
      });
      report(site, started, res.status);
      return res;
    } catch (e) {
      if (signal?.aborted) throw new AbortError(coerceError(signal.reason));
      const err = errorFromTransport(site, e);
      report(site, started, undefined, err);
      throw err;
    }
  };
}

/** The body of a 2xx answer, parsed and checked against its schema. */
function parseBody<T>(site: CallSite, res: AxiosResponse<unknown>, schema: z.ZodType<T>): T {
  const { platform } = site;
  const where = `${platform} ${site.method.toUpperCase()} ${site.path}`;
  let json: unknown;
  try {
    json = JSON.parse(typeof res.data === 'string' ? res.data : '');
  } catch (e) {
    throw new PlatformError({ code: 'PLATFORM_SCHEMA', platform, status: res.status, message: `${where}: response is not JSON`, cause: coerceError(e) });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new PlatformError({
      code: 'PLATFORM_SCHEMA', platform, status: res.status, message: `${where}: unexpected response (${describeIssues(parsed.error)})`, cause: parsed.error,
    });
  }
  return parsed.data;
}

type Attempt = <T>(req: Request, schema: z.ZodType<T>, signal?: AbortSignal) => Promise<{ status: number; data: T }>;

/** One attempt; a single 401 inside it renews the token without spending a retry. */
function attempter(platform: PlatformName, send: Send, tokenProvider: TokenProvider | undefined): Attempt {
  const tokenFor = async (signal?: AbortSignal): Promise<string | null> => (tokenProvider ? tokenProvider.getToken(signal) : null);
  return async (req, schema, signal) => {
    const site: CallSite = { platform, method: req.method, path: req.path };
    let token = await tokenFor(signal);
    let res = await send(req, site, token, signal);
    if (res.status === 401 && tokenProvider && token !== null) {
      tokenProvider.invalidate(token);
      token = await tokenFor(signal);
      res = await send(req, site, token, signal);
    }
    if (res.status < 200 || res.status > 299) throw errorFromStatus(site, res.status, res.headers as Record<string, unknown>, res.data);
    return { status: res.status, data: parseBody(site, res, schema) };
  };
}

/** Logs a failed attempt that will be retried, and honours the server's Retry-After. */
async function beforeRetry(opts: HttpClientOptions, t: Tuning, req: Request, ctx: RetryContext, signal?: AbortSignal): Promise<void> {
  const { error, attemptNumber, retriesLeft, retriesConsumed } = ctx;
  if (!(error instanceof PlatformError) || !error.retryable) return;
  opts.logger?.warn(
    { platform: opts.platform, method: req.method.toUpperCase(), path: req.path, code: error.code, status: error.status, attemptNumber, retriesLeft },
    retriesLeft > 0 ? 'platform call failed, retrying' : 'platform call failed, no retries left',
  );
  if (retriesLeft <= 0 || error.retryAfterMs === undefined) return;
  // Honour Retry-After: top up p-retry's own backoff so the pause is at least what the server asked.
  const asked = Math.min(error.retryAfterMs, t.maxRetryAfterMs);
  const topUp = asked - backoffFloor(retriesConsumed, t.minRetryDelayMs, t.maxRetryDelayMs);
  if (topUp <= 0) return;
  try {
    await delay(topUp, undefined, signal ? { signal } : undefined);
  } catch (e) {
    throw signal?.aborted ? coerceError(signal.reason) : e;
  }
}

/**
 * An HTTP client for one platform: one axios instance, keep-alive sockets, bearer tokens, and
 * p-retry around each call (5xx, 429, timeouts, resets, refused connections, names that did not
 * resolve, bad JSON). Nothing else in the project retries
 * a call; the job queue retries whole jobs.
 */
export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const t = tuningOf(opts);
  const agents = agentsFor(opts);
  const attempt = attempter(opts.platform, sender(axiosFor(opts, agents), opts), opts.tokenProvider);

  const call = <T>(req: Request, schema: z.ZodType<T>, signal?: AbortSignal): Promise<{ status: number; data: T }> =>
    pRetry(
      async () => {
        try {
          return await attempt(req, schema, signal);
        } catch (e) {
          if (e instanceof AbortError) throw e;
          // Permanent failures (4xx, auth, too large) stop p-retry at once.
          if (e instanceof PlatformError && !e.retryable) throw new AbortError(e);
          throw e;
        }
      },
      {
        retries: t.retries, factor: 2, minTimeout: t.minRetryDelayMs, maxTimeout: t.maxRetryDelayMs, randomize: true, signal,
        shouldRetry: ({ error }) => error instanceof PlatformError && error.retryable,
        onFailedAttempt: (ctx) => beforeRetry(opts, t, req, ctx, signal),
      },
    );

  return {
    get: async (path, params, schema, signal) => (await call({ method: 'get', path, params }, schema, signal)).data,
    post: async (path, body, schema, signal) => (await call({ method: 'post', path, body }, schema, signal)).data,
    put: (path, body, schema, signal) => call({ method: 'put', path, body }, schema, signal),
    close: () => agents.close(),
  };
}
