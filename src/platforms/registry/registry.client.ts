import { checkPageSize, pickTuning, type HttpTuning } from '../http/client-options.js';
import { createHttpClient, type HttpClient } from '../http/http-client.js';
import { paginate } from '../http/paging.js';
import { pageEnvelopeSchema } from '../lenient.js';
import { toInstitution, type RegistryPage, type RegistrySource } from './registry.mapping.js';

export interface RegistryClientOptions extends HttpTuning {
  baseUrl: string;
  pageSize?: number;
  /** Two digits: only the configured province's institutions (digits 3-4 of their codes). */
  provinceCode: string;
}

/** The registry's HTTP API (`GET /api/v1/institutions`, no auth). */
export class RegistryClient implements RegistrySource {
  private readonly http: HttpClient;
  private readonly pageSize: number;
  private readonly provinceCode: string;

  constructor(opts: RegistryClientOptions) {
    this.pageSize = checkPageSize(opts.pageSize ?? 1000);
    this.provinceCode = opts.provinceCode;
    this.http = createHttpClient({ ...pickTuning(opts), platform: 'registry', baseUrl: opts.baseUrl });
  }

  async *pages(signal?: AbortSignal): AsyncGenerator<RegistryPage> {
    const fetchPage = (cursor: string | null) =>
      this.http.get(
        '/api/v1/institutions',
        { cursor: cursor ?? undefined, limit: this.pageSize, provinceCode: this.provinceCode },
        pageEnvelopeSchema,
        signal,
      );
    let pageNo = 0;
    for await (const data of paginate(fetchPage, { platform: 'registry' })) {
      pageNo++;
      const page: RegistryPage = { records: [], rejected: [] };
      data.forEach((raw, i) => {
        const r = toInstitution(raw);
        if (r.ok) page.records.push(r.value);
        else page.rejected.push({ line: `page ${pageNo} item ${i + 1}`, reason: r.reason });
      });
      yield page;
    }
  }

  close(): void {
    this.http.close();
  }
}
