import { areaCovers, bureauAreas, isProvinceOperator } from '../../core/console-access.js';
import { MISMATCH_KINDS, type MismatchKind } from '../../core/mismatch-finding.js';
import { chinaDate } from '../../reports/county-report.js';
import { countyReportCsv } from '../../reports/report-csv.js';
import { countyReportXlsx } from '../../reports/report-xlsx.js';
import { areaReport, areasWithFindings } from '../area-report.js';
import { findingsTrend } from '../findings-trend.js';
import { sendPage } from '../layout.js';
import { FINDINGS_TEXT, SORT_KEYS, areaIndexBody, findingsBody, selectFindings, type FindingsQuery, type SortKey } from '../pages/findings.page.js';
import type { RouteModule } from './route-context.js';

const AREA_PARAMS = { type: 'object', properties: { area: { type: 'string', pattern: '^\\d{6}$' } }, required: ['area'] } as const;
const QUERY = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['', ...MISMATCH_KINDS] },
    q: { type: 'string', maxLength: 100 },
    sort: { type: 'string', enum: [...SORT_KEYS] },
    dir: { type: 'string', enum: ['asc', 'desc'] },
  },
} as const;
const PEOPLE_LIMIT = 200;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface AreaRequest {
  Params: { area: string };
  Querystring: { kind?: string; q?: string; sort?: string; dir?: string };
}

/** RFC 6266 filename*: the Chinese file name of the mail's attachment, with an ASCII fallback. */
function attachment(name: string, ascii: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The findings of a county or city: the table of its report, filtered and sorted; its trend; its files. */
export const findingsRoutes: RouteModule = (app, { deps, access }) => {
  app.get('/findings', async (request, reply) => {
    const person = access.require(request, { kind: 'province' }, 'overview');
    const { run, areas } = await areasWithFindings(deps);
    const own = bureauAreas(person);
    const visible = isProvinceOperator(person) ? areas : areas.filter((a) => own.some((o) => areaCovers(o, a.code, deps.divisions)));
    return sendPage(request, reply, { title: FINDINGS_TEXT.indexTitle, active: 'findings', body: areaIndexBody({ run: run ? { id: run.id, startedAtMs: run.startedAtMs } : null, areas: visible }) });
  });

  app.get<AreaRequest>('/findings/:area', { schema: { params: AREA_PARAMS, querystring: QUERY } }, async (request, reply) => {
    const area = request.params.area;
    access.require(request, { kind: 'area', code: area }, 'findings');
    const query: FindingsQuery = {
      kind: (request.query.kind || null) as MismatchKind | null,
      q: request.query.q ?? '',
      sort: (request.query.sort ?? 'kind') as SortKey,
      dir: request.query.dir === 'desc' ? 'desc' : 'asc',
    };
    const [found, trend] = await Promise.all([areaReport(deps, area), findingsTrend(deps, [area])]);
    const report = found?.report;
    const all = report?.schools ?? [];
    return sendPage(request, reply, {
      title: FINDINGS_TEXT.title(report?.countyName ?? area), active: 'findings', scripts: ['/vendor/echarts.min.js', '/assets/console.js'],
      body: findingsBody({
        area, run: found ? { id: found.run.id, startedAtMs: found.run.startedAtMs } : null, all, shown: selectFindings(all, query),
        people: report?.people ?? [], peopleLimit: PEOPLE_LIMIT, query, trend, counties: found?.counties ?? [],
        countyNames: new Map((found?.counties ?? []).map((c) => [c.code, c.name])),
      }),
    });
  });

  for (const format of ['xlsx', 'csv'] as const) {
    app.get<AreaRequest>(`/findings/:area/report.${format}`, { schema: { params: AREA_PARAMS } }, async (request, reply) => {
      const area = request.params.area;
      access.require(request, { kind: 'area', code: area }, 'findings');
      const found = await areaReport(deps, area);
      if (!found) return reply.callNotFound();
      const { report, run } = found;
      const stem = `学校信息核对_${report.countyName}_${area}_${chinaDate(run.startedAtMs)}`;
      const body = format === 'xlsx' ? await countyReportXlsx(report) : countyReportCsv(report);
      request.log.info({ event: 'console.download', area, format, runId: run.id }, 'console: findings downloaded');
      return reply
        .type(format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8')
        .header('content-disposition', attachment(`${stem}.${format}`, `findings-${area}-run-${run.id}.${format}`))
        .header('cache-control', 'no-store')
        .send(body);
    });
  }
};
