import type { RunRecord } from '../../db/repositories/sync-run.repository.js';
import { RUN_MODE_LABELS, RUN_STATUS_LABELS } from '../../core/run-labels.js';
import { scrubServerText } from '../../platforms/http/server-text.js';
import type { QueueStatus } from '../../queue/queue-admin.js';
import type { TrendPoint } from '../findings-trend.js';
import { html, type Html } from '../html.js';
import { count, dateTime, duration } from './format.js';

/** Every word of the overview page. */
export const OVERVIEW_TEXT = {
  title: '概览',
  latest: '最近一次同步',
  nextSlot: '下次计划同步',
  noSlot: '无',
  schedule: (cron: string, tz: string) => `计划：${cron}（${tz}）`,
  queueTotal: '队列中待办',
  runs: '最近的同步',
  noRuns: '还没有同步记录。',
  trend: '每次同步发现的学校问题',
  trendOwn: '每次同步发现的本辖区学校问题',
  trendChart: '学校问题数随同步变化的折线图',
  noTrend: '还没有产生问题清单的同步。',
  trendColumns: { run: '同步', findings: '学校问题' },
  queue: '任务队列',
  noRedis: '未配置 Redis（REDIS_URL），队列不可查看。',
  queueDown: '暂时无法读取队列。',
  queueColumns: { queue: '队列', waiting: '等待', active: '进行中', delayed: '延后', failed: '失败', completed: '已完成' },
  queueNames: { runs: '同步任务', push: '推送分片' } as Record<string, string>,
  failedJobs: '失败的任务',
  failedColumns: { queue: '队列', id: '任务', detail: '内容', attempts: '尝试', reason: '原因', at: '时间' },
  areas: '本辖区问题清单',
  allAreas: '各区县问题清单',
  columns: {
    id: '编号', started: '开始时间', mode: '方式', status: '状态', scope: '计划范围', duration: '用时',
    pulled: '拉取', created: '新建', updated: '更新', moved: '调动', disabled: '停用', failed: '失败',
  },
  scopes: { all: '全部人员', changed: '仅变动人员' } as Record<string, string>,
  people: (n: number) => `${count(n)} 人`,
  modes: RUN_MODE_LABELS,
  statuses: RUN_STATUS_LABELS,
} as const;

export interface OverviewView {
  now: number;
  /** Province-wide counts and the queue (province operators). */
  operations: boolean;
  runs: readonly RunRecord[];
  nextSlot: Date | null;
  schedule: { expression: string; timezone: string };
  /** null: no Redis configured; 'unavailable': Redis did not answer in time. */
  queue: QueueStatus | 'unavailable' | null;
  trend: readonly TrendPoint[];
  /** The areas whose findings pages the person may open (with names). */
  areas: readonly { code: string; name: string }[];
}

const t = OVERVIEW_TEXT;

export function statusTag(status: string): Html {
  return html`<span class="tag ${status}">${t.statuses[status] ?? status}</span>`;
}

export function runLabel(r: { runId: number; startedAtMs: number }): string {
  return `#${r.runId} ${dateTime(r.startedAtMs).slice(5)}`;
}

