import { CodedError } from '../core/errors.js';

/** A message ready to go: recipients, Chinese subject and bodies, attachments as bytes. */
export interface OutgoingMail {
  to: readonly string[];
  cc: readonly string[];
  subject: string;
  html: string;
  text: string;
  attachments: readonly MailAttachment[];
  /**
   * Where the file sink writes it, relative to the report folder and without extension
   * (`run-12/<county code>-report`); its attachments go beside it under the same stem.
   */
  fileStem: string;
}

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface MailReceipt {
  messageId: string | null;
  /** Files written by the file sink. */
  files: readonly string[];
}

export type MailChannel = 'smtp' | 'file';

/** Sends mail (SMTP) or keeps it as files (no SMTP configured); retries are the mailer's own business. */
export interface Mailer {
  readonly channel: MailChannel;
  send(mail: OutgoingMail, signal?: AbortSignal): Promise<MailReceipt>;
  close(): void;
}

export type MailErrorCode = 'MAIL_TEMPORARY' | 'MAIL_REJECTED' | 'MAIL_NO_RECIPIENT' | 'MAIL_WRITE_FAILED';

/** A message that could not be delivered. Messages name the server's answer, never the content. */
export class MailError extends CodedError<MailErrorCode> {
  override readonly name = 'MailError';
  constructor(code: MailErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** The message as nodemailer takes it: the same for the SMTP transport and the .eml writer. */
export function nodemailerMessage(from: string, mail: OutgoingMail) {
  return {
    from,
    to: [...mail.to],
    cc: [...mail.cc],
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    attachments: mail.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
  };
}
