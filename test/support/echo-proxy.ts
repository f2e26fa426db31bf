import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Item {
  externalId?: string;
  name?: string;
  idNumber?: string;
  mobile?: string | null;
}

interface Result {
  externalId: string | null;
  status: number;
  error?: Record<string, unknown>;
}

export interface EchoProxy {
  url: string;
  /** Batch calls answered by the proxy itself with a 500 that quotes the first item. */
  failedBatches: number;
  /** Item results the proxy rewrote. */
  echoed: number;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A student-record platform that talks too much: in front of the simulator, it quotes the person
 * it was sent in every error it gives (message, code and field), answers the first batch call with
 * a 500 that does the same, and says 404 for the items in `notFound` (by externalId).
 */
export async function startEchoProxy(target: string, opts: { notFound: ReadonlySet<string> }): Promise<EchoProxy> {
  const state = { failedBatches: 0, echoed: 0 };
  const quote = (i: Item | undefined) => `${i?.name ?? ''} ${i?.idNumber ?? ''} ${i?.mobile ?? ''}`.trim();
  const server = createServer((req, res) => {
    void (async () => {
      const sent = await body(req);
      const batch = req.method === 'POST' && req.url === '/api/v1/teacher-accounts/batch';
      const items = batch ? ((JSON.parse(sent.toString('utf8')) as { items?: Item[] }).items ?? []) : [];
      if (batch && state.failedBatches === 0) {
        state.failedBatches++;
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 'INTERNAL_ERROR', message: `failed on ${quote(items[0])}`, field: items[0]?.idNumber }));
        return;
      }
      const headers: Record<string, string> = {};
      for (const h of ['authorization', 'content-type']) if (typeof req.headers[h] === 'string') headers[h] = req.headers[h];
      const upstream = await fetch(`${target}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(sent.length > 0 ? { body: sent } : {}) });
      let text = await upstream.text();
      if (batch && upstream.status === 200) {
        const parsed = JSON.parse(text) as { results: Result[] };
        parsed.results = parsed.results.map((r, i) => {
          const item = items[i];
          if (r.externalId !== null && opts.notFound.has(r.externalId)) {
            state.echoed++;
            return { externalId: r.externalId, status: 404, error: { code: 'SCHOOL_NOT_FOUND', message: `no school for ${quote(item)}`, field: item?.mobile ?? null } };
          }
          if (!r.error) return r;
          state.echoed++;
          return { ...r, error: { ...r.error, code: `${String(r.error['code'])} ${item?.idNumber ?? ''}`, message: `${String(r.error['message'])}: ${quote(item)}`, field: `${String(r.error['field'] ?? 'idNumber')}=${item?.idNumber ?? ''}` } };
        });
        text = JSON.stringify(parsed);
      }
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(text);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get failedBatches() {
      return state.failedBatches;
    },
    get echoed() {
      return state.echoed;
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
