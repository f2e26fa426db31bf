import { z } from 'zod';

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
};

export const envSchema = z
  .object(envFields)
  .refine((e) => Boolean(e.REGISTRY_URL) !== Boolean(e.REGISTRY_FILE), {
    message: 'set exactly one of REGISTRY_URL or REGISTRY_FILE',
    path: ['REGISTRY_URL'],
  });

/** The subset that commands touching only the database need. */
export const dbEnvSchema = z.object({
  DATABASE_URL: envFields.DATABASE_URL,
  TEACHER_SYNC_CONFIG: envFields.TEACHER_SYNC_CONFIG,
  LOG_LEVEL: envFields.LOG_LEVEL,
  LOG_FILE: envFields.LOG_FILE,
  PII_KEY: envFields.PII_KEY.optional(),
});

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
