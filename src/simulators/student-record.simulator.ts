import { AccountStore, type ManualAccountInput, type PutOutcome } from './account-store.js';
import { accountBodySchema, batchSchema, externalIdSchema, firstIssueField } from './account.schema.js';
import { ApiError } from './api-error.js';
import { HttpSimulator, type Reply, type Route, type SimulatorBaseOptions, type SimulatorStats } from './http-simulator.js';
import { decodeCursor, encodeCursor, pageAfter, parseLimit } from './paging.js';
import type { AccountRecord, AccountStatus, AccountWire, PushLogEntry, SchoolWire } from './wire.js';

export interface StudentRecordOptions extends SimulatorBaseOptions {
  schools?: readonly SchoolWire[];
  clientId?: string;
  clientSecret?: string;
  tokenTtlSeconds?: number;
}

export interface StudentRecordStats extends SimulatorStats {
  batchCalls: number;
  /** Account items received, by PUT or in batches, whatever their outcome. */
  itemsPushed: number;
}

export const MAX_BATCH_ITEMS = 500;

/** The result of one batch item, as the contract shapes it. */
export interface BatchResult {
  externalId: string | null;
  status: number;
  accountId?: string;
  username?: string;
  error?: { code: string; message: string } & Record<string, unknown>;
}

/**
 * The student-record platform (学籍系统省级集中平台): schools, and teacher accounts written by PUT or
 * in batches of up to 500, behind OAuth.
 */
export class StudentRecordSimulator extends HttpSimulator<StudentRecordStats> {
  /** Every account item received, in order. */
  readonly pushLog: PushLogEntry[] = [];
  private schoolRows: SchoolWire[] = [];
  private readonly schoolPositions = new Map<string, number>();
  private readonly store: AccountStore;

  constructor(opts: StudentRecordOptions = {}) {
    super(
      opts,
      { clientId: opts.clientId ?? 'teacher-sync', clientSecret: opts.clientSecret ?? 'secret', tokenTtlSeconds: opts.tokenTtlSeconds ?? 7200 },
      { batchCalls: 0, itemsPushed: 0 },
    );
    this.store = new AccountStore((id) => this.school(id), () => this.now());
    for (const s of opts.schools ?? []) this.upsertSchool(s);
  }

  protected routes(): Route[] {
    return [
      { method: 'GET', path: '/api/v1/schools', auth: true, list: true, handle: (ctx) => ({ status: 200, body: this.schoolPage(ctx.query) }) },
      { method: 'GET', path: '/api/v1/teacher-accounts', auth: true, list: true, handle: (ctx) => ({ status: 200, body: this.accountPage(ctx.query) }) },
      { method: 'PUT', path: '/api/v1/teacher-accounts/{externalId}', auth: true, handle: async (ctx) => this.putOne(ctx.params['externalId'] ?? '', await ctx.json()) },
      { method: 'POST', path: '/api/v1/teacher-accounts/batch', auth: true, handle: async (ctx) => this.batch(await ctx.json()) },
    ];
  }

  // --- what tests and benchmarks look at or change -----------------------------------------------

  accounts(): AccountRecord[] {
    return this.store.rows.map((a) => ({ ...a }));
  }

  account(externalId: string): AccountRecord | undefined {
    const a = this.store.get(externalId);
    return a ? { ...a } : undefined;
  }

  /** As if a person created the account on the platform by hand: externalId null. */
  createManualAccount(input: ManualAccountInput): AccountRecord {
    return { ...this.store.createManual(input) };
  }

  /** As if a person moved the account to another school on the platform. */
  moveAccount(accountId: string, schoolId: string): AccountRecord {
    return { ...this.store.move(accountId, schoolId) };
  }

  /** As if a person enabled or disabled the account on the platform. */
  setAccountStatus(accountId: string, status: AccountStatus): AccountRecord {
    return { ...this.store.setStatus(accountId, status) };
  }

  /** As if a person deleted the account on the platform. */
  deleteAccount(accountId: string): void {
    this.store.delete(accountId);
  }

  schools(): SchoolWire[] {
    return this.schoolRows.map((s) => ({ ...s }));
  }

