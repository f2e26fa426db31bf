import { currentLinks } from '../../assignments/current-placement.js';
import { sendPage } from '../layout.js';
import { OVERRIDES_TEXT, overridesBody } from '../pages/overrides.page.js';
import type { RouteModule } from './route-context.js';

/** GET /overrides: every manual assignment, stale ones first, as `overrides list` reads them. */
export const overridesRoutes: RouteModule = (app, { deps, access }) => {
  app.get<{ Querystring: { stale?: string } }>('/overrides', {
    schema: { querystring: { type: 'object', properties: { stale: { type: 'string', enum: ['', '1'] } } } },
  }, async (request, reply) => {
    access.require(request, { kind: 'province' }, 'overrides');
    const onlyStale = request.query.stale === '1';
    const { repos } = deps;
    const list = await repos.assignments.list(onlyStale ? { state: 'stale' } : {});
    const schools = await repos.schools.byIds([...new Set(list.map((a) => a.schoolId))]);
    const teachers = await repos.teachers.profiles(list.map((a) => a.teacherId));
    const links = await currentLinks(repos, teachers.values());
    const rows = list.map((a) => ({
      ...a, name: teachers.get(a.teacherId)?.name ?? null, teacherCode: teachers.get(a.teacherId)?.institutionCode ?? null,
      campusName: schools.get(a.schoolId)?.campusName ?? null, accountSchoolId: links.get(a.teacherId)?.schoolId ?? null,
    }));
    return sendPage(request, reply, { title: OVERRIDES_TEXT.title, active: 'overrides', body: overridesBody({ rows, onlyStale }) });
  });
};
