import nodemailer from 'nodemailer';
import pRetry, { AbortError } from 'p-retry';
import { MailError, type Mailer, type MailReceipt, type OutgoingMail, nodemailerMessage } from './mailer.js';

export interface SmtpMailerOptions {
  url: string;
  from: string;
  /** Retries of one message after a temporary failure. */
  retries: number;
  minRetryDelayMs: number;
  maxRetryDelayMs: number;
  timeoutMs: number;
  onRetry?: (e: { attempt: number; code: string; message: string }) => void;
}

interface SmtpFailure {
  code?: unknown;
  responseCode?: unknown;
  message?: unknown;
}

/** Failures that a later attempt cannot cure: the server refused (5xx), or our credentials or the message are wrong. */
const PERMANENT_CODES = new Set(['EAUTH', 'EMESSAGE', 'ESTREAM', 'EENVELOPE']);

function classify(e: unknown): MailError {
  const f = (typeof e === 'object' && e !== null ? e : {}) as SmtpFailure;
  const status = typeof f.responseCode === 'number' ? f.responseCode : null;
  const code = typeof f.code === 'string' ? f.code : 'ESMTP';
  const text = `${code}${status === null ? '' : ` ${status}`}: ${typeof f.message === 'string' ? f.message.split('\n')[0] : 'mail transport failed'}`.slice(0, 500);
  const permanent = status !== null ? status >= 500 : PERMANENT_CODES.has(code);
  return new MailError(permanent ? 'MAIL_REJECTED' : 'MAIL_TEMPORARY', text, { cause: e });
}

/**
 * With credentials in an smtp:// URL, the password must not cross the network in clear: STARTTLS
 * is then required, unless the server is on this machine (a local relay).
 */
export function requiresStartTls(smtpUrl: string): boolean {
  const url = new URL(smtpUrl);
  if (url.protocol !== 'smtp:' || (url.username === '' && url.password === '')) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return !(host === 'localhost' || host === '::1' || /^127\./.test(host));
}

/**
 * Mail through one SMTP server (SMTP_URL). p-retry around each message is the only retry layer:
 * a 4xx answer, a dropped connection or a timeout is tried again with growing waits; a 5xx is not.
 */
export function createSmtpMailer(opts: SmtpMailerOptions): Mailer {
  const transport = nodemailer.createTransport({
    url: opts.url,
    connectionTimeout: opts.timeoutMs,
    greetingTimeout: opts.timeoutMs,
    socketTimeout: opts.timeoutMs,
    ...(requiresStartTls(opts.url) ? { requireTLS: true } : {}),
  });
  const sendOnce = async (mail: OutgoingMail): Promise<MailReceipt> => {
    try {
      const info = await transport.sendMail(nodemailerMessage(opts.from, mail));
      return { messageId: typeof info.messageId === 'string' ? info.messageId : null, files: [] };
    } catch (e) {
      const err = classify(e);
      throw err.code === 'MAIL_REJECTED' ? new AbortError(err) : err;
    }
  };
  return {
    channel: 'smtp',
    async send(mail, signal) {
      if (mail.to.length === 0) throw new MailError('MAIL_NO_RECIPIENT', 'no recipient configured for this report');
      return pRetry(() => sendOnce(mail), {
        retries: opts.retries,
        minTimeout: opts.minRetryDelayMs,
        maxTimeout: Math.max(opts.minRetryDelayMs, opts.maxRetryDelayMs),
        randomize: true,
        ...(signal ? { signal } : {}),
        onFailedAttempt: ({ error, attemptNumber }) => {
          const code = error instanceof MailError ? error.code : 'MAIL_TEMPORARY';
          opts.onRetry?.({ attempt: attemptNumber, code, message: error.message });
        },
      });
    },
    close() {
      transport.close();
    },
  };
}
