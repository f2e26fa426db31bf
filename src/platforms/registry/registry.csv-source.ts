import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { PlatformError } from '../errors.js';
import { checkPageSize } from '../http/client-options.js';
import { csvRecords } from '../../text/csv-reader.js';
import { toInstitution, type RegistryPage, type RegistrySource } from './registry.mapping.js';

const REQUIRED_COLUMNS = ['code', 'name', 'countyCode', 'status'] as const;
const COLUMNS = [...REQUIRED_COLUMNS, 'category'] as const;

export interface RegistryCsvSourceOptions {
  /** The registry's CSV export: header `code,name,countyCode,category,status`, UTF-8, optional BOM. */
  path: string;
  /** Rows per page (records and rejections together). */
  pageSize?: number;
}

/** The registry as a CSV file, streamed: memory holds one page whatever the file's size. */
export class RegistryCsvSource implements RegistrySource {
  private readonly path: string;
  private readonly pageSize: number;

  constructor(opts: RegistryCsvSourceOptions) {
    this.path = opts.path;
    this.pageSize = checkPageSize(opts.pageSize ?? 1000);
  }

  async *pages(signal?: AbortSignal): AsyncGenerator<RegistryPage> {
    signal?.throwIfAborted();
    const input = createReadStream(this.path, { encoding: 'utf8' });
    const lines = createInterface({ input, crlfDelay: Infinity });
    try {
      let columns: Map<string, number> | null = null;
      let width = 0;
      let page: RegistryPage = { records: [], rejected: [] };
      for await (const rec of csvRecords(lines)) {
        if (columns === null) {
          if ('error' in rec) throw this.headerError(`header unreadable: ${rec.error}`);
          columns = new Map(rec.fields.map((name, i) => [name.trim(), i]));
          width = rec.fields.length;
          const missing = REQUIRED_COLUMNS.filter((c) => !columns?.has(c));
          if (missing.length > 0) throw this.headerError(`header lacks column(s) ${missing.join(', ')}`);
          continue;
        }
        if ('error' in rec) {
          page.rejected.push({ line: rec.line, reason: rec.error });
        } else if (rec.fields.length !== width) {
          // Most often an unquoted comma in a name: the columns after it would be shifted.
          page.rejected.push({ line: rec.line, reason: `row has ${rec.fields.length} fields, the header has ${width}` });
        } else {
          const row: Record<string, string> = {};
          for (const c of COLUMNS) {
            const i = columns.get(c);
            const v = i === undefined ? undefined : rec.fields[i];
            if (v !== undefined) row[c] = v;
          }
          const r = toInstitution(row);
          if (r.ok) page.records.push(r.value);
          else page.rejected.push({ line: rec.line, reason: r.reason });
        }
        if (page.records.length + page.rejected.length >= this.pageSize) {
          signal?.throwIfAborted();
          yield page;
          page = { records: [], rejected: [] };
        }
      }
      if (columns === null) throw this.headerError('file is empty');
      if (page.records.length + page.rejected.length > 0) {
        signal?.throwIfAborted();
        yield page;
      }
    } finally {
      lines.close();
      input.destroy();
    }
  }

  private headerError(why: string): PlatformError {
    return new PlatformError({ code: 'PLATFORM_SCHEMA', platform: 'registry', retryable: false, message: `registry file ${this.path}: ${why}` });
  }
}
