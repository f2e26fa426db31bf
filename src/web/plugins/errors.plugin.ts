import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { scrubServerText } from '../../platforms/http/server-text.js';
import { AccessDeniedError, describeTarget, SignInRequiredError } from '../access.js';
import { sendPage } from '../layout.js';
import { statusBody, statusTitle, type StatusKind } from '../pages/status.page.js';

function roles(request: FastifyRequest): string[] {
  return [...new Set((request.person?.grants ?? []).map((g) => g.role))];
}

function route(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unknown';
}

function send(request: FastifyRequest, reply: FastifyReply, kind: StatusKind, status: number, signIn = false): FastifyReply {
  return sendPage(request, reply, { title: statusTitle(kind), body: statusBody(kind, { signIn }) }, status);
}

/**
 * Every error becomes a page in Chinese with the right status; the log line names the route, the
 * roles and the codes involved, never a person's data (messages are scrubbed of long numbers).
 */
export function registerErrorPages(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AccessDeniedError) {
      request.log.warn({ event: 'console.forbidden', method: request.method, route: route(request), action: error.action, target: describeTarget(error.target), roles: roles(request) }, 'console: access refused');
      return send(request, reply, 'forbidden', 403);
    }
    if (error instanceof SignInRequiredError) return send(request, reply, request.sessionExpired ? 'expired' : 'signInFailed', 401, true);
    if (typeof error.code === 'string' && error.code.startsWith('FST_CSRF')) {
      request.log.warn({ event: 'console.csrf', method: request.method, route: route(request), code: error.code, roles: roles(request) }, 'console: post without a valid CSRF token refused');
      return send(request, reply, 'csrf', 403);
    }
    if (error.statusCode === 429) return send(request, reply, 'tooMany', 429);
    if (error.validation || error.statusCode === 400) return send(request, reply, 'badRequest', 400);
    if (error.statusCode === 404) return send(request, reply, 'notFound', 404);
    request.log.error({ event: 'console.error', route: route(request), code: error.code, error: scrubServerText(error.message) }, 'console: request failed');
    return send(request, reply, 'failed', 500);
  });
  app.setNotFoundHandler((request, reply) => send(request, reply, 'notFound', 404));
}
