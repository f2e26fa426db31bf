import { randomBytes } from 'node:crypto';
import { ApiError } from './api-error.js';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  tokenTtlSeconds: number;
}

interface IssuedToken {
  expiresAt: number;
  revoked: boolean;
}

/** Bearer tokens of the OAuth 2.0 client-credentials grant, checked against the simulator clock. */
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(private readonly credentials: ClientCredentials) {}

  /**
   * `POST /oauth/token`. Client credentials come in the form body, as the contract says, or by HTTP
   * Basic auth, which RFC 6749 also allows.
   */
  grant(form: URLSearchParams, authorization: string | undefined, now: number): Record<string, unknown> {
    let clientId = form.get('client_id');
    let clientSecret = form.get('client_secret');
    if (authorization?.startsWith('Basic ')) {
      const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0) {
        clientId = decodeURIComponent(decoded.slice(0, colon));
        clientSecret = decodeURIComponent(decoded.slice(colon + 1));
      }
    }
    const grantType = form.get('grant_type');
    if (grantType !== 'client_credentials') {
      throw new ApiError(400, 'UNSUPPORTED_GRANT_TYPE', 'grant_type must be client_credentials');
    }
    if (clientId !== this.credentials.clientId || clientSecret !== this.credentials.clientSecret) {
      throw new ApiError(401, 'INVALID_CLIENT', 'unknown client or wrong secret');
    }
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { expiresAt: now + this.credentials.tokenTtlSeconds * 1000, revoked: false });
    this.forgetExpired(now);
    return { access_token: token, token_type: 'Bearer', expires_in: this.credentials.tokenTtlSeconds };
  }

  /** Throws the 401 the platform gives for a missing, unknown, expired or revoked token. */
  authorize(authorization: string | undefined, now: number): void {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]) throw unauthorized('UNAUTHORIZED', 'a Bearer token is required');
    const issued = this.tokens.get(match[1]);
    if (!issued) throw unauthorized('INVALID_TOKEN', 'the token is not known');
    if (issued.revoked) throw unauthorized('TOKEN_REVOKED', 'the token was revoked');
    if (issued.expiresAt <= now) throw unauthorized('TOKEN_EXPIRED', 'the token has expired');
  }

  revokeAll(): void {
    for (const t of this.tokens.values()) t.revoked = true;
  }

  /** Every token still remembered, revoked or not (tests look for them where they must not be). */
  issued(): string[] {
    return [...this.tokens.keys()];
  }

  /** Revoked tokens are kept, so that their holders get TOKEN_REVOKED rather than INVALID_TOKEN. */
  private forgetExpired(now: number): void {
    if (this.tokens.size < 10_000) return;
    for (const [token, t] of this.tokens) if (t.expiresAt <= now) this.tokens.delete(token);
  }
}

function unauthorized(code: string, message: string): ApiError {
  return new ApiError(401, code, message, {}, { 'www-authenticate': `Bearer error="invalid_token", error_description="${message}"` });
}
