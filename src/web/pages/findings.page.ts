import { maskPersonName } from '../../core/pii-mask.js';
import { MISMATCH_KINDS, type MismatchFinding, type MismatchKind, type PersonProblem } from '../../core/mismatch-finding.js';
import { KIND_LABELS, PERSON_LABELS, actionText, problemDetailText } from '../../reports/finding-labels.js';
import type { TrendPoint } from '../findings-trend.js';
import { html, type Html } from '../html.js';
import { count, dateTime } from './format.js';
import { trendTable } from './overview.page.js';

/** Every word of the findings pages. */
export const FINDINGS_TEXT = {
  indexTitle: '问题清单',
  title: (name: string) => `${name} 问题清单`,
  run: (id: number, at: number) => `依据第 ${id} 次同步（${dateTime(at)}）的核对结果，与发给教育局的邮件相同。`,
  noRun: '还没有产生问题清单的同步。',
  none: '本区域在最近一次同步中没有发现问题。',
  areasColumns: { area: '区域', code: '代码', schools: '学校问题', people: '人员问题' },
  noAreas: '最近一次同步没有发现问题。',
  summary: (schools: number, teachers: number, people: number) => `学校问题 ${count(schools)} 条（涉及 ${count(teachers)} 名教师），人员问题 ${count(people)} 条。`,
  download: '下载',
  xlsx: '下载 Excel（与邮件附件相同）',
  csv: '下载 CSV',
  filters: '筛选',
  kind: '问题类别',
  allKinds: '全部',
  search: '学校标识码或名称',
  sort: '排序',
  apply: '筛选',
  reset: '清除',
  sorts: { kind: '按问题类别', code: '按学校标识码', name: '按填报名称', score: '按名称相似度', teachers: '按教师数' } as Record<SortKey, string>,
  dirs: { asc: '升序', desc: '降序' },
  shown: (n: number, total: number) => (n === total ? `共 ${count(total)} 条` : `显示 ${count(n)} 条，共 ${count(total)} 条`),
  schools: '学校问题',
  columns: { county: '区县', kind: '问题', code: '学校标识码', entered: '填报学校名称', registry: '登记名称', score: '名称相似度', teachers: '教师数', action: '处理建议', suggested: '建议标识码' },
  empty: '（空）',
  people: '人员问题',
  peopleNote: (limit: number) => `仅显示前 ${limit} 条，完整名单见下载文件。姓名、证件号码已脱敏。`,
  peopleColumns: { name: '姓名', id: '证件号码（脱敏）', problem: '问题', detail: '说明', school: '填报学校' },
  trend: '每次同步发现的本区域学校问题',
  trendChart: '本区域学校问题数随同步变化的折线图',
  counties: '下辖区县',
  countyLine: (schools: number, people: number) => `学校问题 ${count(schools)} 条，人员问题 ${count(people)} 条`,
} as const;

