import { readFileSync, existsSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { AREA_CODES_FILE, loadProvinces } from '../areacodes/area-code-history.js';
import { bureausOfProvince, bureausSchema, envSchema, dbEnvSchema, policySchema, type ProvinceBureaus, type Policy } from './config.schema.js';

export type { Policy } from './config.schema.js';

export type LogLevel = Policy['log']['level'];

export interface DatabaseConfig {
  url: string;
  kind: 'mysql' | 'sqlite';
}

export interface PlatformCredentials {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

export type RegistryConfig = { kind: 'url'; url: string } | { kind: 'file'; path: string };

/** What every command gets: the database, policy and logging. */
export interface BaseConfig {
  database: DatabaseConfig;
  policy: Policy;
  policyFile: string;
  log: { level: LogLevel; file: string | null };
  /** Present when PII_KEY is set; commands that read or write personal data require it. */
  piiKey: string | null;
  /** Present when REDIS_URL is set; the daemon, workers and queue commands require it. */
  redisUrl: string | null;
  reports: ReportsConfig;
}

/** Where reports go: SMTP when configured, else files under `reportDir`; recipients from the bureaus file. */
export interface ReportsConfig {
  smtpUrl: string | null;
  mailFrom: string | null;
  reportDir: string;
  bureausFile: string;
  /** The configured province's recipients. */
  bureaus: ProvinceBureaus;
}

/** What the daemon, workers and queue commands get on top: the Redis that holds the jobs. */
export interface QueueConfig {
  redisUrl: string;
}

/** What a sync needs on top: the three platforms and the PII key. */
export interface SyncConfig extends BaseConfig {
  piiKey: string;
  ttp: PlatformCredentials;
  srp: PlatformCredentials;
  registry: RegistryConfig;
  caFile: string | null;
}

/** Every bad or missing setting, listed in one message. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function issuesOf(error: z.ZodError, where: (path: string) => string): string[] {
  return error.issues.map((i) => {
    const path = i.path.map(String).join('.');
    return `${where(path)}: ${i.message}`;
  });
}

/** Empty strings in the environment count as unset, as operators expect from `FOO=` lines. */
function cleanEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

/** The province must be one the shipped division history has in use today. */
function provinceProblem(code: string, file: string): string | null {
  const provinces = loadProvinces();
  if (provinces.has(code)) return null;
  const choices = [...provinces].map(([c, name]) => `${c} ${name}`).join(', ');
  return `province.code in ${file}: no province has code ${code} in ${AREA_CODES_FILE}; one of ${choices}`;
}

function loadPolicy(file: string, explicit: boolean, problems: string[]): Policy | null {
  let raw: unknown = {};
  if (existsSync(file)) {
    try {
      raw = parseYaml(readFileSync(file, 'utf8')) ?? {};
    } catch (e) {
      problems.push(`${file}: not valid YAML (${(e as Error).message.split('\n')[0] ?? ''})`);
    }
  } else if (explicit) {
    problems.push(`TEACHER_SYNC_CONFIG: file ${file} does not exist`);
  }
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(...issuesOf(parsed.error, (p) => `${p || '(top level)'} in ${file}`));
    return null;
  }
  const wrongProvince = provinceProblem(parsed.data.province.code, file);
  if (wrongProvince !== null) problems.push(wrongProvince);
  return parsed.data;
}

function databaseOf(url: string): DatabaseConfig {
  return { url, kind: url.startsWith('sqlite:') ? 'sqlite' : 'mysql' };
}

function freeze<T>(o: T): Readonly<T> {
  return Object.freeze(o);
}

/** Config for commands that only touch the database (migrate, runs, accounts). */
export function loadBaseConfig(env: Env): Readonly<BaseConfig> {
  const problems: string[] = [];
  const e = dbEnvSchema.safeParse(cleanEnv(env));
  if (!e.success) problems.push(...issuesOf(e.error, (p) => p));
  const data = e.success ? e.data : dbEnvSchema.parse({ DATABASE_URL: 'sqlite::memory:' });
  const policy = loadPolicy(data.TEACHER_SYNC_CONFIG, Boolean(env['TEACHER_SYNC_CONFIG']), problems);
  const bureausFile = cleanEnv(env)['BUREAUS_FILE'] ?? data.BUREAUS_FILE;
  const bureaus = policy === null ? NO_BUREAUS : loadBureaus(bureausFile, Boolean(env['BUREAUS_FILE']), policy.province.code, problems);
  if (problems.length > 0 || policy === null) throw new ConfigError(problems);
  return freeze({
    database: databaseOf(data.DATABASE_URL),
    policy,
    policyFile: data.TEACHER_SYNC_CONFIG,
    log: { level: data.LOG_LEVEL ?? policy.log.level, file: data.LOG_FILE ?? policy.log.file ?? null },
    piiKey: data.PII_KEY ?? null,
    redisUrl: data.REDIS_URL ?? null,
    reports: {
      smtpUrl: data.SMTP_URL ?? null,
      mailFrom: data.MAIL_FROM ?? null,
      reportDir: data.REPORT_DIR,
      bureausFile,
      bureaus,
    },
  });
}

const NO_BUREAUS: ProvinceBureaus = { province: null, cities: {}, counties: {} };

/**
 * The configured province's recipients; a missing default file means no recipients yet, a missing
 * named one is an error.
 */
function loadBureaus(file: string, explicit: boolean, province: string, problems: string[]): ProvinceBureaus {
  if (!existsSync(file)) {
    if (explicit) problems.push(`BUREAUS_FILE: file ${file} does not exist`);
    return NO_BUREAUS;
  }
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8')) ?? {};
  } catch (e) {
    problems.push(`${file}: not valid YAML (${(e as Error).message.split('\n')[0] ?? ''})`);
    return NO_BUREAUS;
  }
  const parsed = bureausSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(...issuesOf(parsed.error, (p) => `${p || '(top level)'} in ${file}`));
    return NO_BUREAUS;
  }
  const own = bureausOfProvince(parsed.data, province);
  problems.push(...own.problems.map((p) => p.replace(/^([^:]+):/, `$1 in ${file}:`)));
  return own.bureaus;
}

