/**
 * Rollout waves: the student-record platform goes live city by city. Before a county's go-live its
 * teachers are pulled, matched and reported, but nothing is pushed for them.
 *
 * An area is a division code of six digits. It always covers the county with that very code; a city
 * code (xxxx00) also covers every county of that city. The province's own code (xx0000) covers only
 * schools that carry it themselves (provincially run schools), never the whole province. Where a
 * county is covered both on its own and through its city, its own entry decides.
 */

export interface RolloutWave {
  name: string;
  /** Epoch milliseconds of the go-live. */
  goLiveMs: number;
  areas: readonly string[];
}

export type RolloutState =
  /** No waves are configured: every county is live. */
  | { live: true; wave: null }
  | { live: boolean; wave: RolloutWave }
  /** Waves are configured but none covers the county: held until one does. */
  | { live: false; wave: null };

const PROVINCE_TAIL = '0000';

function isCityCode(code: string): boolean {
  return /^\d{4}00$/.test(code) && !code.endsWith(PROVINCE_TAIL);
}

/** Finds, once, which wave covers each county; answers per county in constant time. */
export class RolloutPlan {
  private readonly exact = new Map<string, RolloutWave>();
  private readonly byCity = new Map<string, RolloutWave>();

  constructor(readonly waves: readonly RolloutWave[]) {
    for (const w of waves) {
      for (const area of w.areas) {
        this.exact.set(area, w);
        if (isCityCode(area)) this.byCity.set(area.slice(0, 4), w);
      }
    }
  }

  get enabled(): boolean {
    return this.waves.length > 0;
  }

  waveOf(countyCode: string | null): RolloutWave | null {
    if (countyCode === null) return null;
    return this.exact.get(countyCode) ?? this.byCity.get(countyCode.slice(0, 4)) ?? null;
  }

  stateOf(countyCode: string | null, nowMs: number): RolloutState {
    if (!this.enabled) return { live: true, wave: null };
    const wave = this.waveOf(countyCode);
    if (!wave) return { live: false, wave: null };
    return { live: nowMs >= wave.goLiveMs, wave };
  }

  isLive(countyCode: string | null, nowMs: number): boolean {
    return this.stateOf(countyCode, nowMs).live;
  }
}

/** What is wrong with a list of waves, in words an operator can act on; empty when nothing is. */
export function rolloutProblems(waves: readonly RolloutWave[]): string[] {
  const problems: string[] = [];
  const owner = new Map<string, string>();
  const names = new Set<string>();
  for (const w of waves) {
    if (names.has(w.name)) problems.push(`wave name "${w.name}" is used twice`);
    names.add(w.name);
    for (const area of w.areas) {
      const first = owner.get(area);
      if (first !== undefined) problems.push(`area ${area} is in wave "${first}" and in wave "${w.name}"`);
      else owner.set(area, w.name);
    }
  }
  return problems;
}

export interface CountyTeachers {
  countyCode: string | null;
  teachers: number;
  withAccount: number;
}

export interface WaveStatus {
  /** null: the counties no wave covers. */
  name: string | null;
  goLiveMs: number | null;
  live: boolean;
  areas: readonly string[];
  counties: (CountyTeachers & { live: boolean })[];
  teachers: number;
}

/** Each wave with the counties that have teachers in it, in wave order; uncovered counties last. */
export function rolloutStatus(plan: RolloutPlan, counties: readonly CountyTeachers[], nowMs: number): WaveStatus[] {
  const out: WaveStatus[] = plan.waves.map((w) => ({ name: w.name, goLiveMs: w.goLiveMs, live: nowMs >= w.goLiveMs, areas: w.areas, counties: [], teachers: 0 }));
  const byName = new Map(out.map((s) => [s.name, s]));
  let none: WaveStatus | null = null;
  for (const c of [...counties].sort((a, b) => (a.countyCode ?? '~').localeCompare(b.countyCode ?? '~'))) {
    const state = plan.stateOf(c.countyCode, nowMs);
    let target = state.wave ? byName.get(state.wave.name) : undefined;
    if (!target) target = none ??= { name: null, goLiveMs: null, live: !plan.enabled, areas: [], counties: [], teachers: 0 };
    target.counties.push({ ...c, live: state.live });
    target.teachers += c.teachers;
  }
  if (none) out.push(none);
  return out;
}
