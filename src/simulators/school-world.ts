import type { County } from './counties.js';
import { WeightedPicker, type Random } from './random.js';
import { SchoolNamer, type SchoolCategory } from './school-names.js';
import type { InstitutionWire, SchoolWire } from './wire.js';

const TEACHERS_PER_SCHOOL = 40;
const CATEGORY_WEIGHTS: Record<SchoolCategory, number> = { '11': 28, '21': 32, '31': 18, '34': 9, '36': 8, '51': 2 };
/** Relative staff size by category: kindergartens and special schools are small. */
export const STAFF_WEIGHTS: Record<SchoolCategory, number> = { '11': 0.6, '21': 1.2, '31': 1.2, '34': 1.6, '36': 1.2, '51': 0.4 };
const CAMPUSES = ['钱江校区', '城西校区', '城东校区', '滨江校区', '南校区', '北校区', '新校区', '东校区'];

export interface SchoolWorld {
  institutions: InstitutionWire[];
  schools: SchoolWire[];
  /** Campus names of the codes that several student-record schools share. */
  campusesByCode: Map<string, string[]>;
}

/**
 * The registry (about one institution per 40 teachers, a few revoked) and the student-record
 * platform's schools for it: most codes have one school, about 5% have two or three campuses,
 * about 2% have none, and a revoked code's school is inactive.
 */
/** The province a world is generated for: its two digits and its counties today. */
export interface ProvincePlaces {
  province: string;
  counties: readonly County[];
}

export function generateSchoolWorld(random: Random, places: ProvincePlaces, teacherCount: number): SchoolWorld {
  const institutions = generateInstitutions(random.fork('institutions'), places, teacherCount);
  const plan = planSpecialCodes(random.fork('special-codes'), institutions);
  for (const i of plan.revoked) institutions[i]!.status = 'revoked';
  const { schools, campusesByCode } = generateSchools(random.fork('schools'), institutions, plan);
  return { institutions, schools, campusesByCode };
}

function generateInstitutions(random: Random, { province, counties }: ProvincePlaces, teacherCount: number): InstitutionWire[] {
  const count = Math.max(1, Math.round(teacherCount / TEACHERS_PER_SCHOOL));
  const countyPicker = new WeightedPicker(counties, (c) => (c.name.endsWith('区') ? 1.3 : 1));
  const categories = Object.keys(CATEGORY_WEIGHTS) as SchoolCategory[];
  const categoryPicker = new WeightedPicker(categories, (c) => CATEGORY_WEIGHTS[c]);
  // Sequence numbers leave gaps, as codes of closed or other-province schools do.
  const maxStep = Math.max(1, Math.min(30, Math.floor(400_000 / count)));
  const nextSeq = new Map<SchoolCategory, number>(categories.map((c) => [c, random.int(100, 2000)]));
  const namer = new SchoolNamer(random.fork('names'));
  const out: InstitutionWire[] = [];
  for (let i = 0; i < count; i++) {
    const category = categoryPicker.pick(random);
    const county = countyPicker.pick(random);
    const seq = (nextSeq.get(category) ?? 0) + random.int(1, maxStep);
    nextSeq.set(category, seq);
    out.push({
      code: `${category}${province}${String(seq % 1_000_000).padStart(6, '0')}`,
      name: namer.name(category, county),
      countyCode: county.code,
      category,
      status: 'active',
    });
  }
  return out.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

interface SpecialCodes {
  revoked: number[];
  /** Registry codes the student-record platform has no school for. */
  missing: Set<number>;
  /** Codes shared by two or three schools or campuses. */
  multi: Set<number>;
}

/** A few of each kind whenever the world is big enough to have them, so small test worlds show them too. */
function planSpecialCodes(random: Random, institutions: readonly InstitutionWire[]): SpecialCodes {
  const n = institutions.length;
  const quota = (share: number) => (n < 5 ? 0 : Math.max(1, Math.round(n * share)));
  const order = Array.from({ length: n }, (_, i) => i);
  random.shuffle(order);
  const revoked = order.splice(0, quota(0.015));
  const missing = new Set(order.splice(0, quota(0.02)));
  const multi = new Set(order.splice(0, quota(0.05)));
  return { revoked, missing, multi };
}

function generateSchools(random: Random, institutions: readonly InstitutionWire[], plan: SpecialCodes) {
  const schools: SchoolWire[] = [];
  const campusesByCode = new Map<string, string[]>();
  let next = random.int(1000, 5000);
  const add = (inst: InstitutionWire, campusName: string | null) => {
    next += random.int(1, 3);
    schools.push({
      schoolId: `S${String(next).padStart(7, '0')}`,
      institutionCode: inst.code,
      name: inst.name,
      campusName,
      countyCode: inst.countyCode,
      status: inst.status === 'revoked' ? 'inactive' : 'active',
    });
  };
  institutions.forEach((inst, i) => {
    if (plan.missing.has(i)) return;
    if (!plan.multi.has(i)) {
      add(inst, null);
      return;
    }
    const named = [...CAMPUSES];
    random.shuffle(named);
    const campuses = named.slice(0, random.chance(0.3) ? 3 : 2);
    if (random.chance(0.7)) campuses[0] = '本部';
    campusesByCode.set(inst.code, campuses);
    for (const c of campuses) add(inst, c);
  });
  return { schools, campusesByCode };
}
