import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { REDACT_PATHS } from '../../src/log/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
  const log = pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, stream);
  return { log, text: () => lines.join('') };
}

describe('structured logs', () => {
  it('redact ID numbers, mobiles and secrets wherever a payload puts them', () => {
    const { log, text } = capture();
    log.info({ idNumber: '33010219800101123X', mobile: '13800000000' }, 'top level');
    log.info({ item: { idNumber: '33010219800101123X', mobile: '13800000000' } }, 'nested');
    log.info({ body: { items: [{ idNumber: '33010219800101123X', mobile: '13800000000' }] } }, 'batch');
    log.info({ ttp: { clientSecret: 's3cret' }, access_token: 'tok' }, 'secrets');
    const out = text();
    expect(out).not.toContain('33010219800101123X');
    expect(out).not.toContain('13800000000');
    expect(out).not.toContain('s3cret');
    expect(out).not.toContain('"tok"');
    expect(out.match(/\[redacted\]/g)?.length).toBe(8);
  });
});