/** Config for a sync: everything, parsed once, every problem reported together. */
export function loadSyncConfig(env: Env): Readonly<SyncConfig> {
  const problems: string[] = [];
  const e = envSchema.safeParse(cleanEnv(env));
  if (!e.success) problems.push(...issuesOf(e.error, (p) => p));
  let base: Readonly<BaseConfig> | null = null;
  try {
    base = loadBaseConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const p of err.problems) if (!problems.includes(p)) problems.push(p);
  }
  if (!e.success || base === null || problems.length > 0) throw new ConfigError(problems);
  const v = e.data;
  return freeze({
    ...base,
    piiKey: v.PII_KEY,
    ttp: { baseUrl: v.TTP_BASE_URL, clientId: v.TTP_CLIENT_ID, clientSecret: v.TTP_CLIENT_SECRET },
    srp: { baseUrl: v.SRP_BASE_URL, clientId: v.SRP_CLIENT_ID, clientSecret: v.SRP_CLIENT_SECRET },
    registry: v.REGISTRY_URL ? { kind: 'url', url: v.REGISTRY_URL } : { kind: 'file', path: v.REGISTRY_FILE ?? '' },
    caFile: v.PLATFORM_CA_FILE ?? null,
  });
}

const REDIS_MISSING = 'REDIS_URL: required: the daemon, the workers and the queue commands keep their jobs in Redis (e.g. redis://127.0.0.1:6379)';

