import { validate as isCronExpression } from 'node-cron';
import { z } from 'zod';
import { DEFAULT_INSTITUTION_CATEGORIES } from '../core/institution-code.js';
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

const PROVINCE_REQUIRED = 'required: the two-digit code of the province this deployment serves (the first two digits of its division code)';

/** A province's two digits (digits 3-4 of a 学校标识码); YAML may give them as a number. */
const provinceCode = z.preprocess(
  (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 10 && v <= 99 ? String(v) : v),
  z
    .string({ error: (i) => (i.input === undefined ? PROVINCE_REQUIRED : 'two digits') })
    .regex(/^\d{2}$/, 'two digits: the first two of the province\'s division code'),
);

const province = z
  .object({ code: provinceCode }, { error: (i) => (i.input === undefined ? `code ${PROVINCE_REQUIRED}` : 'a mapping with code') })
  .strict();

/** The province's wave areas: a 6-digit division code of the province itself. */
function areaProblems(policy: { province: { code: string }; rollout: { waves: readonly { name: string; areas: readonly string[] }[] } }, ctx: z.RefinementCtx): void {
  policy.rollout.waves.forEach((w, i) => {
    w.areas.forEach((area, j) => {
      if (area.startsWith(policy.province.code)) return;
      ctx.addIssue({
        code: 'custom', path: ['rollout', 'waves', i, 'areas', j],
        message: `${area} is a division of province ${area.slice(0, 2)}, not of the configured province ${policy.province.code} (province.code)`,
      });
    });
  });
}

/** What a claim value of the identity provider grants in the web console (see src/core/console-access.ts). */
const consoleGrant = z.discriminatedUnion('role', [
  z.object({ role: z.literal('province') }).strict(),
  z.object({ role: z.literal('bureau'), areas: z.array(z.string().regex(/^\d{6}$/, 'a division code: 6 digits')).min(1, 'at least one city or county code') }).strict(),
  z.object({ role: z.literal('school'), institutions: z.array(z.string().regex(/^\d{10}$/, 'an institution code: 10 digits')).min(1, 'at least one institution code') }).strict(),
]);

/** The web console (`teacher-sync serve`); its secrets come from the environment. */
const consoleSection = z
  .object({
    /** Where people reach the console; links in the county mail point here when set. */
    publicUrl: z.url({ protocol: /^https?$/ }).nullish().transform((v) => (v ? v.replace(/\/+$/, '') : null)),
    /** The OpenID Connect provider people sign in with. */
    issuer: z.url({ protocol: /^https?$/ }).nullish().transform((v) => v ?? null),
    clientId: z.string().min(1).default('teacher-sync-console'),
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    idleTimeoutMinutes: z.number().min(1).max(24 * 60).default(30),
    /** Sign-in attempts per address and minute. */
    loginRateLimit: z.number().int().min(1).max(1000).default(10),
    /** The HTTPS proxy in front (true, or its addresses/CIDRs): people's addresses then come from X-Forwarded-For. */
    trustProxy: z.union([z.boolean(), z.array(z.string().min(1)).min(1)]).default(false),
    /** Session cookies over http: only for a console on a loopback address (a demo, the tests). */
    allowHttpOnLoopback: z.boolean().default(false),
    /** The claim of the ID token whose values (a string or a list) are mapped to roles. */
    roleClaim: z.string().min(1).default('groups'),
    roles: z.record(z.string().min(1), consoleGrant).nullish().transform((v) => v ?? {}),
  })
  .strict()
  .prefault({});

