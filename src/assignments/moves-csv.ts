import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { csvRecords } from '../text/csv-reader.js';
import type { MoveRequest } from './reassignment.js';
import { CodedError, coerceError } from '../core/errors.js';

export const MOVES_COLUMNS = ['teacherId', 'schoolId', 'reason'] as const;

/** Why a moves file cannot be read at all; a page says each in its own words. */
export type MovesFileProblem = 'missing' | 'unreadable' | 'not-utf8' | 'bad-header' | 'empty';

/** The file cannot be read as a moves file at all (missing, not UTF-8, or no usable header). */
export class MovesFileError extends CodedError<'MOVES_FILE_INVALID'> {
  constructor(message: string, readonly problem: MovesFileProblem, options?: { cause?: unknown }) {
    super('MOVES_FILE_INVALID', message, options);
  }
}

/** Why one row cannot be read; the message says it in the command's words. */
export type MovesRowProblem = 'unreadable' | 'field-count' | 'ids-missing';

export interface MovesRowError {
  line: number;
  message: string;
  problem: MovesRowProblem;
}

export interface MovesCsv {
  requests: MoveRequest[];
  bad: MovesRowError[];
}

/**
 * A moves file: header `teacherId,schoolId,reason` (UTF-8, optional BOM, RFC 4180 quoting, so a
 * reason may hold commas). Rows that cannot be read are returned with their line, not thrown, so
 * that every bad row is reported at once.
 */
export async function readMovesCsv(path: string): Promise<MovesCsv> {
  const input = createReadStream(path);
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', reject);
  });
  try {
    await opened;
  } catch (e) {
    input.destroy();
    const code = (e as NodeJS.ErrnoException).code;
    throw code === 'ENOENT'
      ? new MovesFileError(`${path}: no such file`, 'missing', { cause: e })
      : new MovesFileError(`${path}: cannot be read (${code ?? coerceError(e).message})`, 'unreadable', { cause: e });
  }
  return parseMovesLines(createInterface({ input: Readable.from(utf8Only(input, path)), crlfDelay: Infinity }), path);
}

/**
 * The same file as uploaded: bytes as Excel or WPS save "CSV UTF-8" (a BOM, CRLF line ends), or
 * text already decoded. Bytes that are not UTF-8 (a file saved as GBK, 简体中文 ANSI) are refused
 * whole: decoded as UTF-8 they would turn every name and reason into garbage.
 */
export async function parseMovesCsv(input: Buffer | string, source = 'upload'): Promise<MovesCsv> {
  const text = typeof input === 'string' ? input : decodeUtf8(input, source);
  return parseMovesLines(linesOf(text), source);
}

function notUtf8(source: string): MovesFileError {
  return new MovesFileError(`${source}: the file is not UTF-8 (saved as GBK/ANSI?); save it as "CSV UTF-8" and try again`, 'not-utf8');
}

function decodeUtf8(bytes: Uint8Array, source: string): string {
  try {
    // The decoder drops a leading BOM itself.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    throw Object.assign(notUtf8(source), { cause: e });
  }
}

/** Decodes a byte stream as UTF-8, failing on the first byte that is not, as the upload does. */
async function* utf8Only(chunks: AsyncIterable<Buffer>, source: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of chunks) yield decoder.decode(chunk, { stream: true });
    yield decoder.decode();
  } catch (e) {
    if (e instanceof TypeError) throw Object.assign(notUtf8(source), { cause: e });
    throw e;
  }
}

async function* linesOf(text: string): AsyncGenerator<string> {
  // As node:readline splits: CRLF, LF or a lone CR ends a line; a final line break adds no line.
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  yield* lines;
}

async function parseMovesLines(lines: AsyncIterable<string>, source: string): Promise<MovesCsv> {
  const requests: MoveRequest[] = [];
  const bad: MovesRowError[] = [];
  let columns: Map<string, number> | null = null;
  let width = 0;
  for await (const rec of csvRecords(lines)) {
    if ('error' in rec) {
      if (columns === null) throw new MovesFileError(`${source}: the header cannot be read (${rec.error})`, 'bad-header');
      bad.push({ line: rec.line, message: rec.error, problem: 'unreadable' });
      continue;
    }
    if (columns === null) {
      columns = new Map(rec.fields.map((name, i) => [name.trim(), i]));
      width = rec.fields.length;
      const missing = MOVES_COLUMNS.filter((c) => !columns?.has(c));
      if (missing.length > 0) {
        throw new MovesFileError(`${source}: the header lacks ${missing.join(', ')}; the first line must be ${MOVES_COLUMNS.join(',')}`, 'bad-header');
      }
      continue;
    }
    if (rec.fields.length !== width) {
      bad.push({ line: rec.line, message: `${rec.fields.length} fields where the header has ${width}: quote a reason that holds a comma`, problem: 'field-count' });
      continue;
    }
    const field = (c: (typeof MOVES_COLUMNS)[number]) => (rec.fields[columns?.get(c) ?? -1] ?? '').trim();
    const request = { teacherId: field('teacherId'), schoolId: field('schoolId'), reason: field('reason'), line: rec.line };
    if (request.teacherId === '' || request.schoolId === '') bad.push({ line: rec.line, message: 'teacherId and schoolId are both needed', problem: 'ids-missing' });
    else requests.push(request);
  }
  if (columns === null) throw new MovesFileError(`${source}: the file is empty; the first line must be ${MOVES_COLUMNS.join(',')}`, 'empty');
  return { requests, bad };
}
