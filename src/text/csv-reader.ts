/** One CSV record and the line it starts on (1-based), or why it could not be read. */
export type CsvRecord = { line: number; fields: string[] } | { line: number; error: string };

type State = 'start' | 'unquoted' | 'quoted' | 'quote-in-quoted';

/**
 * RFC 4180 records from lines (terminators removed, as node:readline gives them): quoted fields
 * may hold commas, doubled quotes and line breaks. A leading BOM is dropped; blank lines are skipped.
 */
export async function* csvRecords(lines: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  let lineNo = 0;
  let startLine = 0;
  let fields: string[] = [];
  let field = '';
  let state: State = 'start';
  let error: string | null = null;

  for await (const rawLine of lines) {
    lineNo++;
    const line = lineNo === 1 && rawLine.startsWith('\uFEFF') ? rawLine.slice(1) : rawLine;
    if (state === 'quoted') {
      field += '\n';
    } else {
      if (line.trim() === '') continue;
      startLine = lineNo;
    }
    for (const ch of line) {
      switch (state) {
        case 'start':
          if (ch === '"') state = 'quoted';
          else if (ch === ',') fields.push('');
          else {
            field = ch;
            state = 'unquoted';
          }
          break;
        case 'unquoted':
          if (ch === ',') {
            fields.push(field);
            field = '';
            state = 'start';
          } else field += ch;
          break;
        case 'quoted':
          if (ch === '"') state = 'quote-in-quoted';
          else field += ch;
          break;
        case 'quote-in-quoted':
          if (ch === '"') {
            field += '"';
            state = 'quoted';
          } else if (ch === ',') {
            fields.push(field);
            field = '';
            state = 'start';
          } else {
            error ??= 'text after a closing quote';
            field += ch;
            state = 'unquoted';
          }
          break;
      }
    }
    if (state === 'quoted') continue;
    fields.push(field);
    yield error === null ? { line: startLine, fields } : { line: startLine, error };
    fields = [];
    field = '';
    state = 'start';
    error = null;
  }
  if (state === 'quoted') yield { line: startLine, error: 'quoted field not closed before the end of the file' };
}
