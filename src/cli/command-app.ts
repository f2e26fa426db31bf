import { createApp, type App } from '../app.js';
import { loadBaseConfig, type BaseConfig } from '../config/config.js';
import { normaliseInstitutionCode } from '../core/institution-code.js';
import type { Repositories } from '../db/port.js';
import { createLogger, type Logger } from '../log/logger.js';
import { CliError, EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

/** Logs at warn on stderr, so stdout carries the table or the JSON alone. */
export function quietLogger(cfg: Readonly<BaseConfig>): Logger {
  return createLogger({ ...cfg.log, level: 'warn', toStderr: true });
}

/** Runs `fn` with an app once it is open, and closes the app however `fn` ends. */
export async function withApp<A extends App, T>(opening: Promise<A>, fn: (app: A) => Promise<T>): Promise<T> {
  const app = await opening;
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

/** Runs an operator's command against the database, with the quiet logger. */
export async function withDatabase<T>(io: CliIo, fn: (ctx: { app: App; repos: Repositories; cfg: Readonly<BaseConfig> }) => Promise<T>): Promise<T> {
  const cfg = loadBaseConfig(io.env);
  return withApp(createApp(cfg, { logger: quietLogger(cfg) }), (app) => fn({ app, repos: app.storage.repos, cfg }));
}

export function countyOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{6}$/.test(value)) throw new CliError(`--county takes a 6-digit division code (行政区划代码) of a county, not "${value}"`, EXIT.usage);
  return value;
}

export function institutionCodeArgument(value: string): string {
  const code = normaliseInstitutionCode(value);
  if (code === null || !/^\d{10}$/.test(code)) throw new CliError(`an institution code (学校标识码) has 10 digits, not "${value}"`, EXIT.usage);
  return code;
}
