import { describe, expect, it } from 'vitest';
import { boundaryOf, parseUploadForm, UploadFormError } from '../../src/web/upload-form.js';

const BOUNDARY = '----WebKitFormBoundary7MA4YWxkTrZu0gW';

function body(parts: { name: string; filename?: string; content: Buffer | string }[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}\r\n` +
      `${p.filename === undefined ? '' : 'Content-Type: text/csv\r\n'}\r\n`));
    chunks.push(Buffer.isBuffer(p.content) ? p.content : Buffer.from(p.content));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

describe('parseUploadForm', () => {
  it('reads the fields and the file byte for byte (BOM, CRLF, bytes that are not UTF-8)', () => {
    const file = Buffer.concat([Buffer.from('\uFEFFteacherId,schoolId,reason\r\nT1,S1,'), Buffer.from('d4dac7ae', 'hex'), Buffer.from('\r\n')]);
    const form = parseUploadForm(body([{ name: '_csrf', content: 'tok-en' }, { name: 'file', filename: '调整.csv', content: file }, { name: 'force', content: '1' }]),
      `multipart/form-data; boundary=${BOUNDARY}`);
    expect(form.fields).toEqual({ _csrf: 'tok-en', force: '1' });
    expect(form.files['file']?.filename).toBe('调整.csv');
    expect(form.files['file']?.content.equals(file)).toBe(true);
  });

  it('reads a quoted boundary and an empty file', () => {
    expect(boundaryOf(`multipart/form-data; boundary="${BOUNDARY}"`)).toBe(BOUNDARY);
    const form = parseUploadForm(body([{ name: 'file', filename: '', content: '' }]), `multipart/form-data; boundary="${BOUNDARY}"`);
    expect(form.files['file']?.content.length).toBe(0);
  });

  it.each([
    ['no boundary', Buffer.from('x'), 'multipart/form-data'],
    ['a body that never closes', Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nx`), `multipart/form-data; boundary=${BOUNDARY}`],
    ['a part without a name', Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${BOUNDARY}--`), `multipart/form-data; boundary=${BOUNDARY}`],
  ])('refuses %s', (_label, input, type) => {
    expect(() => parseUploadForm(input, type)).toThrow(UploadFormError);
  });
});
