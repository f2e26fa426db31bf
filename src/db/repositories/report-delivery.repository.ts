import type { Db } from '../database.js';
import type { DeliveryChannel, DeliveryKind, DeliveryRecord, LastDelivery, ReportDeliveryStore } from '../ports/report-delivery.port.js';
import { chunks, IN_LIST_LIMIT } from '../upsert.js';

/** Reports delivered (or not) to each county, and the provincial summaries. */
export class ReportDeliveryRepository implements ReportDeliveryStore {
  constructor(private readonly db: Db) {}

  async record(d: DeliveryRecord): Promise<void> {
    await this.db
      .insertInto('report_delivery')
      .values({
        run_id: d.runId, county_code: d.countyCode, kind: d.kind, channel: d.channel, content_hash: d.contentHash, status: d.status,
        recipients: d.recipients.join(', ').slice(0, 2000), finding_count: d.findingCount, message_id: d.messageId?.slice(0, 300) ?? null,
        error: d.error?.slice(0, 1000) ?? null, attempted_at_ms: d.attemptedAtMs, sent_at_ms: d.sentAtMs,
      })
      .execute();
  }

  /** Per county, the last county report or all-clear delivered on the channel. */
  async lastDelivered(channel: DeliveryChannel): Promise<Map<string, LastDelivery>> {
    const latest = await this.db
      .selectFrom('report_delivery')
      .select(['county_code', (eb) => eb.fn.max('id').as('id')])
      .where('channel', '=', channel)
      .where('status', '=', 'sent')
      .where('kind', 'in', ['report', 'all-clear'])
      .groupBy('county_code')
      .execute();
    const out = new Map<string, LastDelivery>();
    for (const ids of chunks(latest.map((r) => Number(r.id)), IN_LIST_LIMIT)) {
      if (ids.length === 0) continue;
      const rows = await this.db
        .selectFrom('report_delivery')
        .select(['county_code', 'run_id', 'kind', 'content_hash', 'sent_at_ms'])
        .where('id', 'in', ids)
        .execute();
      for (const r of rows) {
        out.set(r.county_code, {
          runId: Number(r.run_id), kind: r.kind as DeliveryKind, contentHash: r.content_hash,
          sentAtMs: r.sent_at_ms === null ? null : Number(r.sent_at_ms),
        });
      }
    }
    return out;
  }

  async forRun(runId: number): Promise<DeliveryRecord[]> {
    const rows = await this.db.selectFrom('report_delivery').selectAll().where('run_id', '=', runId).orderBy('id').execute();
    return rows.map((r) => ({
      runId: Number(r.run_id), countyCode: r.county_code, kind: r.kind as DeliveryKind, channel: r.channel as DeliveryChannel,
      contentHash: r.content_hash, status: r.status === 'sent' ? 'sent' : 'failed', recipients: r.recipients === '' ? [] : r.recipients.split(', '),
      findingCount: Number(r.finding_count), messageId: r.message_id, error: r.error, attemptedAtMs: Number(r.attempted_at_ms),
      sentAtMs: r.sent_at_ms === null ? null : Number(r.sent_at_ms),
    }));
  }
}
