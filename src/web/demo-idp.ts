import { generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { ConsoleGrant } from '../core/console-access.js';
import { escapeHtml } from './html.js';

/**
 * A real OpenID Connect provider (oidc-provider) on loopback with a few demo people, one of each
 * console role, for `npm run demo -- --serve` and the browser tests. The console signs in against
 * it exactly as against a production provider; nothing in the console knows it is a demo.
 */

export interface DemoUser {
  username: string;
  password: string;
  /** As the console shows it. */
  name: string;
  /** What the user is, for the demo's listing. */
  description: string;
  /** The value of the `groups` claim, and what the demo policy maps it to. */
  group: string;
  grant: ConsoleGrant;
}

export interface DemoClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface DemoIdp {
  issuer: string;
  users: readonly DemoUser[];
  close(): Promise<void>;
}

export interface DemoPlaces {
  /** A city (6 digits ending in 00) and a county of another city, both with findings. */
  city: string;
  county: string;
  /** An institution code that several campuses share. */
  sharedInstitution: string;
}

export const DEMO_PASSWORD = 'demo-only';

/** One demo person per role over the given places. */
export function demoUsers(places: DemoPlaces): DemoUser[] {
  return [
    { username: 'province', name: '张明（演示）', description: 'province operator: everything, every area', group: 'teacher-sync-province', grant: { role: 'province' } },
    { username: 'city', name: '李华（演示）', description: `city bureau ${places.city}: its findings, runs and teachers, read only`, group: `teacher-sync-bureau-${places.city}`, grant: { role: 'bureau', areas: [places.city] } },
    { username: 'county', name: '王芳（演示）', description: `county bureau ${places.county}: its findings, runs and teachers, read only`, group: `teacher-sync-bureau-${places.county}`, grant: { role: 'bureau', areas: [places.county] } },
    { username: 'school', name: '赵强（演示）', description: `school administrator of ${places.sharedInstitution}: its shared-code campuses`, group: `teacher-sync-school-${places.sharedInstitution}`, grant: { role: 'school', institutions: [places.sharedInstitution] } },
  ].map((u) => ({ ...u, password: DEMO_PASSWORD }) as DemoUser);
}

/** The `console.roles` mapping that goes with the demo people's groups. */
export function demoRoleMapping(users: readonly DemoUser[]): Record<string, ConsoleGrant> {
  return Object.fromEntries(users.map((u) => [u.group, u.grant]));
}

const TEXT = { title: '演示身份认证', user: '用户名', password: '密码', submit: '登录', wrong: '用户名或密码不正确。', users: '演示用户' };

function loginForm(uid: string, users: readonly DemoUser[], wrong: boolean): string {
  const rows = users.map((u) => `<li><code>${escapeHtml(u.username)}</code> ${escapeHtml(u.name)}</li>`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${TEXT.title}</title></head>
<body><main><h1>${TEXT.title}</h1>${wrong ? `<p role="alert">${TEXT.wrong}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<p><label>${TEXT.user} <input name="username" autocomplete="username" required></label></p>
<p><label>${TEXT.password} <input name="password" type="password" autocomplete="current-password" required></label></p>
<p><button type="submit">${TEXT.submit}</button></p></form>
<h2>${TEXT.users}</h2><ul>${rows}</ul><p>${TEXT.password}: <code>${DEMO_PASSWORD}</code></p></main></body></html>`;
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

function samePassword(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

/** Starts the provider on 127.0.0.1 (port 0: any free port) for the given clients and people. */
export async function startDemoIdp(opts: { users: readonly DemoUser[]; clients: readonly DemoClient[]; port?: number }): Promise<DemoIdp> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const byName = new Map(opts.users.map((u) => [u.username, u]));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: opts.clients.map((c) => ({
      client_id: c.clientId, client_secret: c.clientSecret, redirect_uris: [c.redirectUri],
      grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post',
    })),
    findAccount: (_ctx, id) => {
      const u = byName.get(id);
      return u ? { accountId: id, claims: () => ({ sub: id, name: u.name, groups: [u.group] }) } : undefined;
    },
    claims: { openid: ['sub'], profile: ['name', 'groups'] },
    // The console reads the roles from the ID token.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'demo', use: 'sig', alg: 'RS256' }] },
  });
  const callback = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', issuer);
    const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
    if (!m) {
      callback(req, res);
      return;
    }
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (req.method !== 'POST' || !m[2]) {
          send(res, 200, loginForm(details.uid, opts.users, false));
          return;
        }
        const form = await formOf(req);
        const user = byName.get(form.get('username') ?? '');
        if (!user || !samePassword(form.get('password') ?? '', user.password)) {
          send(res, 401, loginForm(details.uid, opts.users, true));
          return;
        }
        const grant = new provider.Grant({ accountId: user.username, clientId: details.params.client_id });
        grant.addOIDCScope('openid profile');
        await provider.interactionFinished(req, res, { login: { accountId: user.username }, consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: false });
      } catch {
        send(res, 400, `<!doctype html><p>${TEXT.title}: 会话已失效，请从控制台重新登录。</p>`);
      }
    })();
  });
  return {
    issuer,
    users: opts.users,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
