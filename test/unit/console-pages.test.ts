import { describe, expect, it } from 'vitest';
import type { SharedCodeTeacher } from '../../src/assignments/shared-codes.js';
import type { AuditRecord } from '../../src/db/repositories/audit-log.repository.js';
import type { AccountLink } from '../../src/core/account-link.js';
import type { TeacherProfile } from '../../src/db/repositories/teacher.repository.js';
import type { TargetSchool } from '../../src/core/types.js';
import { html } from '../../src/web/html.js';
import { auditBody, auditCsv, csvCell } from '../../src/web/pages/audit.page.js';
import { orderOverrides, overridesBody } from '../../src/web/pages/overrides.page.js';
import { movesPreviewBody, movesRecordedBody, reassignFormBody } from '../../src/web/pages/reassign.page.js';
import { sharedCodeBody, sharedCodesListBody } from '../../src/web/pages/shared-codes.page.js';
import { teacherBody, teacherLookupBody } from '../../src/web/pages/teacher.page.js';

const EVIL = '<script>alert("x")</script>\'&';
const ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;';
const csrf = html`<input type="hidden" name="_csrf" value="t">`;

const school = (id: string, extra: Partial<TargetSchool> = {}): TargetSchool => ({
  schoolId: id, institutionCode: '3301040001', name: `学校${EVIL}`, campusName: `校区${EVIL}`, countyCode: '330104', status: 'active', ...extra,
});

const teacher: TeacherProfile = {
  teacherId: 'T0001', name: '张三丰', idType: 'resident_id', idNumberMasked: '330102********123X', gender: 'M',
  institutionCode: '3301040001', institutionName: `杭州市${EVIL}中学`, countyCode: '330104', status: 'active', updatedAtMs: 1_700_000_000_000,
  problems: [], valid: true, gone: false, linkExternalId: 'T0001',
};

const link: AccountLink = {
  externalId: 'T0001', teacherId: 'T0001', identityMac: 'm', accountId: 'A1', username: `u${EVIL}`, schoolId: 'S1', status: 'active',
  pushedHash: 'h', choiceReason: 'main-campus', pushedRunId: 3, pushedAtMs: 1_700_000_000_000,
};

const assignment = {
  teacherId: 'T0001', schoolId: 'S2', institutionCode: '3301040001', state: 'active' as const, reason: `理由${EVIL}`,
  assignedBy: `王${EVIL}`, createdAtMs: 1_700_000_000_000, staleReason: null, staleAtMs: null,
};

/** Every page of this file: the hostile text must come out escaped, never as markup, and the name masked. */
function expectSafe(out: string): void {
  expect(out).not.toContain('<script>');
  expect(out).not.toContain('张三丰');
}

