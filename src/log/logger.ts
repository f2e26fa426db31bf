import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths redacted from every log line. The code never logs records, but a payload or an error
 * carrying one must not leak personal data or secrets either.
 */
export const REDACT_PATHS = [
  'idNumber', '*.idNumber', '*.*.idNumber', '*.*.*.idNumber',
  'mobile', '*.mobile', '*.*.mobile', '*.*.*.mobile',
  'items[*].idNumber', 'items[*].mobile', 'body.items[*].idNumber', 'body.items[*].mobile',
  'clientSecret', '*.clientSecret', 'client_secret', '*.client_secret',
  'access_token', '*.access_token', 'authorization', '*.authorization', '*.headers.Authorization',
  'piiKey', '*.piiKey', 'password', '*.password',
];

/** `file`: a path, or null for stdout; `toStderr` moves stdout logging to stderr (stdout carries JSON output). */
export function createLogger(opts: { level: string; file: string | null; toStderr?: boolean }): Logger {
  const destination = opts.file
    ? pino.destination({ dest: opts.file, mkdir: true, sync: false })
    : pino.destination(opts.toStderr ? 2 : 1);
  return pino(
    {
      level: opts.level,
      base: { app: 'teacher-sync' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
