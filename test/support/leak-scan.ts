import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sql } from 'kysely';
import { simpleParser, type ParsedMail } from 'mailparser';
import { openDatabase } from '../../src/db/database.js';
import { residentIdCheckChar } from '../../src/simulators/index.js';
import type { DbKind } from './databases.js';
import { zipEntries } from './zip-entries.js';

/** A value that must appear nowhere, and what it is (for the failure message). */
export interface Needle {
  value: string;
  what: string;
}

/** Text from one place the daemon wrote to. */
export interface Haystack {
  source: string;
  text: string;
}

export interface Leak {
  what: string;
  value: string;
  source: string;
}

/** ASCII and full-width digits, as they are typed. */
const FULL_WIDTH = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).replace(/X/g, 'Ｘ');
const compact = (s: string) => s.normalize('NFKC').replace(/[\s\u3000]/g, '').toUpperCase();

/**
 * Every form an ID number may take on its way through the daemon: as sent, gap-free, NFKC-folded
 * upper-case, full-width, and for a resident ID both its 15-digit and 18-digit forms.
 */
export function idNumberForms(raw: string): string[] {
  const plain = compact(raw);
  const forms = new Set([raw, raw.replace(/\s/g, ''), plain, FULL_WIDTH(plain)]);
  if (/^\d{15}$/.test(plain)) {
    const first17 = `${plain.slice(0, 6)}19${plain.slice(6)}`;
    const upgraded = first17 + residentIdCheckChar(first17);
    forms.add(upgraded).add(FULL_WIDTH(upgraded));
  }
  if (/^\d{6}19\d{9}[\dX]$/.test(plain)) forms.add(plain.slice(0, 6) + plain.slice(8, 17));
  return [...forms];
}

/** A mobile as sent, without separators or +86, and full-width. */
export function mobileForms(raw: string): string[] {
  const plain = compact(raw).replace(/[-\u2010-\u2015\u2212]/g, '');
  const national = /^(?:\+|00)?86(\d{11})$/.exec(plain)?.[1] ?? plain;
  return [...new Set([raw, raw.replace(/\s/g, ''), plain, national, FULL_WIDTH(national), `+86${national}`])];
}

const RUN = /[0-9A-Z\uFF10-\uFF19\uFF38]+/g;
const isDigit = (c: string | undefined) => c !== undefined && /[0-9\uFF10-\uFF19]/.test(c);

/**
 * Finds needles in text, case-insensitively. Gap-free needles are looked up as windows of runs of
 * letters and digits (fast on megabytes of logs and dumps); the rest by plain search. A needle of
 * fewer than 10 characters counts only where no digit touches it, so that an 8-digit permit number
 * is not "found" inside a timestamp; longer ones count anywhere.
 */
export class LeakScanner {
  private readonly compactNeedles = new Map<string, Needle>();
  private readonly lengths: number[];
  private readonly otherNeedles: Needle[] = [];

  constructor(needles: readonly Needle[]) {
    for (const n of needles) {
      const value = n.value.toUpperCase();
      if (value.length < 5) throw new Error(`needle too short to look for: ${n.what}`);
      if (new RegExp(`^${RUN.source}$`).test(value)) {
        if (!this.compactNeedles.has(value)) this.compactNeedles.set(value, { ...n, value });
      } else this.otherNeedles.push({ ...n, value });
    }
    this.lengths = [...new Set([...this.compactNeedles.keys()].map((k) => k.length))].sort((a, b) => a - b);
  }

  get size(): number {
    return this.compactNeedles.size + this.otherNeedles.length;
  }

  scan(h: Haystack): Leak[] {
    const text = h.text.toUpperCase();
    const found = new Map<string, Leak>();
    const min = this.lengths[0] ?? Infinity;
    for (const m of text.matchAll(RUN)) {
      const run = m[0];
      if (run.length < min) continue;
      for (const len of this.lengths) {
        if (len > run.length) break;
        for (let i = 0; i + len <= run.length; i++) {
          const needle = this.compactNeedles.get(run.slice(i, i + len));
          if (!needle || found.has(needle.value)) continue;
          if (len < 10 && (isDigit(run[i - 1]) || isDigit(run[i + len]))) continue;
          found.set(needle.value, { what: needle.what, value: needle.value, source: h.source });
        }
      }
    }
    for (const n of this.otherNeedles) if (text.includes(n.value)) found.set(n.value, { what: n.what, value: n.value, source: h.source });
    return [...found.values()];
  }