describe('the assignment pages escape what they show and mask names', () => {
  it('shared codes: the list and one code with its forms', () => {
    const list = sharedCodesListBody({
      codes: [{
        code: '3301040001', name: `学校${EVIL}`, countyCode: '330104', canonicalSchoolId: 'S1', canonicalReason: 'main-campus',
        schools: [{ ...school('S1'), canonical: true, teachers: { rule: 1, campusNamed: 0, manual: 0, stale: 0, total: 1 }, pending: 0 }],
      }],
      counties: [{ code: '330104', name: `江干${EVIL}` }], county: '330104',
    }).text;
    expectSafe(list);
    expect(list).toContain(ESCAPED);
    const t: SharedCodeTeacher = { teacher, schoolId: 'S1', accountStatus: 'active', placement: 'main-campus', assignment };
    const one = sharedCodeBody({ code: '3301040001', schools: [school('S1'), school('S2')], canonical: { schoolId: 'S1', reason: 'main-campus' }, teachers: [t], mayReassign: true, csrf }).text;
    expectSafe(one);
    expect(one).toContain('张**');
    expect(one).toContain('action="/reassign"');
    expect(one).toContain('action="/reassign/undo"');
    const readOnly = sharedCodeBody({ code: '3301040001', schools: [school('S1')], canonical: null, teachers: [t], mayReassign: false, csrf }).text;
    expect(readOnly).not.toContain('<form');
  });

  it('reassign: the form keeps what was typed, escaped; the preview carries the moves as escaped JSON', () => {
    const form = reassignFormBody({ csrf, errors: [EVIL], values: { teacherId: EVIL, schoolId: 'S1', reason: EVIL }, mayForce: false, mayUpload: true }).text;
    expect(form).not.toContain('<script>');
    expect(form).not.toContain('name="force"');
    expect(form).toContain('enctype="multipart/form-data"');
    const move = { line: 2, teacherId: 'T0001', name: '张三丰', fromSchoolId: 'S1', schoolId: 'S2', campusName: EVIL, reason: `"${EVIL}` };
    const preview = movesPreviewBody({ csrf, moves: [move], refused: [], rows: 1, force: false }).text;
    expectSafe(preview);
    const value = /name="moves" value="([^"]*)"/.exec(preview)?.[1] ?? '';
    const decoded = value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(JSON.parse(decoded)).toEqual([{ teacherId: 'T0001', schoolId: 'S2', reason: `"${EVIL}`, line: 2 }]);
    const refused = movesPreviewBody({ csrf, moves: [move], refused: [{ line: 3, text: EVIL }], rows: 2, force: false }).text;
    expect(refused).not.toContain('/reassign/confirm');
    expect(refused).toContain(ESCAPED);
    expectSafe(movesRecordedBody({ csrf, moves: [move], mayPushNow: true, back: null }).text);
  });

  it('overrides: stale first, then the newest', () => {
    const rows = [
      { ...assignment, teacherId: 'A', createdAtMs: 3, name: '张三丰', teacherCode: null, campusName: EVIL, accountSchoolId: 'S1' },
      { ...assignment, teacherId: 'B', createdAtMs: 1, state: 'stale' as const, staleReason: 'stale-school-gone' as const, name: null, teacherCode: null, campusName: null, accountSchoolId: null },
      { ...assignment, teacherId: 'C', createdAtMs: 5, name: null, teacherCode: null, campusName: null, accountSchoolId: null },
    ];
    expect(orderOverrides(rows).map((r) => r.teacherId)).toEqual(['B', 'C', 'A']);
    expectSafe(overridesBody({ rows, onlyStale: false }).text);
  });

  it('audit: the table escapes, the CSV opens in a spreadsheet without running a formula', () => {
    const entry: AuditRecord = {
      id: 7, atMs: 1_700_000_000_000, actor: `=HYPERLINK("x")${EVIL}`, action: 'assign', teacherId: 'T0001', source: 'web', reason: `+1,"a"\r\nb`,
      before: { schoolId: 'S1', assignment: null }, after: { schoolId: 'S2', assignment: { schoolId: 'S2', institutionCode: '3301040001', state: 'active' } },
    };
    const page = auditBody({ entries: [entry], filter: { teacher: EVIL, school: '', actor: '', from: '', to: '' }, query: 'teacher=x', limit: 200 }).text;
    expectSafe(page);
    expect(page).toContain('/audit.csv?teacher=x');
    const csv = auditCsv([entry]);
    expect(csv.startsWith('\uFEFF时间,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""x"")${EVIL.replace(/"/g, '""')}"`);
    expect(csv).toContain(`"'+1,""a""\r\nb"`);
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('T0001')).toBe('T0001');
  });

  it('teacher: the record masked, the account and the explanation escaped', () => {
    const out = teacherBody({
      teacher, link, assignment, schools: new Map([['S1', school('S1')]]), placement: 'manual-pending',
      explanation: [{ step: 'record', title: '记录', text: `T0001 张**，${EVIL}` }], sharedCodeLink: true,
    }).text;
    expectSafe(out);
    expect(out).toContain('330102********123X');
    expect(out).toContain('href="/shared-codes/3301040001"');
    expect(teacherLookupBody({ teacherId: EVIL, notFound: true }).text).not.toContain('<script>');
  });
});
