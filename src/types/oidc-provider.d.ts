/** The part of oidc-provider 8 (which ships no types) that the demo identity provider uses. */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface AccountClaims {
    sub: string;
    [claim: string]: unknown;
  }
  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Promise<AccountClaims> | AccountClaims;
  }
  export interface InteractionDetails {
    uid: string;
    prompt: { name: string; details: Record<string, unknown> };
    params: Record<string, unknown> & { client_id: string };
  }
  export interface GrantInstance {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }
  export interface ProviderConfiguration {
    clients: readonly Record<string, unknown>[];
    findAccount(ctx: unknown, id: string): Promise<Account | undefined> | Account | undefined;
    claims?: Record<string, readonly string[]>;
    conformIdTokenClaims?: boolean;
    features?: Record<string, { enabled: boolean }>;
    interactions?: { url(ctx: unknown, interaction: { uid: string }): string | Promise<string> };
    pkce?: { required(ctx: unknown, client: unknown): boolean };
    cookies?: { keys: readonly string[] };
    jwks?: { keys: readonly Record<string, unknown>[] };
    ttl?: Record<string, number>;
    renderError?(ctx: { type: string; body: string }, out: Record<string, string>, error: Error): void | Promise<void>;
  }
  export default class Provider {
    constructor(issuer: string, configuration: ProviderConfiguration);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, opts?: { mergeWithLastSubmission?: boolean }): Promise<void>;
    Grant: new (init: { accountId: string; clientId: string }) => GrantInstance;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}