  scanAll(hs: readonly Haystack[]): Leak[] {
    return hs.flatMap((h) => this.scan(h));
  }
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Buffer.isBuffer(v)) return `${v.toString('latin1')} ${v.toString('utf8')}`;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v as string | number | bigint | boolean);
}

/** Every row of every table of the database, whatever tables it has now, as text per table. */
export async function dumpDatabase(url: string, kind: DbKind): Promise<Haystack[]> {
  const handle = await openDatabase({ url, kind: kind === 'sqlite' ? 'sqlite' : 'mysql' });
  try {
    const tables =
      kind === 'sqlite'
        ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(handle.db)
        : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = database()`.execute(handle.db);
    const out: Haystack[] = [];
    for (const { name } of tables.rows) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(handle.db);
      const text = rows.rows.map((r) => Object.entries(r).map(([k, v]) => `${k}=${cellText(v)}`).join('\t')).join('\n');
      out.push({ source: `database table ${name} (${rows.rows.length} rows)`, text });
    }
    return out;
  } finally {
    await handle.close();
  }
}

/** The SQLite file and its WAL as raw bytes: free pages keep what was deleted. */
export function sqliteFiles(url: string): Haystack[] {
  const path = url.slice('sqlite:'.length);
  return [path, `${path}-wal`, `${path}-journal`]
    .filter((p) => existsSync(p))
    .map((p) => {
      const bytes = readFileSync(p);
      return { source: `file ${p}`, text: `${bytes.toString('latin1')}\n${bytes.toString('utf8')}` };
    });
}

/** Long numbers stored as spreadsheet numbers: an ID number there would lose its last digits and escape a text search. */
const LONG_NUMBER_CELL = /<v>(?:\d{11,}|\d(?:\.\d+)?E\+?(?:1[0-9]|2[0-9]))<\/v>/gi;

/** Every part of an .xlsx (sheets, shared strings, metadata), as text. */
export function xlsxHaystacks(source: string, content: Buffer): Haystack[] {
  return [...zipEntries(content)].map(([name, data]) => ({ source: `${source} ${name}`, text: data.toString('utf8') }));
}

/** Cells of the .xlsx parts among `hs` that hold a long number as a number. */
export function longNumberCells(hs: readonly Haystack[]): string[] {
  return hs.filter((h) => h.source.includes('.xlsx')).flatMap((h) => [...h.text.matchAll(LONG_NUMBER_CELL)].map((m) => `${h.source}: ${m[0]}`));
}

/** What a reader of a message can see: headers, subject, bodies, every attachment opened up; and the raw message. */
export function mailHaystacks(source: string, mail: ParsedMail, raw: Buffer): Haystack[] {
  const out: Haystack[] = [
    { source: `${source} raw`, text: raw.toString('utf8') },
    { source: `${source} headers`, text: mail.headerLines.map((l) => l.line).join('\n') },
    { source: `${source} body`, text: `${mail.subject ?? ''}\n${mail.text ?? ''}\n${typeof mail.html === 'string' ? mail.html : ''}` },
  ];
  for (const a of mail.attachments) {
    const name = `${source} attachment ${a.filename ?? '(unnamed)'}`;
    if (a.filename?.endsWith('.xlsx')) out.push(...xlsxHaystacks(name, a.content));
    else out.push({ source: name, text: a.content.toString('utf8') });
  }
  return out;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Every file under a folder: .eml parsed, .xlsx opened, anything else as text. */
export async function folderHaystacks(dir: string): Promise<{ files: string[]; haystacks: Haystack[] }> {
  const files = walk(dir);
  const haystacks: Haystack[] = [];
  for (const f of files) {
    const source = `file ${relative(dir, f)}`;
    const content = readFileSync(f);
    if (f.endsWith('.eml')) haystacks.push(...mailHaystacks(source, await simpleParser(content), content));
    else if (f.endsWith('.xlsx')) haystacks.push(...xlsxHaystacks(source, content));
    else haystacks.push({ source, text: content.toString('utf8') });
  }
  return { files, haystacks };
}