function cards(v: OverviewView): Html {
  const latest = v.runs[0];
  const waiting = v.queue && v.queue !== 'unavailable'
    ? Object.values(v.queue.counts).reduce((n, c) => n + (c.waiting ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0), 0)
    : null;
  return html`<div class="cards">
<div class="card"><span>${t.latest}</span><b>${latest ? statusTag(latest.status) : t.noSlot}</b><span>${latest ? `#${latest.id} ${dateTime(latest.startedAtMs)}` : ''}</span></div>
<div class="card"><span>${t.nextSlot}</span><b>${v.nextSlot ? dateTime(v.nextSlot.getTime()).slice(5) : t.noSlot}</b><span>${t.schedule(v.schedule.expression, v.schedule.timezone)}</span></div>
${v.operations && waiting !== null ? html`<div class="card"><span>${t.queueTotal}</span><b>${count(waiting)}</b></div>` : ''}
</div>`;
}

function runsTable(v: OverviewView): Html {
  const c = t.columns;
  if (v.runs.length === 0) return html`<p class="muted">${t.noRuns}</p>`;
  const ops = v.operations;
  // On a phone each run is a card of labelled fields (table.stack), as a county's findings are.
  return html`<div class="table-wrap"><table class="stack">
<thead><tr><th class="num">${c.id}</th><th>${c.started}</th><th>${c.mode}</th><th>${c.status}</th>${ops ? html`<th>${c.scope}</th>` : ''}<th class="num">${c.duration}</th>${ops ? html`<th class="num">${c.pulled}</th><th class="num">${c.created}</th><th class="num">${c.updated}</th><th class="num">${c.moved}</th><th class="num">${c.disabled}</th><th class="num">${c.failed}</th>` : ''}</tr></thead>
<tbody>${v.runs.map((r) => html`<tr><td class="num" data-label="${c.id}">${r.id}</td><td class="nowrap" data-label="${c.started}">${dateTime(r.startedAtMs)}</td><td class="nowrap" data-label="${c.mode}">${t.modes[r.mode] ?? r.mode}</td><td data-label="${c.status}">${statusTag(r.status)}</td>${ops ? html`<td class="nowrap" data-label="${c.scope}">${r.plan ? `${t.scopes[r.plan.scope] ?? r.plan.scope}（${t.people(r.plan.people)}）` : ''}</td>` : ''}<td class="num" data-label="${c.duration}">${duration((r.finishedAtMs ?? v.now) - r.startedAtMs)}</td>${ops ? html`<td class="num" data-label="${c.pulled}">${count(r.pulled)}</td><td class="num" data-label="${c.created}">${count(r.created)}</td><td class="num" data-label="${c.updated}">${count(r.updated)}</td><td class="num" data-label="${c.moved}">${count(r.moved)}</td><td class="num" data-label="${c.disabled}">${count(r.disabled)}</td><td class="num" data-label="${c.failed}">${count(r.failed)}</td>` : ''}</tr>`)}</tbody>
</table></div>`;
}

/** A table of findings per run that the console's script turns into a line chart above it. */
export function trendTable(points: readonly TrendPoint[], chartLabel: string): Html {
  if (points.length === 0) return html`<p class="muted">${t.noTrend}</p>`;
  return html`<div class="table-wrap"><table data-chart="${chartLabel}" data-series="1">
<thead><tr><th>${t.trendColumns.run}</th><th class="num">${t.trendColumns.findings}</th></tr></thead>
<tbody>${[...points].map((p) => html`<tr><td class="nowrap">${runLabel(p)}</td><td class="num">${count(p.findings)}</td></tr>`)}</tbody>
</table></div>`;
}

function queueSection(v: OverviewView): Html {
  if (!v.operations) return html``;
  if (v.queue === null) return html`<h2>${t.queue}</h2><p class="muted">${t.noRedis}</p>`;
  if (v.queue === 'unavailable') return html`<h2>${t.queue}</h2><p class="muted">${t.queueDown}</p>`;
  const q = v.queue;
  const c = t.queueColumns;
  const f = t.failedColumns;
  return html`<h2>${t.queue}</h2>
<div class="table-wrap"><table>
<thead><tr><th>${c.queue}</th><th class="num">${c.waiting}</th><th class="num">${c.active}</th><th class="num">${c.delayed}</th><th class="num">${c.failed}</th><th class="num">${c.completed}</th></tr></thead>
<tbody>${Object.entries(q.counts).map(([name, n]) => html`<tr><td>${t.queueNames[name] ?? name}</td><td class="num">${count((n.waiting ?? 0) + (n.prioritized ?? 0))}</td><td class="num">${count(n.active ?? 0)}</td><td class="num">${count(n.delayed ?? 0)}</td><td class="num">${count(n.failed ?? 0)}</td><td class="num">${count(n.completed ?? 0)}</td></tr>`)}</tbody>
</table></div>
${q.failed.length === 0 ? '' : html`<h2>${t.failedJobs}</h2><div class="table-wrap"><table>
<thead><tr><th>${f.queue}</th><th>${f.id}</th><th>${f.detail}</th><th class="num">${f.attempts}</th><th>${f.reason}</th><th>${f.at}</th></tr></thead>
<tbody>${q.failed.map((j) => html`<tr><td>${t.queueNames[j.queue] ?? j.queue}</td><td>${j.id}</td><td>${j.detail}</td><td class="num">${j.attemptsMade}/${j.attempts}</td><td>${scrubServerText(j.failedReason ?? '', [], 200)}</td><td class="nowrap">${j.at === null ? '' : dateTime(j.at)}</td></tr>`)}</tbody>
</table></div>`}`;
}

function areaLinks(v: OverviewView): Html {
  if (v.operations) return html`<p><a href="/findings">${t.allAreas}</a></p>`;
  if (v.areas.length === 0) return html``;
  return html`<h2>${t.areas}</h2><ul>${v.areas.map((a) => html`<li><a href="/findings/${a.code}">${a.name}（${a.code}）</a></li>`)}</ul>`;
}

export function overviewBody(v: OverviewView): Html {
  return html`${cards(v)}
${areaLinks(v)}
<h2>${v.operations ? t.trend : t.trendOwn}</h2>
${trendTable(v.trend, t.trendChart)}
<h2>${t.runs}</h2>
${runsTable(v)}
${queueSection(v)}`;
}
