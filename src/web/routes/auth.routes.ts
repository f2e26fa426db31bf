import { isProvinceOperator, mayDoAnywhere } from '../../core/console-access.js';
import { sendPage } from '../layout.js';
import { SignInError } from '../oidc.js';
import { statusBody, statusTitle } from '../pages/status.page.js';
import { localPath } from '../plugins/sign-in.plugin.js';
import type { RouteModule } from './route-context.js';

/** Sign-in through the identity provider, its callback, sign-out, and the landing redirect. */
export const authRoutes: RouteModule = (app, { deps, oidc }) => {
  const rateLimit = { max: deps.console.loginRateLimit, timeWindow: '1 minute' };

  app.get('/login', { config: { public: true, rateLimit } }, async (request, reply) => {
    const next = localPath((request.query as Record<string, unknown>)['next']);
    let start;
    try {
      start = await oidc.start();
    } catch (e) {
      if (!(e instanceof SignInError)) throw e;
      request.log.warn({ event: 'console.provider-unreachable', reason: e.message }, 'console: identity provider unreachable');
      return sendPage(request, reply, { title: statusTitle('signInFailed'), body: statusBody('signInFailed', { signIn: true }) }, 503);
    }
    request.session.set('signIn', { state: start.state, nonce: start.nonce, verifier: start.verifier, next });
    return reply.redirect(start.url);
  });

  app.get('/callback', { config: { public: true, rateLimit } }, async (request, reply) => {
    const saved = request.session.get('signIn');
    request.session.set('signIn', undefined);
    const fail = (kind: 'signInFailed' | 'noRole', status: number) => sendPage(request, reply, { title: statusTitle(kind), body: statusBody(kind, { signIn: kind === 'signInFailed' }) }, status);
    if (!saved) return fail('signInFailed', 400);
    try {
      const { person, roleValues } = await oidc.finish(new URL(request.url, `${deps.console.publicUrl}/`), saved);
      if (!person) {
        request.log.warn({ event: 'console.no-role' }, 'console: signed in at the provider without a console role');
        return fail('noRole', 403);
      }
      // A new session for the signed-in person: nothing of the one before carries over.
      request.session.regenerate();
      request.session.set('signedIn', { subject: person.subject, displayName: person.displayName, roleValues });
      request.session.set('seen', deps.clock());
      request.log.info({ event: 'console.sign-in', roles: [...new Set(person.grants.map((g) => g.role))] }, 'console: signed in');
      return reply.redirect(saved.next);
    } catch (e) {
      if (!(e instanceof SignInError)) throw e;
      request.log.warn({ event: 'console.sign-in-failed', reason: e.message }, 'console: sign-in failed');
      return fail('signInFailed', 400);
    }
  });

  app.post('/logout', { config: { public: true } }, async (request, reply) => {
    request.session.delete();
    return reply.redirect('/signed-out', 303);
  });

  app.get('/signed-out', { config: { public: true } }, async (request, reply) =>
    sendPage(request, reply, { title: statusTitle('signedOut'), body: statusBody('signedOut', { signIn: true }) }));

  /** Where a person lands: the province and bureaus on the overview, a school on its shared codes. */
  app.get('/', async (request, reply) => {
    const person = request.person;
    if (person && (isProvinceOperator(person) || mayDoAnywhere(person, 'overview'))) return reply.redirect('/overview');
    return reply.redirect('/shared-codes');
  });
};
