import { readFileSync } from 'node:fs';

/** A county-level division (县级行政区) of the simulated province that is in use today. */
export interface County {
  /** 6-digit administrative division code (行政区划代码), e.g. `330102`. */
  code: string;
  /**
   * Prefecture-level city (地级市), e.g. `杭州市`. A county the history lists as 直辖 (directly
   * under the province) names its municipality (`北京市`), or itself (`仙桃市`) in a province.
   */
  city: string;
  /** e.g. `上城区`, `桐庐县`, `义乌市`. */
  name: string;
}

/** The province the simulators generate unless told otherwise: Zhejiang, where the project began. */
export const DEFAULT_SIMULATED_PROVINCE = '33';

const HISTORY_FILE = new URL('../../data/areacodes/areacodes-history.csv', import.meta.url);

let csv: string | null = null;
const cached = new Map<string, readonly County[]>();

/**
 * Today's counties of one province (two digits) from the country's area-code history: rows with
 * 级别 = 县级 and 状态 = 在用. The file is read once per process; it never changes at run time.
 */
export function loadCounties(province: string = DEFAULT_SIMULATED_PROVINCE): readonly County[] {
  let counties = cached.get(province);
  if (!counties) {
    csv ??= readFileSync(HISTORY_FILE, 'utf8');
    counties = parseCounties(csv, province);
    cached.set(province, counties);
  }
  return counties;
}

export function parseCounties(text: string, province: string = DEFAULT_SIMULATED_PROVINCE): County[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const counties: County[] = [];
  for (const line of lines.slice(1)) {
    const [code, provinceName, city, name, level, state] = line.split(',');
    if (level !== '县级' || state !== '在用' || !code || !city || !name || !/^\d{6}$/.test(code) || !code.startsWith(province)) continue;
    const direct = city === '直辖';
    counties.push({ code, city: direct ? (provinceName?.endsWith('市') ? provinceName : name) : city, name });
  }
  if (counties.length === 0) throw new Error(`no county in use found in the area-code file for province ${province}`);
  return counties;
}
