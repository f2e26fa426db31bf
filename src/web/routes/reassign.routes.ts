import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MovesFileError, parseMovesCsv, type MovesCsv } from '../../assignments/moves-csv.js';
import { MovesChangedError, type Actor, type CheckedMove, type MoveRequest, type RefusedMove } from '../../assignments/reassignment.js';
import { isProvinceOperator, mayDoAnywhere, type ConsolePerson } from '../../core/console-access.js';
import { manualJobId } from '../../queue/job-ids.js';
import { enqueueRun } from '../../queue/queues.js';
import { SignInRequiredError, type Access } from '../access.js';
import type { ConsoleDeps } from '../console-deps.js';
import { csrfField, sendPage } from '../layout.js';
import { PLACEMENT_TEXT, refusalText } from '../pages/placement-text.js';
import {
  movesPreviewBody, movesRecordedBody, pushedBody, REASSIGN_TEXT, reassignFormBody, undoneBody, type MoveLine, type RefusedLine,
} from '../pages/reassign.page.js';
import { parseUploadForm, UPLOAD_FILES, uploadBody, UploadFormError, type UploadBody } from '../upload-form.js';
import type { RouteContext, RouteModule } from './route-context.js';

const UPLOAD_LIMIT = 2 * 1024 * 1024;
const CHANGED = '数据在核对之后被他人改动，没有记录任何调整：请重新核对。';
const NO_ASSIGNMENT = (t: string) => `教师 ${t} 没有人工指定，无需撤销。`;

/** Where a form may send the person back to: a page of the console, never another site. */
function backPath(value: unknown): string | null {
  return typeof value === 'string' && /^\/(shared-codes\/\d{10}|teachers\/[A-Za-z0-9_-]{1,64})$/.test(value) ? value : null;
}

const moveForm = z.object({
  teacherId: z.string().trim().max(64).default(''),
  schoolId: z.string().trim().max(64).default(''),
  reason: z.string().max(1000).default(''),
  force: z.string().optional(),
  back: z.string().optional(),
});

const confirmForm = z.object({
  moves: z.string().max(UPLOAD_LIMIT).transform((s, ctx) => {
    try {
      return z.array(z.object({ teacherId: z.string().max(64), schoolId: z.string().max(64), reason: z.string().max(1000), line: z.number().int().nullable() }))
        .min(1).max(10_000).parse(JSON.parse(s));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'moves' });
      return z.NEVER;
    }
  }),
  force: z.string().optional(),
});

/** A form that could not have come from the page: answered 400, as a failed schema is. */
class BadFormError extends Error {
  readonly code = 'CONSOLE_BAD_FORM';
  readonly statusCode = 400;
}

