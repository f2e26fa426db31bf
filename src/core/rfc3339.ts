import { daysFromCivil, isRealDate } from './calendar.js';

/**
 * RFC 3339 date-time with a mandatory offset. Date.parse is not used: it accepts many shapes
 * that are not RFC 3339 and differs between engines. RFC 3339 section 5.6 allows a lower-case
 * t/z and (in its note) a space instead of T.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** Epoch milliseconds, or null when the text is not an RFC 3339 date-time. */
export function parseRfc3339(text: string | null): number | null {
  if (text === null) return null;
  const m = RFC3339.exec(text.trim());
  if (!m) return null;
  const [, ys, mos, ds, hs, mis, ss, frac, zulu, sign, ohs, oms] = m;
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  const hour = Number(hs);
  const minute = Number(mis);
  // 60 is a leap second; it is read as the next second, as POSIX time does.
  const second = Number(ss);
  if (!isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 60) return null;
  let offsetMinutes = 0;
  if (!zulu) {
    const oh = Number(ohs);
    const om = Number(oms);
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (sign === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  const local = daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
  return local - offsetMinutes * MS_PER_MINUTE;
}
