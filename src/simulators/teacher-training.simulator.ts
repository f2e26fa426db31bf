import { ApiError } from './api-error.js';
import { HttpSimulator, type Route, type SimulatorBaseOptions } from './http-simulator.js';
import { decodeCursor, encodeCursor, pageAfter, parseLimit } from './paging.js';
import { formatCst, parseRfc3339 } from './time.js';
import type { SourceTeacherWire } from './wire.js';

export interface TeacherTrainingOptions extends SimulatorBaseOptions {
  teachers?: readonly SourceTeacherWire[];
  clientId?: string;
  clientSecret?: string;
  tokenTtlSeconds?: number;
}

export type TeacherPatch = Partial<Omit<SourceTeacherWire, 'teacherId'>>;

/**
 * A record stored as raw JSON by `appendRaw`: served exactly as given, wrong types and missing
 * fields included, and never updated or removed.
 */
class RawRecord {
  constructor(readonly json: unknown) {}
}

/**
 * The teacher-training platform (教师培训管理平台): `GET /api/v1/teachers`, full or delta, behind OAuth.
 * Records keep the position they were first stored at, so paging is stable while records change;
 * a record is frozen and replaced, never mutated, so what `list()` handed out stays as it was.
 */
export class TeacherTrainingSimulator extends HttpSimulator {
  /** Slot per position; null once removed. */
  private readonly records: (SourceTeacherWire | RawRecord | null)[] = [];
  /** updatedAt of each slot in epoch ms (NaN when unreadable), for delta pulls. */
  private readonly updatedMs: number[] = [];
  private readonly positions = new Map<string, number>();

  constructor(opts: TeacherTrainingOptions = {}) {
    super(
      opts,
      { clientId: opts.clientId ?? 'teacher-sync', clientSecret: opts.clientSecret ?? 'secret', tokenTtlSeconds: opts.tokenTtlSeconds ?? 7200 },
      {},
    );
    for (const t of opts.teachers ?? []) this.upsert(t);
  }

  protected routes(): Route[] {
    return [{ method: 'GET', path: '/api/v1/teachers', auth: true, list: true, handle: (ctx) => ({ status: 200, body: this.page(ctx.query) }) }];
  }

  /** Records listed now, in list order. */
  list(): SourceTeacherWire[] {
    return this.records.filter((r): r is SourceTeacherWire => r !== null && !(r instanceof RawRecord));
  }

  get(teacherId: string): SourceTeacherWire | undefined {
    const at = this.positions.get(teacherId);
    const r = at === undefined ? null : (this.records[at] ?? null);
    return r === null || r instanceof RawRecord ? undefined : r;
  }

  /**
   * Appends records as raw JSON values to the end of the list, served exactly as given: any JSON
   * value, a teacherId missing, of another type or already listed. A raw record is in delta pulls
   * only when its updatedAt is a readable RFC 3339 string; `list()` and `get()` do not show it.
   */
  appendRaw(records: readonly unknown[]): void {
    for (const r of records) {
      const json: unknown = structuredClone(r);
      const updatedAt = typeof json === 'object' && json !== null ? (json as { updatedAt?: unknown }).updatedAt : undefined;
      this.records.push(new RawRecord(json));
      this.updatedMs.push(typeof updatedAt === 'string' ? (parseRfc3339(updatedAt) ?? NaN) : NaN);
    }
  }

  /** Stores a record as given (its updatedAt included); a new teacherId goes to the end of the list. */
  upsert(record: SourceTeacherWire): void {
    const stored = Object.isFrozen(record) ? record : Object.freeze({ ...record });
    const at = this.positions.get(record.teacherId);
    const ms = record.updatedAt === null ? null : parseRfc3339(record.updatedAt);
    if (at === undefined) {
      this.positions.set(record.teacherId, this.records.length);
      this.records.push(stored);
      this.updatedMs.push(ms ?? NaN);
    } else {
      this.records[at] = stored;
      this.updatedMs[at] = ms ?? NaN;
    }
  }

  /** An edit on the platform: applies the patch and sets updatedAt to the simulator clock. */
  update(teacherId: string, patch: TeacherPatch): SourceTeacherWire {
    const current = this.get(teacherId);
    if (!current) throw new Error(`no teacher ${teacherId}`);
    const next: SourceTeacherWire = { ...current, ...patch, teacherId, updatedAt: formatCst(this.now()) };
    this.upsert(next);
    return next;
  }

  /** The record is no longer listed, in full pulls or delta pulls. */
  remove(teacherId: string): boolean {
    const at = this.positions.get(teacherId);
    if (at === undefined) return false;
    this.positions.delete(teacherId);
    this.records[at] = null;
    return true;
  }

  private page(query: URLSearchParams): { data: unknown[]; nextCursor: string | null } {
    const limit = parseLimit(query);
    const { after, filters } = decodeCursor('teachers', query.get('cursor'));
    const raw = query.get('updatedSince') || filters['updatedSince'] || null;
    let since: number | null = null;
    if (raw !== null) {
      since = parseRfc3339(raw);
      if (since === null) throw new ApiError(400, 'INVALID_UPDATED_SINCE', 'updatedSince must be an RFC 3339 timestamp with offset');
    }
    const { data, next } = pageAfter(this.records, after, limit, since === null ? undefined : (_r, i) => (this.updatedMs[i] ?? NaN) >= since);
    return {
      data: data.map((r) => (r instanceof RawRecord ? r.json : r)),
      nextCursor: next === null ? null : encodeCursor('teachers', next, raw === null ? undefined : { updatedSince: raw }),
    };
  }
}
