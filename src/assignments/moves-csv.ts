import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { csvRecords } from '../text/csv-reader.js';
import type { MoveRequest } from './reassignment.js';
import { CodedError } from '../core/errors.js';

export const MOVES_COLUMNS = ['teacherId', 'schoolId', 'reason'] as const;

/** The file cannot be read as a moves file at all (missing, or no usable header). */
export class MovesFileError extends CodedError<'MOVES_FILE_INVALID'> {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MOVES_FILE_INVALID', message, options);
  }
}

/**
 * A moves file: header `teacherId,schoolId,reason` (UTF-8, optional BOM, RFC 4180 quoting, so a
 * reason may hold commas). Rows that cannot be read are returned with their line, not thrown, so
 * that every bad row is reported at once.
 */
export async function readMovesCsv(path: string): Promise<{ requests: MoveRequest[]; bad: { line: number; message: string }[] }> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', reject);
  });
  try {
    await opened;
  } catch (e) {
    input.destroy();
    const code = (e as NodeJS.ErrnoException).code;
    throw new MovesFileError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot be read (${code ?? String(e)})`, { cause: e });
  }
  const requests: MoveRequest[] = [];
  const bad: { line: number; message: string }[] = [];
  let columns: Map<string, number> | null = null;
  let width = 0;
  for await (const rec of csvRecords(createInterface({ input, crlfDelay: Infinity }))) {
    if ('error' in rec) {
      if (columns === null) throw new MovesFileError(`${path}: the header cannot be read (${rec.error})`);
      bad.push({ line: rec.line, message: rec.error });
      continue;
    }
    if (columns === null) {
      columns = new Map(rec.fields.map((name, i) => [name.trim(), i]));
      width = rec.fields.length;
      const missing = MOVES_COLUMNS.filter((c) => !columns?.has(c));
      if (missing.length > 0) throw new MovesFileError(`${path}: the header lacks ${missing.join(', ')}; the first line must be ${MOVES_COLUMNS.join(',')}`);
      continue;
    }
    if (rec.fields.length !== width) {
      bad.push({ line: rec.line, message: `${rec.fields.length} fields where the header has ${width}: quote a reason that holds a comma` });
      continue;
    }
    const field = (c: (typeof MOVES_COLUMNS)[number]) => (rec.fields[columns?.get(c) ?? -1] ?? '').trim();
    const request = { teacherId: field('teacherId'), schoolId: field('schoolId'), reason: field('reason'), line: rec.line };
    if (request.teacherId === '' || request.schoolId === '') bad.push({ line: rec.line, message: 'teacherId and schoolId are both needed' });
    else requests.push(request);
  }
  if (columns === null) throw new MovesFileError(`${path}: the file is empty; the first line must be ${MOVES_COLUMNS.join(',')}`);
  return { requests, bad };
}
