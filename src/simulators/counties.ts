import { readFileSync } from 'node:fs';

/** A county-level division (县级行政区) of Zhejiang that is in use today. */
export interface County {
  /** 6-digit administrative division code (行政区划代码), e.g. `330102`. */
  code: string;
  /** Prefecture-level city (地级市), e.g. `杭州市`. */
  city: string;
  /** e.g. `上城区`, `桐庐县`, `义乌市`. */
  name: string;
}

const DEFAULT_FILE = new URL('../../data/areacodes/zhejiang-areacodes-history.csv', import.meta.url);

let cached: readonly County[] | null = null;

/**
 * Today's counties from the area-code history file (columns 代码,一级行政区,二级行政区,名称,级别,状态,…):
 * rows with 级别 = 县级 and 状态 = 在用. The file is read once per process; it never changes at run time.
 */
export function loadCounties(): readonly County[] {
  cached ??= parseCounties(readFileSync(DEFAULT_FILE, 'utf8'));
  return cached;
}

export function parseCounties(csv: string): County[] {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  const counties: County[] = [];
  for (const line of lines.slice(1)) {
    const [code, , city, name, level, state] = line.split(',');
    if (level === '县级' && state === '在用' && code && city && name && /^\d{6}$/.test(code)) {
      counties.push({ code, city, name });
    }
  }
  if (counties.length === 0) throw new Error('no county in use found in the area-code file');
  return counties;
}
