import * as client from 'openid-client';
import type { ConsoleConfig } from '../config/config.js';
import { grantsOfClaims, type ConsolePerson } from '../core/console-access.js';

/** What the sign-in keeps between the redirect to the provider and its callback. */
export interface SignInStart {
  url: string;
  state: string;
  nonce: string;
  verifier: string;
}

export interface SignInResult {
  /** Null when the person's claims map to no role: signed in at the provider, not let in here. */
  person: ConsolePerson | null;
  /** The role claim's values, kept in the session so that grants follow the policy of the day. */
  roleValues: string[];
}

export interface OidcClient {
  start(): Promise<SignInStart>;
  finish(callbackUrl: URL, saved: { state: string; nonce: string; verifier: string }): Promise<SignInResult>;
}

export class SignInError extends Error {
  readonly code = 'CONSOLE_SIGN_IN_FAILED';
  constructor(message: string, opts?: { cause?: unknown }) {
    super(message, opts);
    this.name = 'SignInError';
  }
}

function claimValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Sign-in with OpenID Connect (authorization code, PKCE, state and nonce), the provider found by
 * discovery on first use and kept. The roles come from `cfg.roleClaim` of the ID token.
 */
export function createOidcClient(cfg: ConsoleConfig): OidcClient {
  let found: Promise<client.Configuration> | null = null;
  const configuration = () => {
    found ??= client
      .discovery(new URL(cfg.issuer), cfg.clientId, undefined, client.ClientSecretPost(cfg.clientSecret), {
        ...(cfg.issuer.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : {}),
        timeout: 10,
      })
      .catch((e: unknown) => {
        found = null;
        throw new SignInError('the identity provider could not be reached', { cause: e });
      });
    return found;
  };
  const redirectUri = `${cfg.publicUrl}/callback`;
  return {
    start: async () => {
      const config = await configuration();
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri, scope: 'openid profile', state, nonce,
        code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
      });
      return { url: url.href, state, nonce, verifier };
    },
    finish: async (callbackUrl, saved) => {
      const config = await configuration();
      let claims: client.IDToken | undefined;
      try {
        const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: saved.verifier, expectedState: saved.state, expectedNonce: saved.nonce, idTokenExpected: true,
        });
        claims = tokens.claims();
      } catch (e) {
        throw new SignInError('the identity provider did not confirm the sign-in', { cause: e });
      }
      if (!claims) throw new SignInError('no ID token');
      const roleValues = claimValues(claims[cfg.roleClaim]);
      const grants = grantsOfClaims(roleValues, cfg.roles);
      if (grants.length === 0) return { person: null, roleValues };
      const name = typeof claims['name'] === 'string' && claims['name'] ? claims['name'] : claims.sub;
      return { person: { subject: claims.sub, displayName: name, grants }, roleValues };
    },
  };
}
