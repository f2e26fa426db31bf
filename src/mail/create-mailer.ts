import type { Policy, ReportsConfig } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import { createFileMailer } from './file-mailer.js';
import type { Mailer } from './mailer.js';
import { createSmtpMailer } from './smtp-mailer.js';

/** Files are kept under this sender when there is no SMTP server (and so no MAIL_FROM) yet. */
const FILE_SENDER = '教师账号同步 <teacher-sync@localhost>';

/** SMTP when SMTP_URL is set; otherwise .eml files and attachments under REPORT_DIR. */
export function createMailer(cfg: Readonly<ReportsConfig>, mail: Policy['mail'], log: Logger): Mailer {
  if (cfg.smtpUrl === null) return createFileMailer({ dir: cfg.reportDir, from: cfg.mailFrom ?? FILE_SENDER });
  return createSmtpMailer({
    url: cfg.smtpUrl,
    from: cfg.mailFrom ?? FILE_SENDER,
    retries: mail.retries,
    minRetryDelayMs: mail.minRetryDelayMs,
    maxRetryDelayMs: mail.maxRetryDelayMs,
    timeoutMs: mail.timeoutMs,
    onRetry: (e) => log.warn({ attempt: e.attempt, code: e.code, err: e.message }, 'mail attempt failed'),
  });
}
