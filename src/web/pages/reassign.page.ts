import type { SchoolChoice } from '../../core/types.js';
import { html, type Html } from '../html.js';
import { maskedName, PLACEMENT_TEXT, placementName } from './placement-text.js';

export const REASSIGN_TEXT = {
  title: '人工指定校区',
  previewTitle: '核对要指定的调整',
  resultTitle: '已记录',
  intro: '人工指定优先于所有规则，直到撤销；只能在同一学校标识码的校区之间调整。每次指定都记入审计日志。',
  one: '指定一位教师',
  teacherId: '教师编号',
  schoolId: '学校编号（学籍系统）',
  reason: '理由（必填）',
  force: '允许跨标识码指定（仅省级运维）',
  submitOne: '指定',
  file: '上传调整表（CSV）',
  fileHelp: '表头 teacherId,schoolId,reason；用 Excel 或 WPS 另存为“CSV UTF-8（逗号分隔）”。先核对，确认后全部记录；有一行不对则一行也不记录。',
  fileField: 'CSV 文件',
  submitFile: '上传并核对',
  undoTitle: '撤销人工指定',
  undoReason: '理由（可选）',
  submitUndo: '撤销',
  refusedTitle: '没有记录任何调整',
  refusedIntro: (bad: number, rows: number) => `${rows} 行中有 ${bad} 行不能接受，一行也没有记录。请改正后重新上传。`,
  previewIntro: (n: number) => `共 ${n} 项调整。确认后全部记录；期间若有人改动了这些教师，则全部不记录。`,
  columns: { line: '行', teacher: '教师编号', name: '姓名', from: '现在所在', to: '调到', campus: '校区', reason: '理由', problem: '问题' },
  confirm: '确认，全部记录',
  cancel: '取消',
  recorded: (n: number) => `已记录 ${n} 项人工指定。下次同步会把账号调到指定学校。`,
  recordedPush: '也可以用下方的按钮立即推送。',
  undone: (t: string, s: string) => `已撤销教师 ${t} 到 ${s} 的人工指定。`,
  undoAutomatic: (s: string, why: string) => `按规则应在 ${s}（${why}）。下次同步按规则调整。`,
  undoNoSchool: (code: string) => `学籍系统没有在用学校使用标识码 ${code}：账号留在原处，并报告为暂缓。`,
  pushNow: '立即推送（请求一次同步）',
  pushed: (job: string) => `已请求同步（任务 ${job}），工作进程会尽快执行。`,
  pushUnavailable: '未配置任务队列（REDIS_URL），无法立即推送；下次定时同步会推送。',
  back: '返回',
  noAccount: '（尚无账号）',
} as const;

export interface ReassignFormView {
  csrf: Html;
  /** Shown above the forms: why the last post was refused. */
  errors: readonly string[];
  values: { teacherId: string; schoolId: string; reason: string };
  /** Moves across codes are the province's alone (the command's --force). */
  mayForce: boolean;
  mayUpload: boolean;
}

export function reassignFormBody(v: ReassignFormView): Html {
  const t = REASSIGN_TEXT;
  return html`<p>${t.intro}</p>
${v.errors.length > 0 ? html`<div class="error" role="alert"><p>${t.refusedTitle}</p><ul>${v.errors.map((e) => html`<li>${e}</li>`)}</ul></div>` : ''}
<section><h2>${t.one}</h2>
<form method="post" action="/reassign">${v.csrf}
<label>${t.teacherId} <input name="teacherId" required maxlength="64" value="${v.values.teacherId}"></label>
<label>${t.schoolId} <input name="schoolId" required maxlength="64" value="${v.values.schoolId}"></label>
<label>${t.reason} <input name="reason" required maxlength="1000" value="${v.values.reason}"></label>
${v.mayForce ? html`<label class="check"><input type="checkbox" name="force" value="1"> ${t.force}</label>` : ''}
<button type="submit">${t.submitOne}</button></form></section>
${v.mayUpload ? html`<section><h2>${t.file}</h2><p class="muted">${t.fileHelp}</p>
<form method="post" action="/reassign/file" enctype="multipart/form-data">${v.csrf}
<label>${t.fileField} <input type="file" name="file" accept=".csv,text/csv" required></label>
${v.mayForce ? html`<label class="check"><input type="checkbox" name="force" value="1"> ${t.force}</label>` : ''}
<button type="submit">${t.submitFile}</button></form></section>` : ''}
<section><h2>${t.undoTitle}</h2>
<form method="post" action="/reassign/undo">${v.csrf}
<label>${t.teacherId} <input name="teacherId" required maxlength="64"></label>
<label>${t.undoReason} <input name="reason" maxlength="1000"></label>
<button type="submit">${t.submitUndo}</button></form></section>`;
}