export const SORT_KEYS = ['kind', 'code', 'name', 'score', 'teachers'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface FindingsQuery {
  kind: MismatchKind | null;
  q: string;
  sort: SortKey;
  dir: 'asc' | 'desc';
}

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

/** The school findings the query selects, in its order (the same rows the report has, filtered). */
export function selectFindings(all: readonly MismatchFinding[], query: FindingsQuery): MismatchFinding[] {
  const needle = query.q.trim().toLowerCase();
  const kept = all.filter((f) => (query.kind === null || f.kind === query.kind)
    && (needle === '' || [f.institutionCode, f.enteredName, f.registryName ?? '', f.suggestedCode ?? ''].some((s) => s.toLowerCase().includes(needle))));
  const key: Record<SortKey, (f: MismatchFinding) => string | number> = {
    kind: (f) => MISMATCH_KINDS.indexOf(f.kind),
    code: (f) => f.institutionCode,
    name: (f) => f.enteredName,
    score: (f) => f.score ?? -1,
    teachers: (f) => f.teacherCount,
  };
  const sign = query.dir === 'desc' ? -1 : 1;
  return kept
    .map((f, i) => ({ f, i }))
    .sort((a, b) => sign * cmp(key[query.sort](a.f), key[query.sort](b.f)) || cmp(a.f.institutionCode, b.f.institutionCode) || a.i - b.i)
    .map(({ f }) => f);
}

export interface AreaIndexView {
  run: { id: number; startedAtMs: number } | null;
  areas: readonly { code: string; name: string; schools: number; people: number }[];
}

export function areaIndexBody(v: AreaIndexView): Html {
  const t = FINDINGS_TEXT;
  if (!v.run) return html`<p class="muted">${t.noRun}</p>`;
  if (v.areas.length === 0) return html`<p class="muted">${t.run(v.run.id, v.run.startedAtMs)}</p><p>${t.noAreas}</p>`;
  const c = t.areasColumns;
  return html`<p class="muted">${t.run(v.run.id, v.run.startedAtMs)}</p>
<div class="table-wrap"><table>
<thead><tr><th>${c.area}</th><th>${c.code}</th><th class="num">${c.schools}</th><th class="num">${c.people}</th></tr></thead>
<tbody>${v.areas.map((a) => html`<tr><td><a href="/findings/${a.code}">${a.name}</a></td><td>${a.code}</td><td class="num">${count(a.schools)}</td><td class="num">${count(a.people)}</td></tr>`)}</tbody>
</table></div>`;
}

export interface FindingsView {
  area: string;
  run: { id: number; startedAtMs: number } | null;
  all: readonly MismatchFinding[];
  shown: readonly MismatchFinding[];
  people: readonly PersonProblem[];
  peopleLimit: number;
  query: FindingsQuery;
  trend: readonly TrendPoint[];
  counties: readonly { code: string; name: string; schools: number; people: number }[];
  countyNames: ReadonlyMap<string, string>;
}

function filters(v: FindingsView): Html {
  const t = FINDINGS_TEXT;
  const q = v.query;
  return html`<form class="filters" method="get" action="/findings/${v.area}">
<label>${t.kind}<select name="kind"><option value="">${t.allKinds}</option>${MISMATCH_KINDS.map((k) => html`<option value="${k}"${q.kind === k ? html` selected` : ''}>${KIND_LABELS[k].label}</option>`)}</select></label>
<label>${t.search}<input name="q" value="${q.q}" maxlength="100"></label>
<label>${t.sort}<select name="sort">${SORT_KEYS.map((s) => html`<option value="${s}"${q.sort === s ? html` selected` : ''}>${t.sorts[s]}</option>`)}</select></label>
<label>&nbsp;<select name="dir"><option value="asc"${q.dir === 'asc' ? html` selected` : ''}>${t.dirs.asc}</option><option value="desc"${q.dir === 'desc' ? html` selected` : ''}>${t.dirs.desc}</option></select></label>
<button type="submit">${t.apply}</button> <a href="/findings/${v.area}">${t.reset}</a>
</form>`;
}

function schoolTable(v: FindingsView): Html {
  const t = FINDINGS_TEXT;
  const c = t.columns;
  const many = v.counties.length > 1;
  return html`<div class="table-wrap"><table class="stack">
<thead><tr>${many ? html`<th>${c.county}</th>` : ''}<th>${c.kind}</th><th>${c.code}</th><th>${c.entered}</th><th>${c.registry}</th><th class="num">${c.score}</th><th class="num">${c.teachers}</th><th>${c.suggested}</th><th>${c.action}</th></tr></thead>
<tbody>${v.shown.map((f) => html`<tr>${many ? html`<td class="nowrap" data-label="${c.county}">${v.countyNames.get(f.countyCode) ?? f.countyCode}</td>` : ''}<td class="nowrap" data-label="${c.kind}">${KIND_LABELS[f.kind].label}</td><td class="nowrap" data-label="${c.code}">${f.institutionCode || t.empty}</td><td data-label="${c.entered}">${f.enteredName || t.empty}</td><td data-label="${c.registry}">${f.registryName ?? ''}</td><td class="num" data-label="${c.score}">${f.score === null ? '' : f.score.toFixed(2)}</td><td class="num" data-label="${c.teachers}">${count(f.teacherCount)}</td><td class="nowrap" data-label="${c.suggested}">${f.suggestedCode ?? ''}</td><td data-label="${c.action}">${actionText(f)}</td></tr>`)}</tbody>
</table></div>`;
}

function peopleTable(v: FindingsView): Html {
  const t = FINDINGS_TEXT;
  const c = t.peopleColumns;
  if (v.people.length === 0) return html``;
  const rows = v.people.slice(0, v.peopleLimit);
  return html`<h2>${t.people}</h2>
<p class="muted">${v.people.length > v.peopleLimit ? t.peopleNote(v.peopleLimit) : t.shown(rows.length, v.people.length)}</p>
<div class="table-wrap"><table class="stack">
<thead><tr><th>${c.name}</th><th>${c.id}</th><th>${c.problem}</th><th>${c.detail}</th><th>${c.school}</th></tr></thead>
<tbody>${rows.map((p) => html`<tr><td class="nowrap" data-label="${c.name}">${maskPersonName(p.teacherName)}</td><td class="nowrap" data-label="${c.id}">${p.idNumberMasked ?? ''}</td><td class="nowrap" data-label="${c.problem}">${PERSON_LABELS[p.code].label}</td><td data-label="${c.detail}">${problemDetailText(p.detail)}</td><td data-label="${c.school}">${p.institutionName ?? ''}</td></tr>`)}</tbody>
</table></div>`;
}

export function findingsBody(v: FindingsView): Html {
  const t = FINDINGS_TEXT;
  if (!v.run) return html`<p class="muted">${t.noRun}</p>`;
  const teachers = v.all.reduce((n, f) => n + f.teacherCount, 0);
  return html`<p class="muted">${t.run(v.run.id, v.run.startedAtMs)}</p>
${v.all.length === 0 && v.people.length === 0 ? html`<p>${t.none}</p>` : html`<p>${t.summary(v.all.length, teachers, v.people.length)}</p>
<p class="downloads"><a class="button" href="/findings/${v.area}/report.xlsx" download>${t.xlsx}</a> <a href="/findings/${v.area}/report.csv" download>${t.csv}</a></p>`}
${v.counties.length > 1 ? html`<h2>${t.counties}</h2><ul>${v.counties.map((c) => html`<li><a href="/findings/${c.code}">${c.name}</a>：${t.countyLine(c.schools, c.people)}</li>`)}</ul>` : ''}
<h2>${t.trend}</h2>
${trendTable(v.trend, t.trendChart)}
${v.all.length === 0 ? '' : html`<h2>${t.schools}</h2>
${filters(v)}
<p class="muted">${t.shown(v.shown.length, v.all.length)}</p>
${schoolTable(v)}`}
${peopleTable(v)}`;
}
