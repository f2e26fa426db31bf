import type { RunRecord } from '../../db/repositories/sync-run.repository.js';
import { html, type Html } from '../html.js';
import { dateTime, duration } from './format.js';

export const OVERVIEW_TEXT = {
  title: '概览',
  runs: '最近的同步',
  noRuns: '还没有同步记录。',
  columns: { id: '编号', started: '开始时间', mode: '方式', status: '状态', duration: '用时', pulled: '拉取', created: '新建', updated: '更新', moved: '调动', disabled: '停用', failed: '失败', findings: '问题' },
  modes: { delta: '增量', full: '全量', reconcile: '核对' } as Record<string, string>,
  statuses: { running: '进行中', succeeded: '成功', partial: '部分成功', stopped: '已停止', halted: '已暂停', failed: '失败', aborted: '中止' } as Record<string, string>,
} as const;

export interface OverviewView {
  runs: readonly RunRecord[];
  now: number;
}

export function overviewBody(v: OverviewView): Html {
  const t = OVERVIEW_TEXT;
  const c = t.columns;
  if (v.runs.length === 0) return html`<p class="muted">${t.noRuns}</p>`;
  return html`<h2>${t.runs}</h2>
<div class="table-wrap"><table>
<thead><tr><th>${c.id}</th><th>${c.started}</th><th>${c.mode}</th><th>${c.status}</th><th class="num">${c.duration}</th></tr></thead>
<tbody>${v.runs.map((r) => html`<tr><td class="num">${r.id}</td><td class="nowrap">${dateTime(r.startedAtMs)}</td><td>${t.modes[r.mode] ?? r.mode}</td><td><span class="tag ${r.status}">${t.statuses[r.status] ?? r.status}</span></td><td class="num">${duration((r.finishedAtMs ?? v.now) - r.startedAtMs)}</td></tr>`)}</tbody>
</table></div>`;
}
