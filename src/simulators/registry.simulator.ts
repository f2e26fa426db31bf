import { ApiError } from './api-error.js';
import { HttpSimulator, type Route, type SimulatorBaseOptions } from './http-simulator.js';
import { decodeCursor, encodeCursor, pageAfter, parseLimit } from './paging.js';
import type { InstitutionWire } from './wire.js';

export interface RegistryOptions extends SimulatorBaseOptions {
  institutions?: readonly InstitutionWire[];
}

const CSV_HEADER = 'code,name,countyCode,category,status';

/** An institution stored as raw JSON by `appendRaw`: served exactly as given, whatever it holds. */
class RawInstitution {
  constructor(readonly json: unknown) {}
}

/** The national institution code registry (全国机构编码系统): `GET /api/v1/institutions`, no auth. */
export class RegistrySimulator extends HttpSimulator {
  private readonly items: (InstitutionWire | RawInstitution)[] = [];
  private readonly positions = new Map<string, number>();

  constructor(opts: RegistryOptions = {}) {
    super(opts, null, {});
    for (const i of opts.institutions ?? []) this.upsert(i);
  }

  protected routes(): Route[] {
    return [{ method: 'GET', path: '/api/v1/institutions', auth: false, list: true, handle: (ctx) => ({ status: 200, body: this.page(ctx.query) }) }];
  }

  list(): InstitutionWire[] {
    return this.institutions().map((i) => ({ ...i }));
  }

  /**
   * Appends rows as raw JSON values to the end of the listing, served exactly as given (any JSON
   * value, a code missing, malformed or already listed) whatever the provinceCode asked for. They
   * are not in `list()` or `toCsv()`, and `upsert` never replaces them.
   */
  appendRaw(rows: readonly unknown[]): void {
    for (const r of rows) this.items.push(new RawInstitution(structuredClone(r)));
  }

  private institutions(): InstitutionWire[] {
    return this.items.filter((i): i is InstitutionWire => !(i instanceof RawInstitution));
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
    for (const i of this.institutions()) lines.push([i.code, i.name, i.countyCode, i.category, i.status].map(csvField).join(','));
    return `${lines.join('\n')}\n`;
  }

  private page(query: URLSearchParams): { data: unknown[]; nextCursor: string | null } {
    const limit = parseLimit(query);
    const { after, filters } = decodeCursor('institutions', query.get('cursor'));
    const province = query.get('provinceCode') || filters['provinceCode'] || null;
    if (province !== null && !/^\d{2}$/.test(province)) {
      throw new ApiError(400, 'INVALID_PROVINCE_CODE', 'provinceCode must be two digits');
    }
    const inProvince = (i: InstitutionWire | RawInstitution) => i instanceof RawInstitution || i.code.slice(2, 4) === province;
    const { data, next } = pageAfter(this.items, after, limit, province === null ? undefined : inProvince);
    return {
      data: data.map((i) => (i instanceof RawInstitution ? i.json : i)),
      nextCursor: next === null ? null : encodeCursor('institutions', next, province === null ? undefined : { provinceCode: province }),
    };
  }
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
