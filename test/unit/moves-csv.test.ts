import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MovesFileError, parseMovesCsv, readMovesCsv } from '../../src/assignments/moves-csv.js';

const BOM = '\uFEFF';
/** 在钱江校区任教 as a GBK-encoded spreadsheet saves it (简体中文 ANSI). */
const GBK_REASON = Buffer.from('d4dac7aebdadd0a3c7f8c8cebdcc', 'hex');

const dir = mkdtempSync(join(tmpdir(), 'moves-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function problemOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof MovesFileError) return e.problem;
    throw e;
  }
  return 'none';
}

describe('parseMovesCsv', () => {
  const cases: { label: string; input: Buffer | string; requests: { teacherId: string; schoolId: string; reason: string; line: number }[]; bad?: number[] }[] = [
    {
      label: 'Excel "CSV UTF-8": BOM and CRLF',
      input: Buffer.from(`${BOM}teacherId,schoolId,reason\r\nT001,S001,在钱江校区任教\r\nT002,S002,"调动, 见文件"\r\n`, 'utf8'),
      requests: [
        { teacherId: 'T001', schoolId: 'S001', reason: '在钱江校区任教', line: 2 },
        { teacherId: 'T002', schoolId: 'S002', reason: '调动, 见文件', line: 3 },
      ],
    },
    {
      label: 'plain LF, no BOM, no final line break',
      input: 'teacherId,schoolId,reason\nT001,S001,x',
      requests: [{ teacherId: 'T001', schoolId: 'S001', reason: 'x', line: 2 }],
    },
    {
      label: 'columns in another order, blank lines skipped, a quoted reason over two lines',
      input: `${BOM}reason,teacherId,schoolId\r\n\r\n"第一行\r\n第二行",T003,S003\r\n`,
      requests: [{ teacherId: 'T003', schoolId: 'S003', reason: '第一行\n第二行', line: 3 }],
    },
    {
      label: 'a row with too many fields and a row without a school are bad, the others read',
      input: 'teacherId,schoolId,reason\r\nT001,S001,a,b\r\n T002 ,,x\r\nT004,S004,ok\r\n',
      requests: [{ teacherId: 'T004', schoolId: 'S004', reason: 'ok', line: 4 }],
      bad: [2, 3],
    },
  ];
  it.each(cases)('$label', async ({ input, requests, bad }) => {
    const parsed = await parseMovesCsv(input);
    expect(parsed.requests).toEqual(requests);
    expect(parsed.bad.map((b) => b.line)).toEqual(bad ?? []);
  });

  it('refuses a GBK-encoded file whole, saying it is not UTF-8', async () => {
    const gbk = Buffer.concat([Buffer.from('teacherId,schoolId,reason\r\nT001,S001,'), GBK_REASON, Buffer.from('\r\n')]);
    await expect(parseMovesCsv(gbk)).rejects.toThrow(/not UTF-8/);
    expect(await problemOf(parseMovesCsv(gbk))).toBe('not-utf8');
  });

  it.each([
    ['an empty file', Buffer.from(BOM), 'empty'],
    ['a header without schoolId', Buffer.from('teacherId,reason\r\nT1,x\r\n'), 'bad-header'],
  ] as const)('refuses %s', async (_label, input, problem) => {
    expect(await problemOf(parseMovesCsv(input))).toBe(problem);
  });
});

describe('readMovesCsv reads a file as the upload reads its bytes', () => {
  it('reads the same moves from a file with BOM and CRLF', async () => {
    const text = `${BOM}teacherId,schoolId,reason\r\nT001,S001,在钱江校区任教\r\n`;
    const path = join(dir, 'moves.csv');
    writeFileSync(path, text);
    expect(await readMovesCsv(path)).toEqual(await parseMovesCsv(Buffer.from(text)));
  });

  it('refuses a GBK file and a missing one with their problems', async () => {
    const path = join(dir, 'gbk.csv');
    writeFileSync(path, Buffer.concat([Buffer.from('teacherId,schoolId,reason\r\nT001,S001,'), GBK_REASON, Buffer.from('\r\n')]));
    expect(await problemOf(readMovesCsv(path))).toBe('not-utf8');
    expect(await problemOf(readMovesCsv(join(dir, 'absent.csv')))).toBe('missing');
  });
});