  /** Adds a school or replaces the one with the same schoolId (closing it: status `inactive`). */
  upsertSchool(school: SchoolWire): void {
    const at = this.schoolPositions.get(school.schoolId);
    if (at === undefined) {
      this.schoolPositions.set(school.schoolId, this.schoolRows.length);
      this.schoolRows.push({ ...school });
    } else this.schoolRows[at] = { ...school };
  }

  /** Stops listing a school at all (a school taken off the platform, not closed). */
  removeSchool(schoolId: string): void {
    if (!this.schoolPositions.has(schoolId)) return;
    this.schoolRows = this.schoolRows.filter((s) => s.schoolId !== schoolId);
    this.schoolPositions.clear();
    this.schoolRows.forEach((s, i) => this.schoolPositions.set(s.schoolId, i));
  }

  // --- the API ---------------------------------------------------------------------------------------

  private school(schoolId: string): SchoolWire | undefined {
    const at = this.schoolPositions.get(schoolId);
    return at === undefined ? undefined : this.schoolRows[at];
  }

  private schoolPage(query: URLSearchParams) {
    const limit = parseLimit(query);
    const { after } = decodeCursor('schools', query.get('cursor'));
    const { data, next } = pageAfter(this.schoolRows, after, limit);
    return { data, nextCursor: next === null ? null : encodeCursor('schools', next) };
  }

  private accountPage(query: URLSearchParams) {
    const limit = parseLimit(query);
    const { after } = decodeCursor('accounts', query.get('cursor'));
    const { data, next } = pageAfter(this.store.rows, after, limit);
    const wire: AccountWire[] = data.map((a) => ({
      externalId: a.externalId, accountId: a.accountId, username: a.username, idType: a.idType,
      idNumber: a.idNumber, schoolId: a.schoolId, status: a.status, name: a.name, updatedAt: a.updatedAt,
    }));
    return { data: wire, nextCursor: next === null ? null : encodeCursor('accounts', next) };
  }

  private putOne(externalId: string, body: unknown): Reply {
    const result = this.write(externalId, body);
    if ('error' in result) return { status: result.status, body: result.error };
    return { status: result.status, body: { externalId, accountId: result.accountId, username: result.username } };
  }

  private async batch(body: unknown): Promise<Reply> {
    this.stats.batchCalls++;
    const delay = this.faults.batchDelayMs ?? 0;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const envelope = batchSchema.safeParse(body);
    if (!envelope.success) throw new ApiError(422, 'VALIDATION_FAILED', 'the body must be { items: [...] }', { field: 'items' });
    const items = envelope.data.items;
    if (items.length > MAX_BATCH_ITEMS) {
      throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `at most ${MAX_BATCH_ITEMS} items per batch, got ${items.length}`);
    }
    const results: BatchResult[] = items.map((item) => {
      const rawId = typeof item === 'object' && item !== null ? (item as Record<string, unknown>)['externalId'] : undefined;
      const externalId = typeof rawId === 'string' ? rawId : null;
      const outcome = this.write(externalId, item);
      if ('error' in outcome) return { externalId, status: outcome.status, error: outcome.error };
      return { externalId, status: outcome.status, accountId: outcome.accountId, username: outcome.username };
    });
    return { status: 200, body: { results } };
  }

  /** One account item, by PUT or in a batch: validated, applied, logged and counted. */
  private write(externalId: string | null, body: unknown): PutOutcome {
    const outcome = this.validateAndPut(externalId, body);
    this.stats.itemsPushed++;
    this.pushLog.push({ externalId, status: outcome.status, at: this.now() });
    return outcome;
  }

  private validateAndPut(externalId: string | null, body: unknown): PutOutcome {
    const id = externalIdSchema.safeParse(externalId);
    if (!id.success) return invalid('externalId', 'externalId must be 1-64 letters, digits or . _ : -');
    const parsed = accountBodySchema.safeParse(body);
    if (!parsed.success) {
      const field = firstIssueField(parsed.error, 'body');
      return invalid(field, parsed.error.issues[0]?.message ?? 'invalid');
    }
    return this.store.put(id.data, parsed.data);
  }
}

function invalid(field: string, message: string): PutOutcome {
  return { status: 422, error: { code: 'VALIDATION_FAILED', message: `${field}: ${message}`, field } };
}
