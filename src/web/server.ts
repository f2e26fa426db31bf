import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { createAccess } from './access.js';
import type { ConsoleDeps } from './console-deps.js';
import { createOidcClient, type OidcClient } from './oidc.js';
import { registerCsrf } from './plugins/csrf.plugin.js';
import { registerErrorPages } from './plugins/errors.plugin.js';
import { registerSecurityHeaders } from './plugins/security.plugin.js';
import { registerSession } from './plugins/session.plugin.js';
import { registerSignInGuard } from './plugins/sign-in.plugin.js';
import { ROUTES } from './routes/index.js';

/**
 * The web console: one Fastify instance with one plugin per concern (headers, session and idle
 * timeout, sign-in guard, CSRF, login rate limit, error pages), then the pages' routes. Not yet
 * listening: `startConsole` listens, tests may `inject`.
 */
export async function buildConsole(deps: ConsoleDeps, opts: { oidc?: OidcClient } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // Typed as Fastify's logger, so that route modules take the plain FastifyInstance.
    loggerInstance: deps.log.child({ component: 'console' }) as FastifyBaseLogger,
    // Request lines would log URLs, and a URL may carry a search for a person: the routes log what matters.
    logController: new LogController({ disableRequestLogging: true }),
    // Behind the HTTPS proxy, the rate limit and the logs need the person's address, not the proxy's.
    trustProxy: deps.console.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
  });
  const secure = deps.console.secureCookies;
  await registerSecurityHeaders(app, { secure });
  await app.register(formbody);
  await registerSession(app, { secret: deps.console.sessionSecret, secure, idleTimeoutMs: deps.console.idleTimeoutMs, clock: deps.clock, roles: deps.console.roles });
  registerSignInGuard(app);
  await registerCsrf(app);
  await app.register(rateLimit, { global: false });
  registerErrorPages(app);
  const ctx = { deps, access: createAccess(deps.divisions), oidc: opts.oidc ?? createOidcClient(deps.console) };
  for (const routes of ROUTES) routes(app, ctx);
  await app.ready();
  return app;
}

export interface RunningConsole {
  app: FastifyInstance;
  /** Where it listens, e.g. http://127.0.0.1:8080. */
  url: string;
  close(): Promise<void>;
}

/** Builds the console and listens on the configured host and port (0: any free port). */
export async function startConsole(deps: ConsoleDeps, opts: { host?: string; port?: number; oidc?: OidcClient } = {}): Promise<RunningConsole> {
  const app = await buildConsole(deps, opts);
  const host = opts.host ?? deps.console.host;
  await app.listen({ host, port: opts.port ?? deps.console.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, close: () => app.close() };
}
