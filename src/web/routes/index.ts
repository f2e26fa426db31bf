import { assetRoutes } from './assets.routes.js';
import { auditRoutes } from './audit.routes.js';
import { authRoutes } from './auth.routes.js';
import { findingsRoutes } from './findings.routes.js';
import { healthRoutes } from './health.routes.js';
import { overridesRoutes } from './overrides.routes.js';
import { overviewRoutes } from './overview.routes.js';
import { reassignRoutes } from './reassign.routes.js';
import type { RouteModule } from './route-context.js';
import { sharedCodesRoutes } from './shared-codes.routes.js';
import { teachersRoutes } from './teachers.routes.js';

/** Every page's routes, registered in this order by the server. A new page adds its line here. */
export const ROUTES: readonly RouteModule[] = [
  healthRoutes,
  assetRoutes,
  authRoutes,
  overviewRoutes,
  findingsRoutes,
  sharedCodesRoutes,
  reassignRoutes,
  overridesRoutes,
  auditRoutes,
  teachersRoutes,
];
