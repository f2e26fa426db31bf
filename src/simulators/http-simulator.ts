import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ApiError } from './api-error.js';
import { decideFault, type FaultConfig, type FaultDecision } from './faults.js';
import { TokenStore, type ClientCredentials } from './oauth.js';
import { Random } from './random.js';

export interface SimulatorStats {
  /** Requests by route, e.g. `GET /api/v1/teachers`, `PUT /api/v1/teacher-accounts/{externalId}`. */
  requests: Record<string, number>;
  total: number;
  tokensIssued: number;
  faultsInjected: number;
}

export interface SimulatorBaseOptions {
  /** Seeds the fault draws, so a run with the same requests meets the same faults. Default 1. */
  seed?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default Date.now. */
  clock?: () => number;
  /** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
  tls?: SimulatorTls;
}

export interface SimulatorTls {
  key: string | Buffer;
  cert: string | Buffer;
}

/** One routed request, as `onRequest` sees it once its fault (if any) is decided. */
export interface RequestEvent {
  /** e.g. `GET /api/v1/teachers`. */
  route: string;
  /** Real clock, epoch milliseconds (not the pinnable simulator clock). */
  atMs: number;
  fault: FaultDecision['kind'];
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body as JSON; 400 INVALID_JSON when it is not. */
  json(): Promise<unknown>;
  /** The body as `application/x-www-form-urlencoded`. */
  form(): Promise<URLSearchParams>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT';
  /** Path template, `{name}` for a parameter. */
  path: string;
  auth: boolean;
  /** A paged list: subject to the truncated-page and invalid-JSON faults. */
  list?: boolean;
  handle(ctx: RouteContext): Reply | Promise<Reply>;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * What the three simulators share: a node:http server on loopback, routing, OAuth client
 * credentials, fault injection, an injectable clock and request counters.
 */
export abstract class HttpSimulator<S extends SimulatorStats = SimulatorStats> {
  /** Mutable at any time; read on every request. */
  faults: FaultConfig = {};
  readonly stats: S;
  /** Watches every routed request, e.g. to check how long a client waited after a 429. */
  onRequest: ((e: RequestEvent) => void) | null = null;

  private server: Server | HttpsServer | null = null;
  private address: string | null = null;
  private table: { route: Route; segments: string[] }[] = [];
  private fixedNow: number | null = null;
  private readonly clock: () => number;
  private readonly host: string;
  private readonly tls: SimulatorTls | null;
  private readonly faultRandom: Random;
  private authenticatedCalls = 0;
  protected readonly tokens: TokenStore | null;

  protected constructor(opts: SimulatorBaseOptions, credentials: ClientCredentials | null, extraStats: Omit<S, keyof SimulatorStats>) {
    this.host = opts.host ?? '127.0.0.1';
    this.tls = opts.tls ?? null;
    this.clock = opts.clock ?? Date.now;
    this.faultRandom = new Random(opts.seed ?? 1).fork('faults');
    this.tokens = credentials ? new TokenStore(credentials) : null;
    this.stats = { requests: {}, total: 0, tokensIssued: 0, faultsInjected: 0, ...extraStats } as S;
  }

  protected abstract routes(): Route[];

  /** Base URL, e.g. `http://127.0.0.1:41234` (`https://` with the tls option). */
  get url(): string {
    if (this.address === null) throw new Error('simulator not started');
    return this.address;
  }

  /** The simulator clock, epoch milliseconds. */
  now(): number {
    return this.fixedNow ?? this.clock();
  }

  /** Pins the clock (token expiry, updatedAt of edits); null returns to the real one. */
  setNow(ms: number | null): void {
    this.fixedNow = ms;
  }

  /** Every token issued so far is answered 401 TOKEN_REVOKED from now on. */
  revokeTokens(): void {
    this.tokens?.revokeAll();
  }

  /** The bearer tokens this simulator has handed out. */
  issuedTokens(): string[] {
    return this.tokens?.issued() ?? [];
  }

  async start(port = 0): Promise<string> {
    if (this.server) return this.url;
    this.table = [...this.tokenRoutes(), ...this.routes()].map((route) => ({ route, segments: route.path.split('/') }));
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      this.dispatch(req, res).catch(() => res.destroy());
    };
    const server = this.tls ? createHttpsServer({ key: this.tls.key, cert: this.tls.cert }, handler) : createServer(handler);
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const { port: bound } = server.address() as AddressInfo;
    this.address = `${this.tls ? 'https' : 'http'}://${this.host.includes(':') ? `[${this.host}]` : this.host}:${bound}`;
    return this.address;
  }

