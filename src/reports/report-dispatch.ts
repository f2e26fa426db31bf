import { createHash } from 'node:crypto';
import { coerceError } from '../core/errors.js';
import { bureauFor, divisionDisplayName, type BureauDirectory, type ProvinceDivisions } from '../core/county-routing.js';
import type { MismatchKind } from '../core/mismatch-finding.js';
import type { Repositories } from '../db/port.js';
import type { DeliveryKind, LastDelivery } from '../db/ports/report-delivery.port.js';
import type { RunRecord, RunStatus } from '../db/ports/sync-run.port.js';
import type { Logger } from '../log/logger.js';
import { MailError, type MailAttachment, type Mailer } from '../mail/mailer.js';
import { collectCountyFindings, type CountyFindings } from './county-findings.js';
import { ALL_CLEAR_HASH, chinaDate, reportContentHash, type CountyReport } from './county-report.js';
import { countyReportCsv, summaryCsv } from './report-csv.js';
import { allClearMail, countyReportMail, summaryMail, type CountyLine, type RenderedMail } from './report-html.js';
import { countyReportXlsx, summaryXlsx } from './report-xlsx.js';

export interface ReportContext {
  repos: Repositories;
  mailer: Mailer;
  bureaus: BureauDirectory;
  /** The configured province's divisions: routing, county names, and the province's own name. */
  history: ProvinceDivisions;
  log: Logger;
  clock: () => number;
  htmlRowLimit: number;
  /** The web console's public address (console.publicUrl): county mails link to their findings there. */
  consoleUrl?: string | null;
  /** Told of every mail sent or failed (the metrics). */
  onDelivery?: (outcome: DispatchOutcome) => void;
}

export interface DispatchOptions {
  /** Only these (today's) county codes; all when absent. */
  counties?: ReadonlySet<string>;
  /** Send county reports even when the county was last sent the same content (a re-send on demand). */
  force?: boolean;
  /** Decide and describe, send and record nothing. */
  dryRun?: boolean;
  /** Tell counties whose problems are gone that they are. */
  allClear?: boolean;
  /** Send the provincial summary of the run. */
  summary?: boolean;
  signal?: AbortSignal;
}

export type DispatchStatus = 'sent' | 'failed' | 'unchanged' | 'would-send';

export interface DispatchOutcome {
  kind: DeliveryKind;
  countyCode: string;
  countyName: string;
  status: DispatchStatus;
  recipients: string[];
  subject: string;
  schools: number;
  people: number;
  files: readonly string[];
  error: string | null;
}

/** Runs that got past their findings phase: only their findings are complete enough to mail. */
export const REPORTABLE_STATUSES: readonly RunStatus[] = ['succeeded', 'partial', 'stopped'];

