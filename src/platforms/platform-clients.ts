import { readFile } from 'node:fs/promises';
import https from 'node:https';
import { ConfigError, type SyncConfig } from '../config/config.js';
import type { HttpCallEvent, HttpLogger } from './http/http-client.js';
import { RegistryClient } from './registry/registry.client.js';
import { RegistryCsvSource } from './registry/registry.csv-source.js';
import type { RegistrySource } from './registry/registry.mapping.js';
import { StudentRecordClient } from './student-record/student-record.client.js';
import { TeacherTrainingClient } from './teacher-training/teacher-training.client.js';

export interface PlatformClients {
  teachers: TeacherTrainingClient;
  registry: RegistrySource;
  /** The same client serves schools and accounts. */
  schools: StudentRecordClient;
  accounts: StudentRecordClient;
  close(): void;
}

export interface PlatformClientOptions {
  /** Told of every HTTP exchange with a platform (metrics). */
  onCall?: (e: HttpCallEvent) => void;
}

/**
 * The CA certificates the platforms' TLS certificates must chain to. They replace Node's built-in
 * list for these connections, so a file of only the province's CA trusts nothing else.
 */
async function readCaFile(file: string): Promise<Buffer> {
  let pem: Buffer;
  try {
    pem = await readFile(file);
  } catch (e) {
    throw new ConfigError([`PLATFORM_CA_FILE: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new ConfigError([`PLATFORM_CA_FILE: ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`]);
  }
  return pem;
}

/** The three platform adapters, configured from the parsed config (a custom CA when one is set). */
export async function createPlatformClients(cfg: Readonly<SyncConfig>, logger: HttpLogger, opts: PlatformClientOptions = {}): Promise<PlatformClients> {
  const httpsAgent = cfg.caFile ? new https.Agent({ keepAlive: true, ca: await readCaFile(cfg.caFile) }) : undefined;
  const { http, sync } = cfg.policy;
  const tuning = {
    timeoutMs: http.timeoutMs,
    retries: http.retries,
    minRetryDelayMs: http.minRetryDelayMs,
    maxRetryDelayMs: http.maxRetryDelayMs,
    logger,
    ...(httpsAgent ? { httpsAgent } : {}),
    ...(opts.onCall ? { onCall: opts.onCall } : {}),
  };
  const teachers = new TeacherTrainingClient({ ...tuning, ...cfg.ttp, pageSize: sync.pageSize });
  const srp = new StudentRecordClient({ ...tuning, ...cfg.srp, pageSize: sync.pageSize });
  const registryClient = cfg.registry.kind === 'url' ? new RegistryClient({ ...tuning, baseUrl: cfg.registry.url, pageSize: sync.pageSize, provinceCode: cfg.policy.province.code }) : null;
  const registry: RegistrySource =
    registryClient ?? new RegistryCsvSource({ path: cfg.registry.kind === 'file' ? cfg.registry.path : '', pageSize: sync.pageSize });
  return {
    teachers,
    registry,
    schools: srp,
    accounts: srp,
    close() {
      teachers.close();
      srp.close();
      registryClient?.close();
      httpsAgent?.destroy();
    },
  };
}
