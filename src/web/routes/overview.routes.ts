import { bureauAreas, isProvinceOperator } from '../../core/console-access.js';
import { divisionDisplayName } from '../../core/county-routing.js';
import { queueStatus, type QueueStatus } from '../../queue/queue-admin.js';
import type { Queues } from '../../queue/queues.js';
import { findingsTrend } from '../findings-trend.js';
import { sendPage } from '../layout.js';
import { nextScheduledSlot } from '../next-slot.js';
import { OVERVIEW_TEXT, overviewBody } from '../pages/overview.page.js';
import type { RouteModule } from './route-context.js';

const QUEUE_WAIT_MS = 2000;

/** The queue as `queue status` shows it, or 'unavailable' when Redis does not answer in time. */
async function queueOrUnavailable(queues: Queues): Promise<QueueStatus | 'unavailable'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'unavailable'>((resolve) => { timer = setTimeout(() => resolve('unavailable'), QUEUE_WAIT_MS); });
  try {
    return await Promise.race([queueStatus(queues, 20).catch(() => 'unavailable' as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** GET /overview: latest runs, the next slot, the queue, and findings per run. */
export const overviewRoutes: RouteModule = (app, { deps, access }) => {
  app.get('/overview', async (request, reply) => {
    const person = access.require(request, { kind: 'province' }, 'overview');
    const operations = access.may(person, { kind: 'province' }, 'operations');
    const own = operations ? [] : bureauAreas(person);
    const { schedule, timezone } = deps.policy.daemon;
    const [runs, trend, nextSlot, queue] = await Promise.all([
      deps.repos.runs.latest(15),
      findingsTrend(deps, operations ? null : own),
      nextScheduledSlot(schedule, timezone),
      operations && deps.queues ? queueOrUnavailable(deps.queues) : Promise.resolve(null),
    ]);
    const areas = own.map((code) => ({ code, name: divisionDisplayName(code, deps.divisions) }));
    return sendPage(request, reply, {
      title: OVERVIEW_TEXT.title, active: 'overview', scripts: ['/vendor/echarts.min.js', '/assets/console.js'],
      body: overviewBody({ now: deps.clock(), operations: operations && isProvinceOperator(person), runs, nextSlot, schedule: { expression: schedule, timezone }, queue, trend, areas }),
    });
  });
};