function withRedis<T extends BaseConfig>(load: () => Readonly<T>, env: Env): Readonly<T & QueueConfig> {
  const problems: string[] = [];
  let cfg: Readonly<T> | null = null;
  try {
    cfg = load();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
  const url = cfg?.redisUrl ?? cleanEnv(env)['REDIS_URL'];
  if (url === undefined || url === null) problems.push(REDIS_MISSING);
  if (cfg === null || problems.length > 0 || !url) throw new ConfigError(problems);
  return freeze({ ...cfg, redisUrl: url });
}

/** Config for queue commands that only enqueue or inspect: database, policy and Redis. */
export function loadQueueBaseConfig(env: Env): Readonly<BaseConfig & QueueConfig> {
  return withRedis(() => loadBaseConfig(env), env);
}

/** Config for processes that run jobs: everything a sync needs, and Redis. */
export function loadQueueSyncConfig(env: Env): Readonly<SyncConfig & QueueConfig> {
  return withRedis(() => loadSyncConfig(env), env);
}

/** The web console's settings: the policy's `console` section with its secrets from the environment. */
export interface ConsoleConfig {
  publicUrl: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Keys the session cookie (sealed, not only signed). */
  sessionSecret: string;
  host: string;
  port: number;
  idleTimeoutMs: number;
  loginRateLimit: number;
  /** Whether (or which) proxy addresses to believe about the client's address. */
  trustProxy: boolean | string[];
  /** False only for a console on loopback with `allowHttpOnLoopback`. */
  secureCookies: boolean;
  roleClaim: string;
  roles: Policy['console']['roles'];
}

function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return LOOPBACK.has(host) || host.startsWith('127.');
}
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Config for `serve`: the database, policy and the console, every problem listed together. */
export function loadConsoleConfig(env: Env): Readonly<BaseConfig & { console: ConsoleConfig }> {
  const problems: string[] = [];
  let base: Readonly<BaseConfig> | null = null;
  try {
    base = loadBaseConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
  const e = cleanEnv(env);
  const clientSecret = e['CONSOLE_CLIENT_SECRET'];
  const sessionSecret = e['CONSOLE_SESSION_SECRET'];
  if (!clientSecret) problems.push('CONSOLE_CLIENT_SECRET: required: the console\'s client secret at the identity provider');
  if (!sessionSecret || sessionSecret.length < 32) problems.push('CONSOLE_SESSION_SECRET: required, at least 32 characters: the key of the session cookies');
  const c = base?.policy.console;
  const where = base ? ` in ${base.policyFile}` : '';
  if (c && !c.issuer) problems.push(`console.issuer${where}: required: the URL of the OpenID Connect provider people sign in with`);
  if (c && !c.publicUrl) problems.push(`console.publicUrl${where}: required: the URL people reach the console at (its sign-in callback is under it)`);
  for (const [key, url] of [['issuer', c?.issuer], ['publicUrl', c?.publicUrl]] as const) {
    if (!c || !url || url.startsWith('https:')) continue;
    if (!c.allowHttpOnLoopback || !isLoopbackUrl(url)) {
      problems.push(`console.${key}${where}: must be https:// (sessions and tokens travel to it); http:// only on a loopback address with console.allowHttpOnLoopback: true`);
    }
  }
  if (c && Object.keys(c.roles).length === 0) problems.push(`console.roles${where}: map at least one value of the ${c.roleClaim} claim to a role, or nobody can sign in`);
  if (base === null || !c || !c.issuer || !c.publicUrl || !clientSecret || !sessionSecret || problems.length > 0) throw new ConfigError(problems);
  return freeze({
    ...base,
    console: {
      publicUrl: c.publicUrl, issuer: c.issuer, clientId: c.clientId, clientSecret, sessionSecret,
      host: c.host, port: c.port, idleTimeoutMs: c.idleTimeoutMinutes * 60_000, loginRateLimit: c.loginRateLimit, trustProxy: c.trustProxy,
      secureCookies: c.publicUrl.startsWith('https:'), roleClaim: c.roleClaim, roles: c.roles,
    },
  });
}
