import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../log/logger.js';
import type { HealthReport } from './health.js';
import { coerceError } from '../core/errors.js';

export interface HttpEndpoint {
  /** `http://host:port`, the port as bound. */
  url: string;
  close(): Promise<void>;
}

/** `GET /healthz` (200 or 503, JSON) and `GET /metrics` (Prometheus text format). */
export async function startHttpServer(input: { host: string; port: number; health: () => Promise<HealthReport>; registry: Registry; log: Logger }): Promise<HttpEndpoint> {
  const { registry, log } = input;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'only GET\n');
    if (path === '/healthz') {
      input.health().then(
        (h) => send(h.ok ? 200 : 503, 'application/json', `${JSON.stringify(h)}\n`),
        (e: unknown) => send(503, 'application/json', `${JSON.stringify({ ok: false, problems: [coerceError(e).message] })}\n`),
      );
      return;
    }
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => send(200, registry.contentType, text),
        (e: unknown) => {
          log.warn({ err: coerceError(e).message }, 'metrics collection failed');
          send(500, 'text/plain', 'metrics collection failed\n');
        },
      );
      return;
    }
    send(404, 'text/plain', 'not found: try /healthz or /metrics\n');
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(input.port, input.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = input.host.includes(':') ? `[${input.host}]` : input.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
