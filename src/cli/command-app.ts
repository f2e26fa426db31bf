import { openApp, type App } from '../app.js';
import { loadBaseConfig, type BaseConfig } from '../config/config.js';
import { normaliseInstitutionCode } from '../core/institution-code.js';
import { createRepositories, type Repositories } from '../db/repositories.js';
import { createLogger } from '../log/logger.js';
import { CliError, EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

/**
 * Runs an operator's command against the database. Logs go to stderr at warn, so stdout carries
 * the table or the JSON alone.
 */
export async function withDatabase<T>(io: CliIo, fn: (ctx: { app: App; repos: Repositories; cfg: Readonly<BaseConfig> }) => Promise<T>): Promise<T> {
  const cfg = loadBaseConfig(io.env);
  const app = await openApp(cfg, { logger: createLogger({ ...cfg.log, level: 'warn', toStderr: true }) });
  try {
    return await fn({ app, repos: createRepositories(app.handle.db, app.handle.kind), cfg });
  } finally {
    await app.close();
  }
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
