import { ANOMALIES, assignAnomalies, type Anomaly, type AnomalyKind } from './anomalies.js';
import type { County } from './counties.js';
import { toFullWidthDigits } from './full-width.js';
import { foreignName, personName } from './person-names.js';
import { WeightedPicker, type Random } from './random.js';
import { residentIdCheckChar, toOldResidentId } from './resident-id.js';
import type { SchoolCategory } from './school-names.js';
import { STAFF_WEIGHTS } from './school-world.js';
import { formatCst } from './time.js';
import type { InstitutionWire, SourceTeacherWire } from './wire.js';

const DAY_MS = 86_400_000;
/** 13x, 15x, 18x are the most common mobile prefixes; 17x and 19x are newer. */
const MOBILE_SECOND_DIGITS = ['3', '3', '5', '5', '8', '8', '7', '9'];

/** Teacher records for a school world, with their anomalies. */
export class TeacherFactory {
  /** Resident IDs handed out, as numbers (county, birth day, sequence): far cheaper than a Set of strings. */
  private readonly usedResident = new Set<number>();
  private readonly usedOther = new Set<string>();
  private readonly countyIndex: Map<string, number>;
  private readonly institutionPicker: WeightedPicker<InstitutionWire>;
  private readonly multiCampus: InstitutionWire[];

  constructor(
    private readonly random: Random,
    private readonly counties: readonly County[],
    private readonly institutions: readonly InstitutionWire[],
    private readonly campusesByCode: ReadonlyMap<string, string[]>,
    private readonly asOf: number,
  ) {
    this.institutionPicker = new WeightedPicker(institutions, (i) =>
      STAFF_WEIGHTS[i.category as SchoolCategory] * (i.status === 'revoked' ? 0.3 : 1),
    );
    this.multiCampus = institutions.filter((i) => campusesByCode.has(i.code));
    this.countyIndex = new Map(counties.map((c, i) => [c.code, i]));
  }

  generate(count: number, messiness: number): { teachers: SourceTeacherWire[]; anomalies: Map<string, Anomaly> } {
    const kinds = assignAnomalies(this.random, count, messiness);
    const teachers: SourceTeacherWire[] = new Array<SourceTeacherWire>(count);
    const anomalies = new Map<string, Anomaly>();
    const clean: number[] = [];
    const duplicates: number[] = [];
    for (let i = 0; i < count; i++) {
      const code = kinds[i] ?? 0;
      const kind = code === 0 ? null : (ANOMALIES[code - 1] ?? null);
      const teacher = this.teacher(i, kind);
      teachers[i] = teacher;
      if (kind === null) clean.push(i);
      else if (kind === 'duplicate-person') duplicates.push(i);
      else anomalies.set(teacher.teacherId, { kind: this.applied ?? kind });
    }
    // Second registrations copy a person that is registered cleanly once, each original used once.
    this.random.shuffle(clean);
    for (const i of duplicates) {
      const dup = teachers[i]!;
      const j = clean.pop();
      if (j === undefined) {
        dup.name = spacedPersonName(this.random, dup.name ?? '');
        anomalies.set(dup.teacherId, { kind: 'spaced-name' });
        continue;
      }
      const original = teachers[j]!;
      dup.name = original.name;
      dup.idType = original.idType;
      dup.idNumber = original.idNumber;
      dup.gender = original.gender;
      if (this.random.chance(0.6)) dup.mobile = original.mobile;
      if (dup.updatedAt === original.updatedAt) dup.updatedAt = formatCst(Date.parse(original.updatedAt ?? '') - DAY_MS);
      anomalies.set(dup.teacherId, { kind: 'duplicate-person', of: original.teacherId });
    }
    // Frozen, so the simulator can hold the same objects without copying a million records.
    for (const t of teachers) Object.freeze(t);
    return { teachers, anomalies };
  }

  /** Set by `teacher()` when the requested anomaly could not apply and another one was used. */
  private applied: AnomalyKind | null = null;

