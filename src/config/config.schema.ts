import { validate as isCronExpression } from 'node-cron';
import { z } from 'zod';
import { parseRfc3339 } from '../core/rfc3339.js';
import { rolloutProblems } from '../core/rollout.js';

/** Environment: addresses and secrets. */
const envFields = {
    DATABASE_URL: z
      .string()
      .default('sqlite:./data/teacher-sync.db')
      .refine((v) => /^(mysql|mariadb):\/\//.test(v) || v.startsWith('sqlite:'), {
        message: 'must start with mysql:// or sqlite:',
      }),
    TEACHER_SYNC_CONFIG: z.string().default('config/default.yaml'),
    TTP_BASE_URL: z.url(),
    TTP_CLIENT_ID: z.string().min(1),
    TTP_CLIENT_SECRET: z.string().min(1),
    REGISTRY_URL: z.url().optional(),
    REGISTRY_FILE: z.string().min(1).optional(),
    SRP_BASE_URL: z.url(),
    SRP_CLIENT_ID: z.string().min(1),
    SRP_CLIENT_SECRET: z.string().min(1),
    PII_KEY: z.string().min(16, 'must be at least 16 characters'),
    PLATFORM_CA_FILE: z.string().min(1).optional(),
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).optional(),
    LOG_FILE: z.string().min(1).optional(),
    REDIS_URL: z
      .string()
      .refine((v) => /^rediss?:\/\/[^\s]+$/.test(v), { message: 'must be a redis:// or rediss:// URL' })
      .optional(),
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
    MAIL_FROM: z
      .string()
      .regex(/^(?:[^<>]*<\s*[^\s@<>]+@[^\s@<>]+\s*>|[^\s@<>]+@[^\s@<>]+)$/, 'must be an address, e.g. "教师账号同步 <teacher-sync@example.gov.cn>"')
      .optional(),
    REPORT_DIR: z.string().min(1).default('./reports'),
    BUREAUS_FILE: z.string().min(1).default('config/bureaus.yaml'),
    ALLOW_PLAIN_HTTP: z.enum(['0', '1', 'true', 'false']).optional(),
};

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Bearer tokens and ID numbers travel to the platforms: plain http only to this machine, unless allowed. */
function plainHttpAllowed(url: string | undefined, allow: string | undefined): boolean {
  if (url === undefined || allow === '1' || allow === 'true') return true;
  try {
    const u = new URL(url);
    return u.protocol !== 'http:' || LOOPBACK_HOSTS.has(u.hostname) || u.hostname.startsWith('127.');
  } catch {
    return true;
  }
}
const plainHttp = (path: string) => ({
  message: 'must be https:// (personal data and tokens travel to it); http:// is accepted for a loopback address, or everywhere with ALLOW_PLAIN_HTTP=1',
  path: [path],
});

/** Mail needs a sender once there is a server to send through. */
const hasMailFrom = (e: { SMTP_URL?: string | undefined; MAIL_FROM?: string | undefined }) => !e.SMTP_URL || Boolean(e.MAIL_FROM);
const mailFromMissing = { message: 'is required when SMTP_URL is set', path: ['MAIL_FROM'] };

export const envSchema = z
  .object(envFields)
  .refine((e) => Boolean(e.REGISTRY_URL) !== Boolean(e.REGISTRY_FILE), {
    message: 'set exactly one of REGISTRY_URL or REGISTRY_FILE',
    path: ['REGISTRY_URL'],
  })
  .refine(hasMailFrom, mailFromMissing)
  .refine((e) => plainHttpAllowed(e.TTP_BASE_URL, e.ALLOW_PLAIN_HTTP), plainHttp('TTP_BASE_URL'))
  .refine((e) => plainHttpAllowed(e.SRP_BASE_URL, e.ALLOW_PLAIN_HTTP), plainHttp('SRP_BASE_URL'))
  .refine((e) => plainHttpAllowed(e.REGISTRY_URL, e.ALLOW_PLAIN_HTTP), plainHttp('REGISTRY_URL'));

/** The subset that commands touching only the database need. */
export const dbEnvSchema = z.object({
  DATABASE_URL: envFields.DATABASE_URL,
  TEACHER_SYNC_CONFIG: envFields.TEACHER_SYNC_CONFIG,
  LOG_LEVEL: envFields.LOG_LEVEL,
  LOG_FILE: envFields.LOG_FILE,
  PII_KEY: envFields.PII_KEY.optional(),
  REDIS_URL: envFields.REDIS_URL,
  SMTP_URL: envFields.SMTP_URL,
  MAIL_FROM: envFields.MAIL_FROM,
  REPORT_DIR: envFields.REPORT_DIR,
  BUREAUS_FILE: envFields.BUREAUS_FILE,
}).refine(hasMailFrom, mailFromMissing);

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const categoryList = z.array(z.string().regex(/^\d{2}$/, 'two digits'));

