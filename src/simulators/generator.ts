import { DEFAULT_SIMULATED_PROVINCE, loadCounties } from './counties.js';
import type { Anomaly } from './anomalies.js';
import { Random } from './random.js';
import { generateSchoolWorld } from './school-world.js';
import { TeacherFactory } from './teacher-world.js';
import type { InstitutionWire, SchoolWire, SourceTeacherWire } from './wire.js';

export { residentIdCheckChar } from './resident-id.js';
export { ANOMALIES, type Anomaly, type AnomalyKind } from './anomalies.js';

export interface GeneratorOptions {
  /** Default 1. The same seed and options always give the same world. */
  seed?: number;
  /** Teacher records on the teacher-training platform. Default 2000. */
  teachers?: number;
  /** Share (0..1) of teacher records with one anomaly. Default 0.08. */
  messiness?: number;
  /** The world's "today", epoch ms: updatedAt values fall in the year before it. Default 2026-11-01 00:00 +08:00. */
  asOf?: number;
  /** The province (two digits) whose counties, codes and names the world has. Default 33 (Zhejiang). */
  province?: string;
}

export interface World {
  /** The province of every institution (digits 3-4 of its code) and county. */
  province: string;
  /** Registry institutions (全国机构编码系统) of the province, ordered by code. */
  institutions: InstitutionWire[];
  /** Student-record platform schools and campuses. */
  schools: SchoolWire[];
  /** Teacher-training platform records, ordered by teacherId. */
  teachers: SourceTeacherWire[];
  /** teacherId → anomaly, for the messy records only. */
  anomalies: Map<string, Anomaly>;
  asOf: number;
}

const DEFAULT_AS_OF = Date.parse('2026-11-01T00:00:00+08:00');

/**
 * Builds one consistent world of registry institutions, student-record schools and teacher
 * records. Parts draw from their own forks of the seed, so the same seed and options always give
 * the same world.
 */
export function generateWorld(opts: GeneratorOptions = {}): World {
  const seed = opts.seed ?? 1;
  const teacherCount = Math.max(0, Math.trunc(opts.teachers ?? 2000));
  const messiness = Math.min(1, Math.max(0, opts.messiness ?? 0.08));
  const asOf = opts.asOf ?? DEFAULT_AS_OF;
  const root = new Random(seed);
  const province = opts.province ?? DEFAULT_SIMULATED_PROVINCE;
  const counties = loadCounties(province);
  const { institutions, schools, campusesByCode } = generateSchoolWorld(root, { province, counties }, teacherCount);
  const factory = new TeacherFactory(root.fork('teachers'), counties, institutions, campusesByCode, asOf);
  const { teachers, anomalies } = factory.generate(teacherCount, messiness);
  return { province, institutions, schools, teachers, anomalies, asOf };
}
