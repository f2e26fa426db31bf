import csrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply } from 'fastify';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The form field every page's forms carry (see `csrfField` in ../layout.ts). */
export const CSRF_FIELD = '_csrf';

/**
 * Every request that changes something (any method but GET, HEAD and OPTIONS) must carry the
 * session's CSRF token, in the form field `_csrf` or the `x-csrf-token` header; checked once the
 * body is parsed, before any handler runs.
 */
export async function registerCsrf(app: FastifyInstance): Promise<void> {
  await app.register(csrf, {
    sessionPlugin: '@fastify/secure-session',
    getToken: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      const field = body && typeof body === 'object' ? body[CSRF_FIELD] : undefined;
      if (typeof field === 'string') return field;
      const header = req.headers['x-csrf-token'];
      return typeof header === 'string' ? header : undefined;
    },
  });
  app.addHook('preValidation', (request, reply, done) => {
    if (SAFE.has(request.method)) {
      done();
      return;
    }
    app.csrfProtection(request, reply, done);
  });
}

/** The token for the forms of the page being rendered (one per session). */
export function csrfToken(reply: FastifyReply): string {
  return reply.generateCsrf();
}