  /** Stops listening and drops every connection, hung ones included. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  private tokenRoutes(): Route[] {
    const tokens = this.tokens;
    if (!tokens) return [];
    return [
      {
        method: 'POST',
        path: '/oauth/token',
        auth: false,
        handle: async (ctx) => {
          const body = tokens.grant(await ctx.form(), ctx.headers.authorization, this.now());
          this.stats.tokensIssued++;
          return { status: 200, body, headers: { 'cache-control': 'no-store' } };
        },
      },
    ];
  }

  private match(method: string, pathname: string): { route: Route; params: Record<string, string> } | 'wrong-method' | null {
    const parts = pathname.replace(/\/+$/, '').split('/');
    let pathMatched = false;
    for (const { route, segments } of this.table) {
      if (segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segments.length && ok; i++) {
        const seg = segments[i] ?? '';
        const part = parts[i] ?? '';
        if (seg.startsWith('{') && seg.endsWith('}')) {
          try {
            params[seg.slice(1, -1)] = decodeURIComponent(part);
          } catch {
            ok = false;
          }
        } else ok = seg === part;
      }
      if (!ok) continue;
      if (route.method === method) return { route, params };
      pathMatched = true;
    }
    return pathMatched ? 'wrong-method' : null;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const method = req.method ?? 'GET';
    const found = this.match(method, url.pathname);
    if (found === null || found === 'wrong-method') {
      const err = found === null ? new ApiError(404, 'NOT_FOUND', `no route ${url.pathname}`) : new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} not allowed on ${url.pathname}`);
      this.send(res, { status: err.status, body: err.body() }, false);
      return;
    }
    const { route, params } = found;
    const key = `${route.method} ${route.path}`;
    this.stats.requests[key] = (this.stats.requests[key] ?? 0) + 1;
    this.stats.total++;
    if (route.auth) this.revokeOnSchedule();

    const delay = this.faults.delayMs ?? 0;
    if (delay > 0) await sleep(delay);
    if (res.destroyed) return;
    if (this.injectFault(req, res, key)) return;

    let reply: Reply;
    try {
      if (route.auth) this.tokens?.authorize(req.headers.authorization, this.now());
      const body = lazyBody(req);
      reply = await route.handle({
        params,
        query: url.searchParams,
        headers: req.headers,
        json: async () => {
          const text = (await body()).toString('utf8');
          try {
            return JSON.parse(text) as unknown;
          } catch {
            throw new ApiError(400, 'INVALID_JSON', 'the body is not JSON');
          }
        },
        form: async () => new URLSearchParams((await body()).toString('utf8')),
      });
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(500, 'INTERNAL_ERROR', e instanceof Error ? e.message : String(e));
      reply = { status: err.status, body: err.body(), headers: err.headers };
    }
    if (res.destroyed) return;
    this.send(res, reply, route.list === true);
  }

  /** The token-revoking faults, counted in authenticated calls: the call that triggers one meets it. */
  private revokeOnSchedule(): void {
    this.authenticatedCalls++;
    const f = this.faults;
    let revoke = false;
    if (f.revokeTokensAfter !== undefined && f.revokeTokensAfter > 0) {
      f.revokeTokensAfter--;
      if (f.revokeTokensAfter === 0) {
        f.revokeTokensAfter = undefined;
        revoke = true;
      }
    }
    if (f.revokeTokensEvery !== undefined && f.revokeTokensEvery > 0 && this.authenticatedCalls % f.revokeTokensEvery === 0) revoke = true;
    if (!revoke) return;
    this.revokeTokens();
    this.stats.faultsInjected++;
  }

  /** True when the request was consumed by a fault. */
  private injectFault(req: IncomingMessage, res: ServerResponse, route: string): boolean {
    const fault = decideFault(this.faults, () => this.faultRandom.next());
    this.onRequest?.({ route, atMs: Date.now(), fault: fault.kind });
    if (fault.kind === 'none') return false;
    this.stats.faultsInjected++;
    const retryAfter = String(this.faults.retryAfterSeconds ?? 1);
    switch (fault.kind) {
      case 'hang':
        // Nothing is written; the client's timeout (or close()) ends it.
        return true;
      case 'reset':
        req.socket.destroy();
        return true;
      case 'rate-limit': {
        const err = new ApiError(429, 'RATE_LIMITED', 'too many requests');
        this.send(res, { status: 429, body: err.body(), headers: { 'retry-after': retryAfter } }, false);
        return true;
      }
      case 'error': {
        const codes = { 500: 'INTERNAL_ERROR', 502: 'BAD_GATEWAY', 503: 'SERVICE_UNAVAILABLE' } as const;
        const err = new ApiError(fault.status, codes[fault.status], 'injected fault');
        this.send(res, { status: fault.status, body: err.body(), headers: fault.status === 503 ? { 'retry-after': retryAfter } : {} }, false);
        return true;
      }
    }
  }

  private send(res: ServerResponse, reply: Reply, list: boolean): void {
    const text = JSON.stringify(reply.body);
    const headers: Record<string, string | number> = { 'content-type': 'application/json; charset=utf-8', ...reply.headers };
    if (list && reply.status === 200 && this.faults.truncateNextPage) {
      this.faults.truncateNextPage = false;
      this.stats.faultsInjected++;
      const full = Buffer.from(text, 'utf8');
      res.writeHead(200, { ...headers, 'content-length': full.length });
      res.write(full.subarray(0, full.length >> 1), () => res.destroy());
      return;
    }
    if (list && reply.status === 200 && this.faults.invalidJsonNextPage) {
      this.faults.invalidJsonNextPage = false;
      this.stats.faultsInjected++;
      const cut = Buffer.from(text.slice(0, text.length >> 1), 'utf8');
      res.writeHead(200, { ...headers, 'content-length': cut.length });
      res.end(cut);
      return;
    }
    const buf = Buffer.from(text, 'utf8');
    res.writeHead(reply.status, { ...headers, 'content-length': buf.length });
    res.end(buf);
  }
}

/** Reads the body at most once, on first use, refusing more than MAX_BODY_BYTES. */
function lazyBody(req: IncomingMessage): () => Promise<Buffer> {
  let pending: Promise<Buffer> | null = null;
  return () => {
    pending ??= new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          reject(new ApiError(413, 'PAYLOAD_TOO_LARGE', `the body is larger than ${MAX_BODY_BYTES} bytes`));
          req.removeAllListeners('data');
          req.resume();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
    return pending;
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
