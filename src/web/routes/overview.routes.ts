import { sendPage } from '../layout.js';
import { OVERVIEW_TEXT, overviewBody } from '../pages/overview.page.js';
import type { RouteModule } from './route-context.js';

/** GET /overview: the runs, the next slot and the queue. */
export const overviewRoutes: RouteModule = (app, { deps, access }) => {
  app.get('/overview', async (request, reply) => {
    access.require(request, { kind: 'province' }, 'overview');
    const runs = await deps.repos.runs.latest(20);
    return sendPage(request, reply, { title: OVERVIEW_TEXT.title, active: 'overview', body: overviewBody({ runs, now: deps.clock() }) });
  });
};
