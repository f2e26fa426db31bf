import secureSession from '@fastify/secure-session';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { grantsOfClaims, type ConsoleGrant, type ConsolePerson } from '../../core/console-access.js';

/** What the sealed session cookie holds. */
declare module '@fastify/secure-session' {
  interface SessionData {
    /** Who signed in: the grants are worked out on every request from `roleValues` and the policy. */
    signedIn: { subject: string; displayName: string; roleValues: string[] };
    /** When the person last asked for a page (ms). */
    seen: number;
    /** Between the redirect to the identity provider and its callback. */
    signIn: { state: string; nonce: string; verifier: string; next: string };
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person, or null. */
    person: ConsolePerson | null;
    /** Set when this request found a session that had been idle too long (and ended it). */
    sessionExpired: boolean;
  }
}

export const SESSION_COOKIE = 'ts_console';

/**
 * A sealed (encrypted and authenticated) session cookie: httpOnly, SameSite=Lax, secure unless the
 * console runs on loopback by configuration. A session idle for longer than `idleTimeoutMs` ends.
 * The person's grants come from their role claim's values and today's `roles` mapping, so a
 * mapping taken away applies at once to sessions already open.
 */
export async function registerSession(app: FastifyInstance, opts: {
  secret: string; secure: boolean; idleTimeoutMs: number; clock: () => number; roles: Readonly<Record<string, ConsoleGrant>>;
}): Promise<void> {
  await app.register(secureSession, {
    cookieName: SESSION_COOKIE,
    secret: opts.secret,
    salt: 'teacher-sync-cs1',
    expiry: Math.ceil(opts.idleTimeoutMs / 1000) + 60,
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secure },
  });
  app.decorateRequest('person', null);
  app.decorateRequest('sessionExpired', false);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const signedIn = request.session.get('signedIn');
    if (!signedIn) return;
    const now = opts.clock();
    const seen = request.session.get('seen') ?? 0;
    if (now - seen > opts.idleTimeoutMs || now < seen - 60_000) {
      request.session.delete();
      request.sessionExpired = true;
      return;
    }
    const grants = grantsOfClaims(signedIn.roleValues, opts.roles);
    if (grants.length === 0) {
      request.session.delete();
      return;
    }
    request.person = { subject: signedIn.subject, displayName: signedIn.displayName, grants };
    request.session.set('seen', now);
  });
}
