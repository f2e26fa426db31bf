import { z } from 'zod';
import { coerceError } from '../../core/errors.js';
import { PlatformError, type PlatformName } from '../errors.js';
import { createHttpClient, type HttpCallEvent, type HttpClient, type HttpLogger, type TokenProvider } from './http-client.js';

export interface TokenProviderOptions {
  platform: PlatformName;
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Clock in epoch milliseconds; injectable so expiry can be tested without waiting. */
  now?: () => number;
  /** Renew this long before the token expires. */
  renewBeforeMs?: number;
  timeoutMs?: number;
  httpsAgent?: unknown;
  logger?: HttpLogger;
  onCall?: (e: HttpCallEvent) => void;
}

export interface ClientCredentialsTokenProvider extends TokenProvider {
  close(): void;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive(),
});

interface CachedToken {
  value: string;
  /** Epoch ms after which the token is renewed before use. */
  renewAt: number;
}

/**
 * OAuth 2.0 client credentials (`POST /oauth/token`), cached until shortly before expiry; callers
 * that ask at the same time share one request. The token call is made once, not retried here: it
 * runs inside an attempt of the calling client, whose p-retry covers it (no third retry layer).
 */
export function createTokenProvider(opts: TokenProviderOptions): ClientCredentialsTokenProvider {
  const now = opts.now ?? Date.now;
  const renewBeforeMs = opts.renewBeforeMs ?? 60_000;
  const http: HttpClient = createHttpClient({
    platform: opts.platform,
    baseUrl: opts.baseUrl,
    retries: 0,
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.httpsAgent !== undefined ? { httpsAgent: opts.httpsAgent } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...(opts.onCall ? { onCall: opts.onCall } : {}),
  });
  let cached: CachedToken | null = null;
  let inFlight: Promise<CachedToken> | null = null;

  const fetchToken = async (): Promise<CachedToken> => {
    const requestedAt = now();
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: opts.clientId,
      client_secret: opts.clientSecret,
    });
    let body: z.infer<typeof tokenResponseSchema>;
    try {
      body = await http.post('/oauth/token', form, tokenResponseSchema);
    } catch (e) {
      // Bad credentials come back as 400 invalid_client or 401: both mean "fix the configuration".
      if (e instanceof PlatformError && (e.status === 400 || e.status === 401 || e.status === 403)) {
        throw new PlatformError({
          code: 'PLATFORM_AUTH', platform: opts.platform, status: e.status,
          message: `${opts.platform}: token request refused (HTTP ${e.status}); check the client id and secret`, cause: e,
        });
      }
      throw coerceError(e);
    }
    const lifetimeMs = body.expires_in * 1000;
    // A token that lives less than twice the margin is renewed halfway through its life instead.
    const margin = Math.min(renewBeforeMs, lifetimeMs / 2);
    return { value: body.access_token, renewAt: requestedAt + lifetimeMs - margin };
  };

  const waitFor = <T>(p: Promise<T>, signal?: AbortSignal): Promise<T> => {
    if (!signal) return p;
    if (signal.aborted) return Promise.reject(coerceError(signal.reason));
    // The shared request goes on for the other callers; only this caller stops waiting.
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(coerceError(signal.reason));
      signal.addEventListener('abort', onAbort, { once: true });
      void p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  };

  return {
    async getToken(signal) {
      if (cached && now() < cached.renewAt) return cached.value;
      if (!inFlight) {
        inFlight = fetchToken().then(
          (t) => {
            cached = t;
            inFlight = null;
            return t;
          },
          (e: unknown) => {
            inFlight = null;
            throw e;
          },
        );
      }
      return (await waitFor(inFlight, signal)).value;
    },
    invalidate(token) {
      // A caller holding an older token must not throw away the one another caller just renewed.
      if (token === undefined || cached?.value === token) cached = null;
    },
    close() {
      http.close();
    },
  };
}
