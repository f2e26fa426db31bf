import { listSharedCodes, sharedCodeTeachers } from '../../assignments/shared-codes.js';
import { chooseSchool } from '../../core/campus-choice.js';
import { isProvinceOperator, mayDoAnywhere } from '../../core/console-access.js';
import { SignInRequiredError } from '../access.js';
import { csrfField, sendPage } from '../layout.js';
import { SHARED_CODES_TEXT, sharedCodeBody, sharedCodesListBody } from '../pages/shared-codes.page.js';
import type { RouteModule } from './route-context.js';

/**
 * GET /shared-codes: the codes several campuses share (a school administrator sees its own codes);
 * GET /shared-codes/:code: one code's campuses and teachers, with the move and undo forms for
 * those who may use them.
 */
export const sharedCodesRoutes: RouteModule = (app, { deps, access }) => {
  const rule = () => ({ explicit: deps.policy.campus.explicit });

  app.get<{ Querystring: { county?: string } }>('/shared-codes', {
    schema: { querystring: { type: 'object', properties: { county: { type: 'string', pattern: '^(\\d{6})?$' } } } },
  }, async (request, reply) => {
    const person = request.person;
    if (!person) throw new SignInRequiredError();
    // Someone with no code to look at is refused here, as the province page would refuse them.
    if (!mayDoAnywhere(person, 'shared-codes')) access.require(request, { kind: 'province' }, 'shared-codes');
    const county = request.query.county || null;
    const all = await listSharedCodes(deps.repos, rule(), county === null ? {} : { countyCode: county });
    const codes = all.filter((c) => access.may(person, { kind: 'school', institutionCode: c.code, areaCode: c.countyCode }, 'shared-codes'));
    const counties = isProvinceOperator(person)
      ? [...deps.divisions.byCode.values()].flat().filter((d) => d.inUse && d.level === 'county' && d.code.startsWith(deps.divisions.provinceCode))
        .map((d) => ({ code: d.code, name: d.name })).sort((a, b) => (a.code < b.code ? -1 : 1))
      : [];
    return sendPage(request, reply, { title: SHARED_CODES_TEXT.title, active: 'shared-codes', body: sharedCodesListBody({ codes, counties, county }) });
  });

  app.get<{ Params: { code: string } }>('/shared-codes/:code', {
    schema: { params: { type: 'object', properties: { code: { type: 'string', pattern: '^\\d{10}$' } }, required: ['code'] } },
  }, async (request, reply) => {
    const { code } = request.params;
    // A code is a school's whatever its county: the school's own grant decides, before anything is read.
    const target = { kind: 'school' as const, institutionCode: code };
    const person = access.require(request, target, 'shared-codes');
    const { schools, teachers } = await sharedCodeTeachers(deps.repos, code);
    if (schools.length === 0) return reply.callNotFound();
    const canonical = chooseSchool({ institutionCode: code, enteredName: null, schools, rule: rule() });
    return sendPage(request, reply, {
      title: SHARED_CODES_TEXT.codeTitle(code), active: 'shared-codes',
      body: sharedCodeBody({
        code, schools, teachers, canonical: canonical && { schoolId: canonical.schoolId, reason: canonical.reason },
        mayReassign: access.may(person, target, 'reassign'), csrf: csrfField(reply),
      }),
    });
  });
};
