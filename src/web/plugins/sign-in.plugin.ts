import type { FastifyInstance } from 'fastify';
import { SignInRequiredError } from '../access.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a session (sign-in, health, assets). Every other route needs one. */
    public?: boolean;
  }
}

/** A local path to come back to after sign-in: never another site. */
export function localPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) ? value : '/';
}

/**
 * Routes need a signed-in person unless marked `config: { public: true }`: a page asked for
 * without one sends the browser to sign in and back; anything else is refused with 401.
 */
export function registerSignInGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.public === true || request.person) return;
    if ((request.method === 'GET' || request.method === 'HEAD') && !request.sessionExpired && request.is404 !== true) {
      return reply.redirect(`/login?next=${encodeURIComponent(localPath(request.url))}`);
    }
    throw new SignInRequiredError();
  });
}
