import type { FastifyInstance } from 'fastify';
import type { Access } from '../access.js';
import type { ConsoleDeps } from '../console-deps.js';
import type { OidcClient } from '../oidc.js';

/** What every group of routes is given. */
export interface RouteContext {
  deps: ConsoleDeps;
  access: Access;
  oidc: OidcClient;
}

/** A page's routes: one file per page, listed in ./index.ts. */
export type RouteModule = (app: FastifyInstance, ctx: RouteContext) => void;