/** A sync that got past its findings phase; a reconciliation on its own has no findings to mail. */
export function isReportable(run: Pick<RunRecord, 'status' | 'mode'>): boolean {
  return REPORTABLE_STATUSES.includes(run.status) && run.mode !== 'reconcile';
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One dispatch under way: what it was asked, the run, and what it did so far. */
interface Dispatch {
  ctx: ReportContext;
  opts: DispatchOptions;
  run: RunRecord;
  findings: ReadonlyMap<string, CountyFindings>;
  last: ReadonlyMap<string, LastDelivery>;
  outcomes: DispatchOutcome[];
}

interface Delivery {
  kind: DeliveryKind;
  countyCode: string;
  contentHash: string;
  mail: RenderedMail;
  attachments: MailAttachment[];
  counts: { schools: number; people: number };
}

const inScope = (d: Dispatch, county: string): boolean => !d.opts.counties || d.opts.counties.has(county);
const bureauName = (d: Dispatch, county: string): string | null => bureauFor(d.ctx.bureaus, county)?.bureau.name ?? null;

/** Sends one mail (or, in a dry run, says it would) and records the delivery, sent or failed. */
async function deliver(d: Dispatch, m: Delivery): Promise<void> {
  const { ctx, run } = d;
  const choice = m.kind === 'summary' ? (ctx.bureaus.province ? { bureau: ctx.bureaus.province } : null) : bureauFor(ctx.bureaus, m.countyCode);
  const to = [...(choice?.bureau.to ?? [])];
  const cc = [...(choice?.bureau.cc ?? [])].filter((a) => !to.includes(a));
  const outcome: DispatchOutcome = {
    kind: m.kind, countyCode: m.countyCode, countyName: divisionDisplayName(m.countyCode, ctx.history), status: 'would-send', recipients: [...to, ...cc],
    subject: m.mail.subject, ...m.counts, files: [], error: null,
  };
  d.outcomes.push(outcome);
  if (d.opts.dryRun) return;
  const attemptedAtMs = ctx.clock();
  const recorded = { runId: run.id, countyCode: m.countyCode, kind: m.kind, channel: ctx.mailer.channel, contentHash: m.contentHash, recipients: outcome.recipients, findingCount: m.counts.schools + m.counts.people, attemptedAtMs };
  try {
    const fileStem = `run-${run.id}/${m.kind === 'summary' ? 'province' : m.countyCode}-${m.kind}`;
    const receipt = await ctx.mailer.send({ to, cc, subject: m.mail.subject, html: m.mail.html, text: m.mail.text, attachments: m.attachments, fileStem }, d.opts.signal);
    outcome.status = 'sent';
    outcome.files = receipt.files;
    await ctx.repos.deliveries.record({ ...recorded, status: 'sent', messageId: receipt.messageId, error: null, sentAtMs: ctx.clock() });
  } catch (e) {
    const err = coerceError(e);
    outcome.status = 'failed';
    outcome.error = err.message;
    ctx.log.warn({ runId: run.id, countyCode: m.countyCode, kind: m.kind, code: err instanceof MailError ? err.code : undefined, err: err.message }, 'report not delivered');
    await ctx.repos.deliveries.record({ ...recorded, status: 'failed', messageId: null, error: err.message, sentAtMs: null });
  }
  ctx.onDelivery?.(outcome);
}

/** One report per county with findings, unless that county was last sent exactly this content. */
async function countyReports(d: Dispatch): Promise<void> {
  const { ctx, run } = d;
  for (const f of [...d.findings.values()].sort((a, b) => (a.countyCode < b.countyCode ? -1 : 1))) {
    if (!inScope(d, f.countyCode)) continue;
    const report: CountyReport = {
      provinceName: ctx.history.name, countyCode: f.countyCode, countyName: divisionDisplayName(f.countyCode, ctx.history), bureauName: bureauName(d, f.countyCode),
      runId: run.id, runStartedAtMs: run.startedAtMs, schools: f.schools, people: f.people,
    };
    const hash = reportContentHash(report);
    const previous = d.last.get(f.countyCode);
    const counts = { schools: f.schools.length, people: f.people.length };
    const mail = countyReportMail(report, ctx.htmlRowLimit, ctx.consoleUrl ?? null);
    if (!d.opts.force && previous?.kind === 'report' && previous.contentHash === hash) {
      d.outcomes.push({ kind: 'report', countyCode: f.countyCode, countyName: report.countyName, status: 'unchanged', recipients: [], subject: mail.subject, ...counts, files: [], error: null });
      continue;
    }
    const stem = `学校信息核对_${report.countyName}_${f.countyCode}_${chinaDate(run.startedAtMs)}`;
    const attachments: MailAttachment[] = [
      { filename: `${stem}.xlsx`, content: await countyReportXlsx(report), contentType: XLSX_TYPE },
      { filename: `${stem}.csv`, content: countyReportCsv(report), contentType: 'text/csv; charset=utf-8' },
    ];
    await deliver(d, { kind: 'report', countyCode: f.countyCode, contentHash: hash, mail, attachments, counts });
  }
}

/** One all-clear to each county last sent a report and now without findings. */
async function allClears(d: Dispatch): Promise<void> {
  const { ctx, run } = d;
  for (const [countyCode, previous] of d.last) {
    if (previous.kind !== 'report' || d.findings.has(countyCode) || !inScope(d, countyCode)) continue;
    const mail = allClearMail({ provinceName: ctx.history.name, countyCode, countyName: divisionDisplayName(countyCode, ctx.history), bureauName: bureauName(d, countyCode), runId: run.id, runStartedAtMs: run.startedAtMs });
    await deliver(d, { kind: 'all-clear', countyCode, contentHash: ALL_CLEAR_HASH, mail, attachments: [], counts: { schools: 0, people: 0 } });
  }
}

/** The province's summary of the run; it goes out after every run, its hash only records what it said. */
async function provinceSummary(d: Dispatch): Promise<void> {
  const { ctx, run, findings } = d;
  const digest = await runDigest(ctx.repos, run, findings, d.outcomes, ctx.history);
  const mail = summaryMail(digest);
  // The full county table goes with it: the mail itself shows each county as a block, for a phone.
  const stem = `省级汇总_第${run.id}次_${chinaDate(run.startedAtMs)}`;
  const attachments: MailAttachment[] = digest.counties.length === 0 ? [] : [
    { filename: `${stem}.xlsx`, content: await summaryXlsx(digest), contentType: XLSX_TYPE },
    { filename: `${stem}.csv`, content: summaryCsv(digest), contentType: 'text/csv; charset=utf-8' },
  ];
  await deliver(d, {
    kind: 'summary', countyCode: ctx.history.divisionCode, contentHash: createHash('sha256').update(mail.text).digest('hex'), mail, attachments,
    counts: {
      schools: [...findings.values()].reduce((n, f) => n + f.schools.length, 0),
      people: [...findings.values()].reduce((n, f) => n + f.people.length, 0),
    },
  });
}

/**
 * Delivers what a run found: one report per county with findings, unless that county was last
 * sent exactly this content; one all-clear to a county last sent a report and now without
 * findings; and the summary to the province. Every delivery, sent or failed, is recorded.
 */
export async function dispatchReports(ctx: ReportContext, runId: number, opts: DispatchOptions = {}): Promise<DispatchOutcome[]> {
  const run = await ctx.repos.runs.get(runId);
  if (!run) throw new Error(`there is no run ${runId}`);
  const findings = isReportable(run) ? await collectCountyFindings(ctx.repos, runId, ctx.history) : new Map<string, CountyFindings>();
  const d: Dispatch = { ctx, opts, run, findings, last: await ctx.repos.deliveries.lastDelivered(ctx.mailer.channel), outcomes: [] };
  await countyReports(d);
  if (opts.allClear && isReportable(run)) await allClears(d);
  if (opts.summary) await provinceSummary(d);
  return d.outcomes;
}

const DELIVERY_LABELS: Readonly<Record<DispatchStatus, string>> = { sent: '已发送', failed: '发送失败', unchanged: '内容未变，未重发', 'would-send': '待发送' };

async function runDigest(
  repos: Repositories, run: RunRecord, findings: ReadonlyMap<string, CountyFindings>, outcomes: readonly DispatchOutcome[], history: ProvinceDivisions,
) {
  const problems = await repos.problems.countsByCode(run.id);
  const pushProblems = Object.fromEntries(Object.entries(problems).filter(([code]) => code.startsWith('PUSH_')));
  const lines: CountyLine[] = [];
  for (const f of [...findings.values()].sort((a, b) => (a.countyCode < b.countyCode ? -1 : 1))) {
    const byKind: Partial<Record<MismatchKind, number>> = {};
    for (const s of f.schools) byKind[s.kind] = (byKind[s.kind] ?? 0) + 1;
    const outcome = outcomes.find((o) => o.kind === 'report' && o.countyCode === f.countyCode);
    lines.push({
      countyCode: f.countyCode, countyName: divisionDisplayName(f.countyCode, history), byKind, people: f.people.length,
      delivery: outcome ? DELIVERY_LABELS[outcome.status] : '未在本次范围内',
    });
  }
  for (const o of outcomes) {
    if (o.kind !== 'all-clear') continue;
    lines.push({ countyCode: o.countyCode, countyName: o.countyName, byKind: {}, people: 0, delivery: o.status === 'sent' ? '已全部更正，已通知' : `已全部更正，${DELIVERY_LABELS[o.status]}` });
  }
  return {
    provinceName: history.name, runId: run.id, status: run.status, mode: run.mode, startedAtMs: run.startedAtMs, finishedAtMs: run.finishedAtMs,
    counts: {
      pulled: run.pulled, quarantined: run.quarantined, created: run.created, updated: run.updated, moved: run.moved,
      disabled: run.disabled, unchanged: run.unchanged, held: run.held, failed: run.failed,
    },
    safetyReason: run.safetyReason, error: run.error, pushProblems, counties: lines, reconcile: run.reconcile,
  };
}

/**
 * Sends the reports of the latest finished run again, every county's or one's, whether or not
 * their content changed (an operator's `report send`); null when no run has finished yet.
 */
export async function resendLatestReports(ctx: ReportContext, opts: { county: string | null; dryRun: boolean }): Promise<{ runId: number; outcomes: DispatchOutcome[] } | null> {
  const run = await ctx.repos.runs.latestSyncWithStatus(REPORTABLE_STATUSES);
  if (!run) return null;
  const outcomes = await dispatchReports(ctx, run.id, {
    ...(opts.county ? { counties: new Set([opts.county]) } : {}), force: true, allClear: true, dryRun: opts.dryRun,
  });
  return { runId: run.id, outcomes };
}
