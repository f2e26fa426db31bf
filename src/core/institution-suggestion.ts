import { compareSchoolNames, schoolNameReadings, type PlaceIndex } from './school-name-match.js';
import type { RegistryInstitution } from './types.js';

/**
 * The registry institution an entered school name most likely means, so that a report can say
 * not only that a code is wrong but which code to enter. Suggests only when exactly one
 * institution fits; a name shared by schools in several counties suggests nothing.
 */
export interface InstitutionSuggester {
  suggest(enteredName: string | null, exceptCode?: string | null): RegistryInstitution | null;
}

export function institutionSuggester(institutions: readonly RegistryInstitution[], places: PlaceIndex): InstitutionSuggester {
  const byCore = new Map<string, RegistryInstitution[]>();
  for (const inst of institutions) {
    for (const reading of schoolNameReadings(inst.name, places)) {
      const list = byCore.get(reading.core);
      if (!list) byCore.set(reading.core, [inst]);
      else if (!list.includes(inst)) list.push(inst);
    }
  }
  return {
    suggest(enteredName, exceptCode = null) {
      const candidates = new Set<RegistryInstitution>();
      for (const reading of schoolNameReadings(enteredName, places)) {
        for (const inst of byCore.get(reading.core) ?? []) candidates.add(inst);
      }
      const fits = [...candidates].filter((i) => i.code !== exceptCode && compareSchoolNames(enteredName, i.name, { places, threshold: 1, registryCounty: i.countyCode }).same);
      const active = fits.filter((i) => i.status === 'active');
      const pool = active.length > 0 ? active : fits;
      return pool.length === 1 ? pool[0]! : null;
    },
  };
}