/** One checked move as the preview and the result list it. */
export interface MoveLine {
  line: number | null;
  teacherId: string;
  name: string | null;
  fromSchoolId: string | null;
  schoolId: string;
  campusName: string | null;
  reason: string;
}

export interface RefusedLine {
  line: number;
  text: string;
}

export interface MovesPreviewView {
  csrf: Html;
  moves: readonly MoveLine[];
  refused: readonly RefusedLine[];
  /** Rows read from the file, good and bad. */
  rows: number;
  force: boolean;
}

function movesTable(moves: readonly MoveLine[]): Html {
  const c = REASSIGN_TEXT.columns;
  return html`<div class="table-wrap"><table class="stack">
<thead><tr><th class="num">${c.line}</th><th>${c.teacher}</th><th>${c.name}</th><th>${c.from}</th><th>${c.to}</th><th>${c.campus}</th><th>${c.reason}</th></tr></thead>
<tbody>${moves.map((m) => html`<tr><td class="num" data-label="${c.line}">${m.line ?? ''}</td><td data-label="${c.teacher}">${m.teacherId}</td><td data-label="${c.name}">${maskedName(m.name)}</td><td data-label="${c.from}">${m.fromSchoolId ?? REASSIGN_TEXT.noAccount}</td><td data-label="${c.to}">${m.schoolId}</td><td data-label="${c.campus}">${m.campusName ?? PLACEMENT_TEXT.none}</td><td data-label="${c.reason}">${m.reason}</td></tr>`)}</tbody>
</table></div>`;
}

/**
 * The checked file: every refused row with its reason (and nothing recorded), or the moves and a
 * confirmation that posts them back whole, to be checked again and recorded in one transaction.
 */
export function movesPreviewBody(v: MovesPreviewView): Html {
  const t = REASSIGN_TEXT;
  const c = t.columns;
  if (v.refused.length > 0) {
    return html`<div class="error" role="alert"><p>${t.refusedTitle}</p><p>${t.refusedIntro(v.refused.length, v.rows)}</p></div>
<div class="table-wrap"><table><thead><tr><th class="num">${c.line}</th><th>${c.problem}</th></tr></thead>
<tbody>${v.refused.map((r) => html`<tr><td class="num">${r.line}</td><td>${r.text}</td></tr>`)}</tbody></table></div>
<p><a href="/reassign">${t.back}</a></p>`;
  }
  const payload = JSON.stringify(v.moves.map((m) => ({ teacherId: m.teacherId, schoolId: m.schoolId, reason: m.reason, line: m.line })));
  return html`<p>${t.previewIntro(v.moves.length)}</p>${movesTable(v.moves)}
<form method="post" action="/reassign/confirm" class="actions">${v.csrf}
<input type="hidden" name="moves" value="${payload}">${v.force ? html`<input type="hidden" name="force" value="1">` : ''}
<button type="submit">${t.confirm}</button> <a href="/reassign">${t.cancel}</a></form>`;
}

export interface MovesRecordedView {
  csrf: Html;
  moves: readonly MoveLine[];
  /** A run can be asked of the workers (the queue is configured and the person may). */
  mayPushNow: boolean;
  back: string | null;
}

export function movesRecordedBody(v: MovesRecordedView): Html {
  const t = REASSIGN_TEXT;
  return html`<p class="ok" role="status">${t.recorded(v.moves.length)}${v.mayPushNow ? t.recordedPush : ''}</p>${movesTable(v.moves)}
${pushNowForm(v.csrf, v.mayPushNow)}
<p><a href="${v.back ?? '/reassign'}">${t.back}</a></p>`;
}

export interface UndoneView {
  csrf: Html;
  teacherId: string;
  schoolId: string;
  institutionCode: string | null;
  fromSchoolId: string | null;
  automatic: SchoolChoice | null;
  mayPushNow: boolean;
  back: string | null;
}

export function undoneBody(v: UndoneView): Html {
  const t = REASSIGN_TEXT;
  const next = v.automatic === null ? t.undoNoSchool(v.institutionCode ?? '') : t.undoAutomatic(v.automatic.schoolId, placementName(v.automatic.reason));
  return html`<p class="ok" role="status">${t.undone(v.teacherId, v.schoolId)}</p><p>${next}</p>
${pushNowForm(v.csrf, v.mayPushNow)}
<p><a href="${v.back ?? '/reassign'}">${t.back}</a></p>`;
}

function pushNowForm(csrf: Html, may: boolean): Html | string {
  if (!may) return '';
  return html`<form method="post" action="/reassign/push-now" class="actions">${csrf}<button type="submit">${REASSIGN_TEXT.pushNow}</button></form>`;
}

export function pushedBody(v: { jobId: string | null }): Html {
  const t = REASSIGN_TEXT;
  return html`<p class="ok" role="status">${v.jobId === null ? t.pushUnavailable : t.pushed(v.jobId)}</p><p><a href="/reassign">${t.back}</a></p>`;
}
