import type { RouteModule } from './route-context.js';

/** /healthz: the console answers and its database does. No data, no session needed. */
export const healthRoutes: RouteModule = (app, { deps }) => {
  app.get('/healthz', { config: { public: true } }, async (_request, reply) => {
    try {
      await deps.pingDatabase();
      return reply.header('cache-control', 'no-store').send({ status: 'ok' });
    } catch {
      return reply.code(503).header('cache-control', 'no-store').send({ status: 'database unreachable' });
    }
  });
};