/** Policy: the YAML file. */
export const policySchema = z
  .object({
    sync: z
      .object({
        pageSize: z.number().int().min(1).max(1000).default(1000),
        pushBatchSize: z.number().int().min(1).max(500).default(500),
        pushConcurrency: z.number().int().min(1).max(32).default(4),
        deltaOverlapMinutes: z.number().min(0).max(1440).default(10),
        lockHeartbeatSeconds: z.number().min(1).max(300).default(10),
        lockStaleSeconds: z.number().min(5).max(86400).default(120),
        replanAllEveryDays: z.number().min(0).max(366).default(7),
      })
      .strict()
      .prefault({}),
    safety: z
      .object({
        maxDisableShare: z.number().min(0).max(1).default(0.05),
        maxDisableCount: z.number().int().min(0).default(1000),
        graceCount: z.number().int().min(0).default(10),
      })
      .strict()
      .prefault({}),
    institutionCategories: categoryList.min(1).default([
      '11', '12', '21', '22', '31', '32', '33', '34', '35', '36', '41', '51',
    ]),
    campus: z
      .object({
        explicit: z
          .record(z.string().regex(/^\d{10}$/, 'institution code of 10 digits'), z.string().min(1))
          .nullish()
          .transform((v) => v ?? {}),
      })
      .strict()
      .prefault({}),
    http: z
      .object({
        timeoutMs: z.number().int().min(100).default(30000),
        retries: z.number().int().min(0).max(20).default(5),
        minRetryDelayMs: z.number().int().min(0).default(500),
        maxRetryDelayMs: z.number().int().min(0).default(30000),
      })
      .strict()
      .prefault({}),
    queue: z
      .object({
        prefix: z.string().regex(/^[A-Za-z0-9_.-]{1,60}$/, 'letters, digits, . _ - (at most 60)').default('teacher-sync'),
        sliceSize: z.number().int().min(1).max(1_000_000).default(5000),
        attempts: z.number().int().min(1).max(50).default(5),
        backoffSeconds: z.number().min(0).max(86400).default(30),
        lockDurationSeconds: z.number().min(1).max(3600).default(30),
        stalledIntervalSeconds: z.number().min(0.5).max(3600).default(30),
        maxStalledCount: z.number().int().min(0).max(100).default(2),
        lockWaitSeconds: z.number().min(0.1).max(3600).default(60),
        keepFinishedDays: z.number().min(1).max(3650).default(30),
        connectTimeoutSeconds: z.number().min(0.1).max(120).default(5),
      })
      .strict()
      .prefault({}),
    daemon: z
      .object({
        schedule: z.string().default('0 2 * * *').refine((v) => isCronExpression(v), { message: 'not a cron expression' }),
        timezone: z.string().default('Asia/Shanghai').refine(isTimeZone, { message: 'not an IANA time zone' }),
        httpHost: z.string().min(1).default('0.0.0.0'),
        httpPort: z.number().int().min(0).max(65535).default(9464),
        shutdownGraceSeconds: z.number().min(0).max(25).default(20),
        maxRunAgeHours: z.number().min(0.001).max(24 * 366).default(26),
      })
      .strict()
      .prefault({}),
    worker: z
      .object({
        concurrency: z.number().int().min(1).max(64).default(1),
        httpPort: z.number().int().min(0).max(65535).default(9465),
      })
      .strict()
      .prefault({}),
    findings: z
      .object({
        nameSimilarity: z.number().min(0.5).max(1).default(0.85),
        htmlRowLimit: z.number().int().min(1).max(1000).default(50),
      })
      .strict()
      .prefault({}),
    mail: z
      .object({
        retries: z.number().int().min(0).max(10).default(4),
        minRetryDelayMs: z.number().int().min(0).default(2000),
        maxRetryDelayMs: z.number().int().min(0).default(60000),
        timeoutMs: z.number().int().min(100).default(30000),
      })
      .strict()
      .prefault({}),
    upstream: z
      .object({
        minShare: z.number().min(0).max(1).default(0.9),
        graceCount: z.number().int().min(0).default(20),
      })
      .strict()
      .prefault({}),
    rollout: z
      .object({
        waves: z
          .array(
            z
              .object({
                name: z.string().trim().min(1).max(60),
                goLive: z.string().refine((v) => parseRfc3339(v) !== null, { message: 'must be an RFC 3339 time with an offset, e.g. 2026-12-01T06:00:00+08:00' }),
                areas: z.array(z.string().regex(/^33\d{4}$/, 'a division code of Zhejiang: 6 digits, 33…')).min(1, 'at least one city or county code'),
              })
              .strict(),
          )
          .nullish()
          .transform((v) => v ?? [])
          .superRefine((waves, ctx) => {
            const parsed = waves.map((w) => ({ name: w.name, goLiveMs: parseRfc3339(w.goLive) ?? 0, areas: w.areas }));
            for (const message of rolloutProblems(parsed)) ctx.addIssue({ code: 'custom', message });
          }),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
        file: z.string().nullish(),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type Policy = z.output<typeof policySchema>;

const address = z.email('not an e-mail address');
const bureau = z
  .object({
    name: z.string().min(1).nullish(),
    to: z.array(address).min(1, 'at least one address'),
    cc: z.array(address).default([]),
  })
  .strict();

/** Who receives the reports: config/bureaus.yaml (BUREAUS_FILE). */
export const bureausSchema = z
  .object({
    province: bureau.nullish(),
    cities: z
      .record(z.string().regex(/^33\d{2}00$/, 'a city code of Zhejiang: 6 digits, 33…00'), bureau)
      .nullish()
      .transform((v) => v ?? {}),
    counties: z
      .record(z.string().regex(/^33\d{4}$/, 'a county code of Zhejiang: 6 digits, 33…'), bureau)
      .nullish()
      .transform((v) => v ?? {}),
  })
  .strict();

export type BureausFile = z.output<typeof bureausSchema>;
