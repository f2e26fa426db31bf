import type { FastifyRequest } from 'fastify';
import type { AuditFilter } from '../../db/repositories/audit-log.repository.js';
import { sendPage } from '../layout.js';
import { AUDIT_TEXT, auditBody, auditCsv, type AuditFilterValues } from '../pages/audit.page.js';
import type { RouteModule } from './route-context.js';

const PAGE = 200;
const EXPORT_LIMIT = 100_000;
const DAY_MS = 86_400_000;

interface AuditQuery {
  teacher?: string;
  school?: string;
  actor?: string;
  from?: string;
  to?: string;
  before?: string;
}

const DATE = '^(\\d{4}-\\d{2}-\\d{2})?$';
const querySchema = {
  type: 'object',
  properties: {
    teacher: { type: 'string', maxLength: 64 }, school: { type: 'string', maxLength: 64 }, actor: { type: 'string', maxLength: 100 },
    from: { type: 'string', pattern: DATE }, to: { type: 'string', pattern: DATE }, before: { type: 'string', pattern: '^\\d{0,15}$' },
  },
} as const;

/** A day in China Standard Time, as the pages show times, to the instant it starts; null for no such day (2026-02-30). */
function dayStart(d: string): number | null {
  const ms = Date.parse(`${d}T00:00:00+08:00`);
  return Number.isNaN(ms) || new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10) !== d ? null : ms;
}

function filterOf(q: AuditQuery): { values: AuditFilterValues; filter: Omit<AuditFilter, 'limit'>; query: string } {
  const from = q.from ? dayStart(q.from) : null;
  const to = q.to ? dayStart(q.to) : null;
  // A day that does not exist is dropped from the filter and from the form, not answered with an error.
  const values = {
    teacher: q.teacher?.trim() ?? '', school: q.school?.trim() ?? '', actor: q.actor?.trim() ?? '',
    from: from === null ? '' : (q.from ?? ''), to: to === null ? '' : (q.to ?? ''),
  };
  const filter: Omit<AuditFilter, 'limit'> = {
    ...(values.teacher ? { teacherId: values.teacher } : {}), ...(values.school ? { schoolId: values.school } : {}),
    ...(values.actor ? { actor: values.actor } : {}), ...(from === null ? {} : { fromMs: from }), ...(to === null ? {} : { toMs: to + DAY_MS }),
  };
  const query = new URLSearchParams(Object.entries(values).filter(([, v]) => v !== '')).toString();
  return { values, filter, query };
}

/** GET /audit and /audit.csv: the log filtered by teacher, school, actor and dates, newest first. */
export const auditRoutes: RouteModule = (app, { deps, access }) => {
  app.get<{ Querystring: AuditQuery }>('/audit', { schema: { querystring: querySchema } }, async (request, reply) => {
    access.require(request, { kind: 'province' }, 'audit');
    const { values, filter, query } = filterOf(request.query);
    const before = request.query.before ? Number(request.query.before) : undefined;
    const entries = await deps.repos.audit.search({ ...filter, ...(before ? { beforeId: before } : {}), limit: PAGE });
    return sendPage(request, reply, { title: AUDIT_TEXT.title, active: 'audit', body: auditBody({ entries, filter: values, query, limit: PAGE }) });
  });

  app.get<{ Querystring: AuditQuery }>('/audit.csv', { schema: { querystring: querySchema } }, async (request: FastifyRequest<{ Querystring: AuditQuery }>, reply) => {
    const person = access.require(request, { kind: 'province' }, 'audit');
    const { filter } = filterOf(request.query);
    const entries = await deps.repos.audit.search({ ...filter, limit: EXPORT_LIMIT });
    request.log.info({ event: 'console.export', what: 'audit', rows: entries.length, roles: person.grants.map((g) => g.role) }, 'console: audit log exported');
    return reply
      .type('text/csv; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="audit-${new Date(deps.clock()).toISOString().slice(0, 10)}.csv"`)
      .send(auditCsv(entries));
  });
};
