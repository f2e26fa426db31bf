/**
 * The project's own simulators of the three platforms it talks to, on loopback HTTP, speaking the
 * wire contract in docs (platform contracts), with a seeded world of realistic, messy data of one province (Zhejiang unless told another).
 * The demo, the integration tests and the benchmarks all start them through `startSimulators`.
 */
import type { FaultConfig } from './faults.js';
import type { SimulatorTls } from './http-simulator.js';
import { generateWorld, type World } from './generator.js';
import { RegistrySimulator } from './registry.simulator.js';
import { StudentRecordSimulator } from './student-record.simulator.js';
import { TeacherTrainingSimulator } from './teacher-training.simulator.js';

export type { FaultConfig } from './faults.js';
export { generateWorld, residentIdCheckChar, ANOMALIES } from './generator.js';
export type { Anomaly, AnomalyKind, GeneratorOptions, World } from './generator.js';
export { TeacherTrainingSimulator, type TeacherPatch, type TeacherTrainingOptions } from './teacher-training.simulator.js';
export { RegistrySimulator, type RegistryOptions } from './registry.simulator.js';
export { StudentRecordSimulator, MAX_BATCH_ITEMS, type BatchResult, type StudentRecordOptions, type StudentRecordStats } from './student-record.simulator.js';
export type { ManualAccountInput } from './account-store.js';
export type { SimulatorStats, SimulatorTls } from './http-simulator.js';
export type { AccountRecord, AccountWire, InstitutionWire, PushLogEntry, SchoolWire, SourceTeacherWire } from './wire.js';

export interface SimulatorOptions {
  /** Default 1. */
  seed?: number;
  /** How many teacher records to generate. Default 2000. */
  teachers?: number;
  /** 0..1 share of messy records. Default 0.08. */
  messiness?: number;
  /** The province (two digits) of the generated world. Default 33 (Zhejiang). */
  province?: string;
  /** Default 'teacher-sync' / 'secret'. */
  clientId?: string;
  clientSecret?: string;
  /** Default 7200. */
  tokenTtlSeconds?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Ports: teacher-training = portBase, registry = portBase + 1, student-record = portBase + 2. Default 0: random ports. */
  portBase?: number;
  /** The generated world's "today" (see GeneratorOptions.asOf). */
  asOf?: number;
  /** Faults every simulator starts with. */
  faults?: FaultConfig;
  /** All three serve HTTPS with this key and certificate (PEM); default plain HTTP. */
  tls?: SimulatorTls;
}

export interface Simulators {
  ttp: TeacherTrainingSimulator;
  registry: RegistrySimulator;
  srp: StudentRecordSimulator;
  /** Base URLs like http://127.0.0.1:PORT (https:// with the tls option). */
  urls: { ttp: string; registry: string; srp: string };
  /** The world the simulators started from (the simulators hold their own copies of the records). */
  world: World;
  close(): Promise<void>;
}

export async function startSimulators(opts: SimulatorOptions = {}): Promise<Simulators> {
  const seed = opts.seed ?? 1;
  const world = generateWorld({ seed, teachers: opts.teachers ?? 2000, messiness: opts.messiness ?? 0.08, asOf: opts.asOf, province: opts.province });
  const host = opts.host ?? '127.0.0.1';
  const tls = opts.tls ? { tls: opts.tls } : {};
  const auth = { clientId: opts.clientId, clientSecret: opts.clientSecret, tokenTtlSeconds: opts.tokenTtlSeconds };
  const ttp = new TeacherTrainingSimulator({ seed, host, ...tls, ...auth, teachers: world.teachers });
  const registry = new RegistrySimulator({ seed: seed + 1, host, ...tls, institutions: world.institutions });
  const srp = new StudentRecordSimulator({ seed: seed + 2, host, ...tls, ...auth, schools: world.schools });
  for (const sim of [ttp, registry, srp]) sim.faults = { ...opts.faults };
  const all = [ttp, registry, srp];
  const base = opts.portBase ?? 0;
  try {
    const [ttpUrl, registryUrl, srpUrl] = await Promise.all(all.map((sim, i) => sim.start(base === 0 ? 0 : base + i)));
    return {
      ttp, registry, srp, world,
      urls: { ttp: ttpUrl ?? ttp.url, registry: registryUrl ?? registry.url, srp: srpUrl ?? srp.url },
      close: async () => {
        await Promise.all(all.map((sim) => sim.close()));
      },
    };
  } catch (e) {
    await Promise.all(all.map((sim) => sim.close()));
    throw e;
  }
}