function parseForm<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw new BadFormError(`form fields refused: ${r.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return r.data;
}

const undoForm = z.object({ teacherId: z.string().trim().min(1).max(64), reason: z.string().max(1000).default(''), back: z.string().optional() });

function lineOf(m: CheckedMove): MoveLine {
  return {
    line: m.request.line, teacherId: m.teacher.teacherId, name: m.teacher.name, fromSchoolId: m.fromSchoolId,
    schoolId: m.school.schoolId, campusName: m.school.campusName, reason: m.request.reason.trim(),
  };
}

/**
 * The access check of a list of moves, before anything is checked or shown: every known teacher's
 * code and every known destination's code must be the person's to reassign. Unknown teachers and
 * schools are left to the rules, which refuse them with their reason.
 */
async function requireMoves(deps: ConsoleDeps, access: Access, request: FastifyRequest, requests: readonly MoveRequest[]): Promise<ConsolePerson> {
  const person = request.person;
  if (!person) throw new SignInRequiredError();
  if (isProvinceOperator(person)) return access.require(request, { kind: 'province' }, 'reassign');
  const teachers = await deps.repos.teachers.profiles([...new Set(requests.map((r) => r.teacherId))]);
  const schools = await deps.repos.schools.byIds([...new Set(requests.map((r) => r.schoolId))]);
  const codes = new Map<string, string | null>();
  for (const t of teachers.values()) codes.set(t.institutionCode ?? '', t.countyCode);
  for (const s of schools.values()) codes.set(s.institutionCode, s.countyCode);
  for (const [code, county] of codes) access.require(request, { kind: 'school', institutionCode: code, areaCode: county }, 'reassign');
  // Nothing known in the list: still only for those who may reassign somewhere.
  if (codes.size === 0 && !mayDoAnywhere(person, 'reassign')) access.require(request, { kind: 'province' }, 'reassign');
  return person;
}

function actorOf(person: ConsolePerson, deps: ConsoleDeps): Actor {
  return { name: person.displayName, atMs: deps.clock(), source: 'web' };
}

function refusedLines(parsed: MovesCsv, refused: readonly RefusedMove[]): RefusedLine[] {
  return [
    ...parsed.bad.map((b) => ({ line: b.line, text: PLACEMENT_TEXT.rowProblems[b.problem] })),
    ...refused.map((r) => ({ line: r.request.line ?? 0, text: refusalText(r.code, r.request.teacherId, r.request.schoolId) })),
  ].sort((a, b) => a.line - b.line);
}

/** What the reassign routes share: the form page, and whether a person may ask the workers for a run. */
interface ReassignPages {
  canPush(person: ConsolePerson): boolean;
  showForm(request: FastifyRequest, reply: FastifyReply, person: ConsolePerson, errors: string[], values?: { teacherId: string; schoolId: string; reason: string }, status?: number): ReturnType<typeof sendPage>;
}

function reassignPages({ deps, access }: RouteContext): ReassignPages {
  return {
    canPush: (person) => deps.queues !== null && access.may(person, { kind: 'province' }, 'operations'),
    showForm: (request, reply, person, errors, values = { teacherId: '', schoolId: '', reason: '' }, status = 200) =>
      sendPage(request, reply, {
        title: REASSIGN_TEXT.title, active: 'reassign',
        body: reassignFormBody({ csrf: csrfField(reply), errors, values, mayForce: isProvinceOperator(person), mayUpload: true }),
      }, status),
  };
}

type ReassignGroup = (app: FastifyInstance, ctx: RouteContext, pages: ReassignPages) => void;

/** One move typed in the form. */
const oneMoveRoutes: ReassignGroup = (app, { deps, access }, { canPush, showForm }) => {
  app.get('/reassign', async (request, reply) => {
    const person = request.person;
    if (!person) throw new SignInRequiredError();
    if (!mayDoAnywhere(person, 'reassign')) access.require(request, { kind: 'province' }, 'reassign');
    return showForm(request, reply, person, []);
  });

  app.post('/reassign', async (request, reply) => {
    const form = parseForm(moveForm, request.body);
    const move: MoveRequest = { teacherId: form.teacherId, schoolId: form.schoolId, reason: form.reason, line: null };
    const person = await requireMoves(deps, access, request, [move]);
    const values = { teacherId: form.teacherId, schoolId: form.schoolId, reason: form.reason };
    if (move.teacherId === '' || move.schoolId === '') return showForm(request, reply, person, [PLACEMENT_TEXT.rowProblems['ids-missing']], values, 422);
    // Across codes is the province's decision alone, as --force is the operator's.
    const force = form.force === '1' && isProvinceOperator(person);
    const { moves, refused } = await deps.reassignment.check([move], { force });
    const first = refused[0];
    if (first) return showForm(request, reply, person, [refusalText(first.code, move.teacherId, move.schoolId)], values, 422);
    try {
      await deps.reassignment.record(moves, actorOf(person, deps), { force });
    } catch (e) {
      if (e instanceof MovesChangedError) return showForm(request, reply, person, [CHANGED], values, 409);
      throw e;
    }
    request.log.info({ event: 'console.reassign', moves: moves.length, roles: person.grants.map((g) => g.role) }, 'console: moves recorded');
    return sendPage(request, reply, {
      title: REASSIGN_TEXT.resultTitle, active: 'reassign',
      body: movesRecordedBody({ csrf: csrfField(reply), moves: moves.map(lineOf), mayPushNow: canPush(person), back: backPath(form.back) }),
    });
  });
};

/** A file of moves: checked and shown, then recorded whole on confirmation. */
const fileRoutes: ReassignGroup = (app, { deps, access }, { canPush, showForm }) => {
  app.register(async (scope) => {
    // The file's form is read whole as the body, so that the CSRF check sees its token as for any form.
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT }, (request, body, done) => {
      try {
        done(null, uploadBody(parseUploadForm(body as Buffer, request.headers['content-type'])));
      } catch (e) {
        done(e instanceof UploadFormError ? e : new UploadFormError('unreadable upload', { cause: e }), undefined);
      }
    });
    scope.post('/reassign/file', async (request, reply) => {
      const person = request.person;
      if (!person) throw new SignInRequiredError();
      if (!mayDoAnywhere(person, 'reassign')) access.require(request, { kind: 'province' }, 'reassign');
      const form = request.body as UploadBody | undefined;
      const file = form?.[UPLOAD_FILES]['file'];
      if (!file || file.content.length === 0) return showForm(request, reply, person, [PLACEMENT_TEXT.fileProblems.missing], undefined, 422);
      let parsed: MovesCsv;
      try {
        parsed = await parseMovesCsv(file.content, 'upload');
      } catch (e) {
        if (e instanceof MovesFileError) return showForm(request, reply, person, [PLACEMENT_TEXT.fileProblems[e.problem]], undefined, 422);
        throw e;
      }
      await requireMoves(deps, access, request, parsed.requests);
      const force = form?.['force'] === '1' && isProvinceOperator(person);
      const { moves, refused } = await deps.reassignment.check(parsed.requests, { force });
      const bad = refusedLines(parsed, refused);
      if (bad.length === 0 && moves.length === 0) return showForm(request, reply, person, [PLACEMENT_TEXT.fileProblems.empty], undefined, 422);
      return sendPage(request, reply, {
        title: REASSIGN_TEXT.previewTitle, active: 'reassign',
        body: movesPreviewBody({ csrf: csrfField(reply), moves: moves.map(lineOf), refused: bad, rows: parsed.requests.length + parsed.bad.length, force }),
      }, bad.length > 0 ? 422 : 200);
    });
  });

  app.post('/reassign/confirm', async (request, reply) => {
    const form = parseForm(confirmForm, request.body);
    const requests: MoveRequest[] = form.moves;
    const person = await requireMoves(deps, access, request, requests);
    const force = form.force === '1' && isProvinceOperator(person);
    const { moves, refused } = await deps.reassignment.check(requests, { force });
    if (refused.length > 0) {
      return sendPage(request, reply, {
        title: REASSIGN_TEXT.previewTitle, active: 'reassign',
        body: movesPreviewBody({ csrf: csrfField(reply), moves: moves.map(lineOf), refused: refusedLines({ requests, bad: [] }, refused), rows: requests.length, force }),
      }, 422);
    }
    try {
      await deps.reassignment.record(moves, actorOf(person, deps), { force });
    } catch (e) {
      if (e instanceof MovesChangedError) return showForm(request, reply, person, [CHANGED], undefined, 409);
      throw e;
    }
    request.log.info({ event: 'console.reassign', moves: moves.length, roles: person.grants.map((g) => g.role) }, 'console: moves recorded');
    return sendPage(request, reply, {
      title: REASSIGN_TEXT.resultTitle, active: 'reassign',
      body: movesRecordedBody({ csrf: csrfField(reply), moves: moves.map(lineOf), mayPushNow: canPush(person), back: null }),
    });
  });
};

/** Undoing one teacher's assignment. */
const undoRoutes: ReassignGroup = (app, { deps, access }, { canPush, showForm }) => {
  app.post('/reassign/undo', async (request, reply) => {
    const form = parseForm(undoForm, request.body);
    const checked = await deps.reassignment.checkUndo(form.teacherId);
    if ('refused' in checked) {
      // Nothing to undo says nothing of the teacher; still only for those who may undo somewhere.
      const person = request.person;
      if (!person) throw new SignInRequiredError();
      if (!mayDoAnywhere(person, 'undo')) access.require(request, { kind: 'province' }, 'undo');
      return showForm(request, reply, person, [NO_ASSIGNMENT(form.teacherId)], undefined, 422);
    }
    const code = checked.teacher?.institutionCode ?? checked.assignment.institutionCode;
    const person = access.require(request, { kind: 'school', institutionCode: code, areaCode: checked.teacher?.countyCode ?? null }, 'undo');
    try {
      await deps.reassignment.recordUndo(checked, actorOf(person, deps), form.reason.trim() || null);
    } catch (e) {
      if (e instanceof MovesChangedError) return showForm(request, reply, person, [CHANGED], undefined, 409);
      throw e;
    }
    request.log.info({ event: 'console.undo', roles: person.grants.map((g) => g.role) }, 'console: assignment undone');
    return sendPage(request, reply, {
      title: REASSIGN_TEXT.resultTitle, active: 'reassign',
      body: undoneBody({
        csrf: csrfField(reply), teacherId: form.teacherId, schoolId: checked.assignment.schoolId, institutionCode: checked.teacher?.institutionCode ?? null,
        fromSchoolId: checked.fromSchoolId, automatic: checked.automatic, mayPushNow: canPush(person), back: backPath(form.back),
      }),
    });
  });
};

/** A run asked of the workers, so that what was recorded is pushed now. */
const pushNowRoutes: ReassignGroup = (app, { deps, access }) => {
  app.post('/reassign/push-now', async (request, reply) => {
    const person = access.require(request, { kind: 'province' }, 'operations');
    let jobId: string | null = null;
    if (deps.queues) {
      jobId = manualJobId(new Date(deps.clock()));
      await enqueueRun(deps.queues, jobId, { trigger: 'manual', slot: null, full: false, allowMassDisable: false });
      request.log.info({ event: 'console.run-now', job: jobId, roles: person.grants.map((g) => g.role) }, 'console: run enqueued');
    }
    return sendPage(request, reply, { title: REASSIGN_TEXT.resultTitle, active: 'reassign', body: pushedBody({ jobId }) });
  });};

/**
 * /reassign: one move, a file of moves (checked, shown, then recorded whole on confirmation), an
 * undo, and a run asked of the workers. The same checks, transactions and audit entries as the
 * `reassign` command; the actor is the signed-in person, the source `web`.
 */
export const reassignRoutes: RouteModule = (app, ctx) => {
  const pages = reassignPages(ctx);
  for (const group of [oneMoveRoutes, fileRoutes, undoRoutes, pushNowRoutes]) group(app, ctx, pages);
};
