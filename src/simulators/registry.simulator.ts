import { ApiError } from './api-error.js';
import { HttpSimulator, type Route, type SimulatorBaseOptions } from './http-simulator.js';
import { decodeCursor, encodeCursor, pageAfter, parseLimit } from './paging.js';
import type { InstitutionWire } from './wire.js';

export interface RegistryOptions extends SimulatorBaseOptions {
  institutions?: readonly InstitutionWire[];
}

const CSV_HEADER = 'code,name,countyCode,category,status';

/** The national institution code registry (全国机构编码系统): `GET /api/v1/institutions`, no auth. */
export class RegistrySimulator extends HttpSimulator {
  private readonly items: InstitutionWire[] = [];
  private readonly positions = new Map<string, number>();

  constructor(opts: RegistryOptions = {}) {
    super(opts, null, {});
    for (const i of opts.institutions ?? []) this.upsert(i);
  }

  protected routes(): Route[] {
    return [{ method: 'GET', path: '/api/v1/institutions', auth: false, list: true, handle: (ctx) => ({ status: 200, body: this.page(ctx.query) }) }];
  }

  list(): InstitutionWire[] {
    return this.items.map((i) => ({ ...i }));
  }

  /** Adds an institution or replaces the one with the same code (a rename, a revocation). */
  upsert(institution: InstitutionWire): void {
    const at = this.positions.get(institution.code);
    if (at === undefined) {
      this.positions.set(institution.code, this.items.length);
      this.items.push({ ...institution });
    } else this.items[at] = { ...institution };
  }

  /** The registry as the file the REGISTRY_FILE mode reads: header `code,name,countyCode,category,status`. */
  toCsv(): string {
    const lines = [CSV_HEADER];
    for (const i of this.items) lines.push([i.code, i.name, i.countyCode, i.category, i.status].map(csvField).join(','));
    return `${lines.join('\n')}\n`;
  }

  private page(query: URLSearchParams): { data: InstitutionWire[]; nextCursor: string | null } {
    const limit = parseLimit(query);
    const { after, filters } = decodeCursor('institutions', query.get('cursor'));
    const province = query.get('provinceCode') || filters['provinceCode'] || null;
    if (province !== null && !/^\d{2}$/.test(province)) {
      throw new ApiError(400, 'INVALID_PROVINCE_CODE', 'provinceCode must be two digits');
    }
    const { data, next } = pageAfter(this.items, after, limit, province === null ? undefined : (i) => i.code.slice(2, 4) === province);
    return { data, nextCursor: next === null ? null : encodeCursor('institutions', next, province === null ? undefined : { provinceCode: province }) };
  }
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
