import { currentLinks, placementLabel } from '../../assignments/current-placement.js';
import { mayDoAnywhere } from '../../core/console-access.js';
import { explanationLines } from '../../core/teacher-explanation-text.js';
import { SignInRequiredError } from '../access.js';
import { sendPage } from '../layout.js';
import { dateTime } from '../pages/format.js';
import { TEACHER_TEXT, teacherBody, teacherLookupBody } from '../pages/teacher.page.js';
import type { RouteModule } from './route-context.js';

const TEACHER_ID = '^[A-Za-z0-9_-]{1,64}$';

/**
 * GET /teachers?id=…: the look-up form; GET /teachers/:id: one teacher, masked, with the account,
 * the assignment and the run's steps in Chinese (as `accounts show` and `accounts explain`).
 */
export const teachersRoutes: RouteModule = (app, { deps, access }) => {
  app.get<{ Querystring: { id?: string } }>('/teachers', {
    schema: { querystring: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } } } },
  }, async (request, reply) => {
    const person = request.person;
    if (!person) throw new SignInRequiredError();
    if (!mayDoAnywhere(person, 'teachers')) access.require(request, { kind: 'province' }, 'teachers');
    const id = request.query.id?.trim() ?? '';
    if (new RegExp(TEACHER_ID).test(id)) return reply.redirect(`/teachers/${id}`, 303);
    return sendPage(request, reply, { title: TEACHER_TEXT.lookupTitle, active: 'teachers', body: teacherLookupBody({ teacherId: id, notFound: false }) });
  });

  app.get<{ Params: { id: string } }>('/teachers/:id', {
    schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: TEACHER_ID } }, required: ['id'] } },
  }, async (request, reply) => {
    const { repos } = deps;
    const id = request.params.id;
    const teacher = (await repos.teachers.profiles([id])).get(id);
    if (!teacher) {
      const person = request.person;
      if (!person) throw new SignInRequiredError();
      if (!mayDoAnywhere(person, 'teachers')) access.require(request, { kind: 'province' }, 'teachers');
      return sendPage(request, reply, { title: TEACHER_TEXT.lookupTitle, active: 'teachers', body: teacherLookupBody({ teacherId: id, notFound: true }) }, 404);
    }
    const link = (await currentLinks(repos, [teacher])).get(id) ?? null;
    const assignment = (await repos.assignments.byTeacherIds([id])).get(id) ?? null;
    const schools = await repos.schools.byIds([link?.schoolId, assignment?.schoolId].filter((s): s is string => s !== undefined));
    // The teacher is the bureau's where the account is, else where the platform placed the teacher.
    const areaCode = (link ? schools.get(link.schoolId)?.countyCode : null) ?? teacher.countyCode;
    const target = { kind: 'school' as const, institutionCode: teacher.institutionCode ?? '', areaCode };
    const person = access.require(request, target, 'teachers');
    const explained = deps.explainTeacher === null ? null : await deps.explainTeacher(id);
    // The explanation carries the record's name masked already (src/core/teacher-explanation.ts).
    const explanation = explained === null ? null : explanationLines(explained, dateTime);
    return sendPage(request, reply, {
      title: TEACHER_TEXT.title(id), active: 'teachers',
      body: teacherBody({
        teacher, link, assignment, schools, placement: placementLabel(link ?? undefined, assignment ?? undefined), explanation,
        sharedCodeLink: teacher.institutionCode !== null && access.may(person, { kind: 'school', institutionCode: teacher.institutionCode, areaCode }, 'shared-codes'),
      }),
    });
  });
};