  private teacher(index: number, kind: AnomalyKind | null): SourceTeacherWire {
    const r = this.random;
    this.applied = kind;
    let inst = this.institutionPicker.pick(r);
    if (kind === 'campus-note') {
      if (this.multiCampus.length > 0) inst = r.pick(this.multiCampus);
      else kind = this.applied = 'spaced-school-name';
    }
    const roll = r.next();
    const status = roll < 0.93 ? 'active' : roll < 0.97 ? 'left' : 'retired';
    // 15-digit numbers were issued to people born in the 1900s only.
    const oldIdMinAge = Math.max(30, new Date(this.asOf).getUTCFullYear() - 1998);
    const minAge = kind === 'old-id-number' ? oldIdMinAge : status === 'retired' ? 55 : 23;
    const maxAge = Math.max(minAge, status === 'retired' ? 68 : 59);
    const age = r.int(minAge, maxAge);
    const birth = new Date(this.asOf - (age * 365.2425 + r.int(0, 364)) * DAY_MS);
    const gender: 'M' | 'F' = r.chance(0.68) ? 'F' : 'M';
    const area = r.chance(0.75) ? inst.countyCode : r.pick(this.counties).code;
    const idNumber = this.residentId(area, birth, gender, kind === 'lowercase-x');
    const mobile = `1${r.pick(MOBILE_SECOND_DIGITS)}${r.digits(9)}`;
    const emailRoll = r.next();
    const email = emailRoll < 0.12 ? `${r.int(10_000_000, 2_999_999_999)}@qq.com` : emailRoll < 0.2 ? `${mobile}@163.com` : null;
    const t: SourceTeacherWire = {
      teacherId: `T${String(10_001 + index).padStart(8, '0')}`,
      name: personName(r, gender),
      idType: 'resident_id',
      idNumber,
      gender,
      mobile,
      email,
      institutionCode: inst.code,
      institutionName: inst.name,
      countyCode: inst.countyCode,
      status,
      updatedAt: formatCst(this.asOf - r.int(60, 365 * 86_400) * 1000),
    };
    if (kind !== null) this.mess(t, kind, inst);
    return t;
  }

  private mess(t: SourceTeacherWire, kind: AnomalyKind, inst: InstitutionWire): void {
    const r = this.random;
    const code = inst.code;
    switch (kind) {
      case 'fullwidth-code':
        t.institutionCode = r.chance(0.7)
          ? toFullWidthDigits(code)
          : [...code].map((c) => (r.chance(0.5) ? toFullWidthDigits(c) : c)).join('');
        if (t.institutionCode === code) t.institutionCode = toFullWidthDigits(code);
        return;
      case 'spaced-code':
        t.institutionCode = r.pick([
          `${code.slice(0, 4)} ${code.slice(4)}`, ` ${code} `, `${code} `,
          `${code.slice(0, 2)} ${code.slice(2, 4)} ${code.slice(4)}`,
        ]);
        return;
      case 'code-length': {
        const at = r.int(0, code.length - 1);
        t.institutionCode = r.chance(0.5) ? code.slice(0, at) + code.slice(at + 1) : code.slice(0, at) + r.digits(1) + code.slice(at);
        return;
      }
      case 'code-missing':
        t.institutionCode = r.pick(['', ' ', null]);
        return;
      case 'foreign-school-name': {
        const others = this.institutions.length;
        if (others < 2) {
          this.applied = 'spaced-school-name';
          t.institutionName = spacedSchoolName(r, inst.name);
          return;
        }
        let other = inst;
        while (other === inst) other = r.pick(this.institutions);
        t.institutionName = other.name;
        return;
      }
      case 'campus-note': {
        const campus = r.pick(this.campusesByCode.get(code) ?? ['本部']);
        t.institutionName = r.chance(0.8) ? `${inst.name}（${campus}）` : `${inst.name}(${campus})`;
        return;
      }
      case 'spaced-school-name':
        t.institutionName = spacedSchoolName(r, inst.name);
        return;
      case 'spaced-name':
        t.name = spacedPersonName(r, t.name ?? '');
        return;
      case 'lowercase-x':
        t.idNumber = (t.idNumber ?? '').replace(/X$/, 'x');
        return;
      case 'fullwidth-id':
        t.idNumber = toFullWidthDigits(t.idNumber ?? '');
        return;
      case 'old-id-number':
        t.idNumber = toOldResidentId(t.idNumber ?? '');
        return;
      case 'wrong-check-char': {
        const id = t.idNumber ?? '';
        const right = id.slice(-1);
        let wrong = right;
        while (wrong === right) wrong = r.pick([...'0123456789X']);
        t.idNumber = id.slice(0, -1) + wrong;
        return;
      }
      case 'duplicate-person':
        return; // filled in once every record exists
      case 'non-resident-id':
        this.nonResident(t);
        return;
      case 'missing-gender-mobile': {
        const which = r.int(0, 2);
        if (which !== 1) t.gender = null;
        if (which !== 0) t.mobile = null;
        return;
      }
    }
  }

