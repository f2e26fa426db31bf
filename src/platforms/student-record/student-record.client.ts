import { PlatformError } from '../errors.js';
import { checkPageSize, pickTuning, type HttpTuning } from '../http/client-options.js';
import { createHttpClient, type HttpClient, type HttpLogger } from '../http/http-client.js';
import { paginate } from '../http/paging.js';
import { createTokenProvider, type ClientCredentialsTokenProvider } from '../http/token-provider.js';
import { pageEnvelopeSchema } from '../lenient.js';
import type { TargetSchool } from '../../core/types.js';
import {
  toAccountBody, toBatchItemResult, toPlatformAccount, toTargetSchool,
  type AccountPayload, type BatchItem, type BatchItemResult, type PlatformAccount,
} from './student-record.mapping.js';
import { accountRecordSchema, batchResponseSchemaFor, putAccountResponseSchema, schoolRecordSchema } from './student-record.schemas.js';

/** The platform refuses larger batches with 413. */
export const MAX_BATCH_ITEMS = 500;

export interface StudentRecordClientOptions extends HttpTuning {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  pageSize?: number;
  now?: () => number;
}

export interface PutAccountResult {
  status: 200 | 201;
  externalId: string;
  accountId: string;
  username: string | null;
}

/** The student-record platform (学籍系统省级集中平台): its schools, its accounts, and pushes to it. */
export class StudentRecordClient {
  private readonly http: HttpClient;
  private readonly tokens: ClientCredentialsTokenProvider;
  private readonly pageSize: number;
  private readonly logger: HttpLogger | undefined;

  constructor(opts: StudentRecordClientOptions) {
    this.pageSize = checkPageSize(opts.pageSize ?? 1000);
    this.logger = opts.logger;
    const tuning = pickTuning(opts);
    this.tokens = createTokenProvider({
      platform: 'srp', baseUrl: opts.baseUrl, clientId: opts.clientId, clientSecret: opts.clientSecret,
      ...(opts.now ? { now: opts.now } : {}),
      ...(tuning.timeoutMs !== undefined ? { timeoutMs: tuning.timeoutMs } : {}),
      ...(tuning.httpsAgent !== undefined ? { httpsAgent: tuning.httpsAgent } : {}),
      ...(tuning.logger ? { logger: tuning.logger } : {}),
      ...(tuning.onCall ? { onCall: tuning.onCall } : {}),
    });
    this.http = createHttpClient({ ...tuning, platform: 'srp', baseUrl: opts.baseUrl, tokenProvider: this.tokens });
  }

  private listing(path: string, signal?: AbortSignal): AsyncGenerator<unknown[]> {
    return paginate(
      (cursor) => this.http.get(path, { cursor: cursor ?? undefined, limit: this.pageSize }, pageEnvelopeSchema, signal),
      { platform: 'srp' },
    );
  }

  /**
   * Every school and campus. A row that cannot be read is left out with a warning: the teachers
   * it would have received are then reported as having no target school, which is visible.
   */
  async *schools(signal?: AbortSignal): AsyncGenerator<TargetSchool[]> {
    for await (const data of this.listing('/api/v1/schools', signal)) {
      const page: TargetSchool[] = [];
      for (const raw of data) {
        const r = schoolRecordSchema.safeParse(raw);
        if (r.success) page.push(toTargetSchool(r.data));
        else this.skipped('school', raw, 'schoolId', r.error.issues.map((i) => i.path.join('.')));
      }
      yield page;
    }
  }

  /** Every teacher account the platform holds now. */
  async *accounts(signal?: AbortSignal): AsyncGenerator<PlatformAccount[]> {
    for await (const data of this.listing('/api/v1/teacher-accounts', signal)) {
      const page: PlatformAccount[] = [];
      for (const raw of data) {
        const r = accountRecordSchema.safeParse(raw);
        if (r.success) page.push(toPlatformAccount(r.data));
        else this.skipped('account', raw, 'accountId', r.error.issues.map((i) => i.path.join('.')));
      }
      yield page;
    }
  }

  /**
   * Creates or replaces one account (idempotent). A 404/409/422 throws a PlatformError whose
   * `serverError` holds the code and, for 409, `existingExternalId` and `existingAccountId`.
   */
  async putAccount(externalId: string, body: AccountPayload, signal?: AbortSignal): Promise<PutAccountResult> {
    const path = `/api/v1/teacher-accounts/${encodeURIComponent(externalId)}`;
    const res = await this.http.put(path, toAccountBody(body), putAccountResponseSchema, signal);
    if (res.status !== 200 && res.status !== 201) {
      throw new PlatformError({
        code: 'PLATFORM_SCHEMA', platform: 'srp', status: res.status, retryable: false,
        message: `srp PUT ${path}: HTTP ${res.status}, expected 200 or 201`,
      });
    }
    return { status: res.status, externalId: res.data.externalId, accountId: res.data.accountId, username: res.data.username ?? null };
  }

  /**
   * Pushes up to 500 accounts in one call. Per-account failures (404, 409, 422) come back as
   * results, one per item in the order sent; only a failure of the whole call throws.
   */
  async pushBatch(items: BatchItem[], signal?: AbortSignal): Promise<BatchItemResult[]> {
    if (items.length > MAX_BATCH_ITEMS) {
      throw new PlatformError({
        code: 'PLATFORM_TOO_LARGE', platform: 'srp', retryable: false,
        message: `pushBatch takes at most ${MAX_BATCH_ITEMS} items, got ${items.length}; split the batch`,
      });
    }
    if (items.length === 0) return [];
    const ids = items.map((i) => i.externalId);
    const body = { items: items.map((i) => ({ externalId: i.externalId, ...toAccountBody(i) })) };
    const res = await this.http.post('/api/v1/teacher-accounts/batch', body, batchResponseSchemaFor(ids), signal);
    return res.results.map((r, i) => toBatchItemResult(r, items[i]));
  }

  close(): void {
    this.http.close();
    this.tokens.close();
  }

  private skipped(kind: string, raw: unknown, idField: string, fields: string[]): void {
    const id = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[idField] : undefined;
    this.logger?.warn({ platform: 'srp', kind, [idField]: typeof id === 'string' ? id : null, fields }, `unreadable ${kind} skipped`);
  }
}