/** Policy: the YAML file. */
export const policySchema = z
  .object({
    province,
    sync: z
      .object({
        pageSize: z.number().int().min(1).max(1000).default(1000),
        pushBatchSize: z.number().int().min(1).max(500).default(500),
        pushConcurrency: z.number().int().min(1).max(32).default(4),
        planChunkSize: z.number().int().min(1).max(20000).default(2000),
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
    institutionCategories: categoryList.min(1).default([...DEFAULT_INSTITUTION_CATEGORIES]),
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
                areas: z.array(z.string().regex(/^\d{6}$/, 'a division code: 6 digits')).min(1, 'at least one city or county code'),
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
    console: consoleSection,
    log: z
      .object({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
        file: z.string().nullish(),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine(areaProblems);

export type Policy = z.output<typeof policySchema>;

const address = z.email('not an e-mail address');
const bureau = z
  .object({
    name: z.string().min(1).nullish(),
    to: z.array(address).min(1, 'at least one address'),
    cc: z.array(address).default([]),
  })
  .strict();

/** One province's recipients: its office, and bureaus by city and county code. */
const provinceBureausFields = {
  province: bureau.nullish(),
  cities: z
    .record(z.string().regex(/^\d{4}00$/, 'a city code: 6 digits ending in 00'), bureau)
    .nullish()
    .transform((v) => v ?? {}),
  counties: z
    .record(z.string().regex(/^\d{6}$/, 'a county code: 6 digits'), bureau)
    .nullish()
    .transform((v) => v ?? {}),
};
const provinceBureaus = z.object(provinceBureausFields).strict();

export type ProvinceBureaus = z.output<typeof provinceBureaus>;

/** Every city and county key of a province's section must be a division of that province. */
function sectionProblems(section: ProvinceBureaus, province: string, where: (string | number)[], ctx: z.RefinementCtx): void {
  for (const group of ['cities', 'counties'] as const) {
    for (const code of Object.keys(section[group])) {
      if (code.startsWith(province)) continue;
      ctx.addIssue({ code: 'custom', path: [...where, group, code], message: `${code} is a division of province ${code.slice(0, 2)}, not of ${province}` });
    }
  }
}

/**
 * Who receives the reports: config/bureaus.yaml (BUREAUS_FILE). Either one province's recipients at
 * the top (province, cities, counties: for the configured province), or several provinces under
 * `provinces`, keyed by their two digits, of which the configured province's section is used.
 */
export const bureausSchema = z
  .object({
    ...provinceBureausFields,
    provinces: z
      .record(z.string().regex(/^\d{2}$/, 'a province code: two digits'), provinceBureaus)
      .nullish()
      .transform((v) => v ?? {}),
  })
  .strict()
  .superRefine((file, ctx) => {
    for (const [code, section] of Object.entries(file.provinces)) sectionProblems(section, code, ['provinces', code], ctx);
    const topLevel = file.province != null || Object.keys(file.cities).length > 0 || Object.keys(file.counties).length > 0;
    if (topLevel && Object.keys(file.provinces).length > 0) {
      ctx.addIssue({ code: 'custom', path: ['provinces'], message: 'give recipients either at the top (one province) or under provinces (several), not both' });
    }
  });

export type BureausFile = z.output<typeof bureausSchema>;

/** The recipients of the configured province, with every key checked against it. */
export function bureausOfProvince(file: BureausFile, province: string): { bureaus: ProvinceBureaus; problems: string[] } {
  const section = Object.hasOwn(file.provinces, province) ? file.provinces[province] : undefined;
  if (section) return { bureaus: section, problems: [] };
  const listed = Object.keys(file.provinces);
  if (listed.length > 0) {
    return { bureaus: { province: null, cities: {}, counties: {} }, problems: [`provinces: lists ${listed.join(', ')} but not the configured province ${province} (province.code)`] };
  }
  const bureaus: ProvinceBureaus = { province: file.province, cities: file.cities, counties: file.counties };
  const problems: string[] = [];
  for (const group of ['cities', 'counties'] as const) {
    for (const code of Object.keys(bureaus[group])) {
      if (!code.startsWith(province)) problems.push(`${group}.${code}: a division of province ${code.slice(0, 2)}, not of the configured province ${province} (province.code); list another province's recipients under provinces.'${code.slice(0, 2)}'`);
    }
  }
  return { bureaus, problems };
}
