/**
 * A `multipart/form-data` body read whole (an upload form of the console: a few fields and one small
 * file). Parsed as the body, before validation, so that the CSRF check finds the form's token in
 * the fields as it does for any other form.
 */
export interface UploadForm {
  fields: Record<string, string>;
  files: Record<string, { filename: string; content: Buffer }>;
}

/** Where an upload's files sit in the request body, beside its fields (a key no field can take). */
export const UPLOAD_FILES: unique symbol = Symbol('upload files');

/** The body of an upload form: its text fields by name (the CSRF check reads its token there) and its files. */
export type UploadBody = Record<string, string> & { [UPLOAD_FILES]: UploadForm['files'] };

export function uploadBody(form: UploadForm): UploadBody {
  return Object.assign(Object.create(null) as Record<string, string>, form.fields, { [UPLOAD_FILES]: form.files });
}

export class UploadFormError extends Error {
  readonly code = 'UPLOAD_FORM_INVALID';
  readonly statusCode = 400;
}

/** The boundary named by a Content-Type header, quoted or not. */
export function boundaryOf(contentType: string | undefined): string | null {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2] ?? null) : null;
}

function headerParam(header: string, name: string): string | null {
  const m = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header) ?? new RegExp(`;\\s*${name}=([^;\\s]+)`, 'i').exec(header);
  return m?.[1] === undefined ? null : m[1].replace(/\\(.)/g, '$1');
}

export function parseUploadForm(body: Buffer, contentType: string | undefined): UploadForm {
  const boundary = boundaryOf(contentType);
  if (boundary === null) throw new UploadFormError('multipart body without a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const out: UploadForm = { fields: {}, files: {} };
  let at = body.indexOf(delimiter);
  if (at < 0) throw new UploadFormError('multipart body without its boundary');
  for (;;) {
    at += delimiter.length;
    // "--" after a delimiter closes the body.
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return out;
    if (body[at] === 0x0d && body[at + 1] === 0x0a) at += 2;
    const next = body.indexOf(delimiter, at);
    if (next < 0) throw new UploadFormError('multipart body not closed');
    // The part ends with the CRLF that precedes the next delimiter.
    const part = body.subarray(at, body[next - 2] === 0x0d && body[next - 1] === 0x0a ? next - 2 : next);
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) throw new UploadFormError('multipart part without headers');
    const headers = part.subarray(0, split).toString('utf8').split('\r\n');
    const content = part.subarray(split + 4);
    const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? '';
    const name = headerParam(disposition, 'name');
    if (name === null) throw new UploadFormError('multipart part without a name');
    const filename = headerParam(disposition, 'filename');
    if (filename === null) out.fields[name] = content.toString('utf8');
    else out.files[name] = { filename, content: Buffer.from(content) };
    at = next;
  }
}
