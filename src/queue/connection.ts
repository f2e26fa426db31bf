import { Redis } from 'ioredis';
import { CodedError, coerceError } from '../core/errors.js';
import type { Logger } from '../log/logger.js';

/** Redis did not answer at start: exit 1, naming where it was looked for. */
export class RedisUnavailableError extends CodedError<'REDIS_UNAVAILABLE'> {
  constructor(message: string, options?: { cause?: unknown }) {
    super('REDIS_UNAVAILABLE', message, options);
    this.name = 'RedisUnavailableError';
  }
}

/**
 * `service`: a daemon or worker. Its commands wait through an outage and are sent when Redis is
 * back (BullMQ's workers require `maxRetriesPerRequest: null`; a schedule slot enqueued during an
 * outage is enqueued when it ends). `command`: a CLI command, which fails at once instead.
 */
export type RedisRole = 'service' | 'command';

/** The URL without its password, for messages and logs. */
export function describeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return 'REDIS_URL';
  }
}

/** Reconnect after 0.4 s, 0.8 s, … at most every 5 s: an outage of any length is ridden out. */
function reconnectDelay(times: number): number {
  return Math.min(200 * 2 ** Math.min(times, 5), 5000);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms (${what})`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Opens a connection and waits for Redis to answer a PING; a clear error when it does not in time. */
export async function openRedis(url: string, opts: { role: RedisRole; connectTimeoutMs: number; log: Logger }): Promise<Redis> {
  const service = opts.role === 'service';
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: opts.connectTimeoutMs,
    maxRetriesPerRequest: service ? null : 1,
    retryStrategy: service ? reconnectDelay : (times) => (times > 1 ? null : 200),
  });
  // Until the start-up check has passed, errors are the check's to report.
  let down = true;
  let lastError: Error | null = null;
  client.on('error', (e: Error) => {
    lastError = e;
    if (down) return;
    down = true;
    opts.log.warn({ redis: describeRedisUrl(url), err: e.message }, 'Redis connection lost; reconnecting');
  });
  client.on('ready', () => {
    if (down && lastError) opts.log.info({ redis: describeRedisUrl(url) }, 'Redis connection back');
    down = false;
  });
  try {
    await withTimeout(client.connect().then(() => client.ping()), opts.connectTimeoutMs, 'connect and PING');
  } catch (e) {
    client.disconnect();
    const first = lastError ?? e;
    const firstError = coerceError(first);
    const reason = firstError.message || firstError.name;
    throw new RedisUnavailableError(`Redis at ${describeRedisUrl(url)} did not answer: ${reason}`, { cause: e });
  }
  down = false;
  return client;
}

/** Closes a connection politely, or drops it when Redis is not there to answer QUIT. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    await withTimeout(client.quit(), 2000, 'QUIT').catch(() => client.disconnect());
  } else client.disconnect();
}

/** Whether Redis answers now, within `ms`. */
export async function pingRedis(client: Redis, ms: number): Promise<{ ok: boolean; error?: string }> {
  if (client.status !== 'ready') return { ok: false, error: `connection ${client.status}` };
  try {
    await withTimeout(client.ping(), ms, 'PING');
    return { ok: true };
  } catch (e) {
    return { ok: false, error: coerceError(e).message };
  }
}
