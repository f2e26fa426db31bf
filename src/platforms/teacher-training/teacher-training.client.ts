import { pickTuning, checkPageSize, type HttpTuning } from '../http/client-options.js';
import { createHttpClient, type HttpClient } from '../http/http-client.js';
import { paginate } from '../http/paging.js';
import { createTokenProvider, type ClientCredentialsTokenProvider } from '../http/token-provider.js';
import { pageEnvelopeSchema } from '../lenient.js';
import { toTeacherPage, type TeacherPage } from './teacher-training.mapping.js';

export interface TeacherTrainingClientOptions extends HttpTuning {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Records per page, 1..1000. */
  pageSize?: number;
  /** Clock for token expiry. */
  now?: () => number;
}

/** Reads teachers from the teacher-training platform (教师培训管理平台), the source of teachers. */
export class TeacherTrainingClient {
  private readonly http: HttpClient;
  private readonly tokens: ClientCredentialsTokenProvider;
  private readonly pageSize: number;

  constructor(opts: TeacherTrainingClientOptions) {
    this.pageSize = checkPageSize(opts.pageSize ?? 1000);
    const tuning = pickTuning(opts);
    this.tokens = createTokenProvider({
      platform: 'ttp', baseUrl: opts.baseUrl, clientId: opts.clientId, clientSecret: opts.clientSecret,
      ...(opts.now ? { now: opts.now } : {}),
      ...(tuning.timeoutMs !== undefined ? { timeoutMs: tuning.timeoutMs } : {}),
      ...(tuning.httpsAgent !== undefined ? { httpsAgent: tuning.httpsAgent } : {}),
      ...(tuning.logger ? { logger: tuning.logger } : {}),
      ...(tuning.onCall ? { onCall: tuning.onCall } : {}),
    });
    this.http = createHttpClient({ ...tuning, platform: 'ttp', baseUrl: opts.baseUrl, tokenProvider: this.tokens });
  }

  /**
   * Every teacher (or, with `updatedSince`, those changed since then), page by page. Each page is
   * fetched when the previous one has been consumed.
   */
  async *pages(opts: { updatedSince?: string; signal?: AbortSignal } = {}): AsyncGenerator<TeacherPage> {
    const { updatedSince, signal } = opts;
    const fetchPage = (cursor: string | null) =>
      this.http.get(
        '/api/v1/teachers',
        { cursor: cursor ?? undefined, limit: this.pageSize, updatedSince },
        pageEnvelopeSchema,
        signal,
      );
    for await (const data of paginate(fetchPage, { platform: 'ttp' })) yield toTeacherPage(data);
  }

  close(): void {
    this.http.close();
    this.tokens.close();
  }
}