  private nonResident(t: SourceTeacherWire): void {
    const r = this.random;
    for (;;) {
      const roll = r.next();
      let idType: string;
      let idNumber: string;
      if (roll < 0.35) {
        idType = 'hk_macao_permit';
        idNumber = `${r.pick(['H', 'M'])}${r.digits(8)}`;
      } else if (roll < 0.55) {
        idType = 'taiwan_permit';
        idNumber = r.digits(8);
      } else if (roll < 0.85) {
        idType = 'passport';
        idNumber = `${r.pick(['E', 'G', 'P'])}${r.digits(8)}`;
        if (r.chance(0.5)) t.name = foreignName(r);
      } else {
        idType = 'foreign_permanent';
        idNumber = `${r.pick(['USA', 'GBR', 'CAN', 'AUS', 'DEU', 'FRA', 'JPN', 'KOR'])}${r.digits(12)}`;
        t.name = foreignName(r);
      }
      if (this.usedOther.has(`${idType}|${idNumber}`)) continue;
      this.usedOther.add(`${idType}|${idNumber}`);
      t.idType = idType;
      t.idNumber = idNumber;
      return;
    }
  }

  /** A resident ID number no other generated person has; with `wantX`, one whose check character is X. */
  private residentId(area: string, birth: Date, gender: 'M' | 'F', wantX: boolean): string {
    const r = this.random;
    const county = this.countyIndex.get(area) ?? 0;
    let day = Math.floor(birth.getTime() / DAY_MS);
    for (let attempt = 1; ; attempt++) {
      if (attempt % 400 === 0) day--;
      const seq = r.int(0, 499) * 2 + (gender === 'M' ? 1 : 0);
      const key = (county * 100_000 + (day + 40_000)) * 1000 + seq;
      if (this.usedResident.has(key)) continue;
      const date = new Date(day * DAY_MS);
      const first17 = area + String(date.getUTCFullYear()) + pad2(date.getUTCMonth() + 1) + pad2(date.getUTCDate()) + String(seq).padStart(3, '0');
      const check = residentIdCheckChar(first17);
      if (wantX && check !== 'X') continue;
      this.usedResident.add(key);
      return first17 + check;
    }
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function spacedPersonName(random: Random, name: string): string {
  const roll = random.next();
  if (roll < 0.6 && name.length > 1) return `${name.slice(0, 1)} ${name.slice(1)}`;
  if (roll < 0.8) return `${name} `;
  return name.length > 1 ? `${name.slice(0, 1)}\u3000${name.slice(1)}` : ` ${name}`;
}

function spacedSchoolName(random: Random, name: string): string {
  if (random.chance(0.3)) return `${name} `;
  const at = random.int(2, Math.max(2, name.length - 2));
  return `${name.slice(0, at)} ${name.slice(at)}`;
}
