import type { z } from 'zod';
import type { RegistryInstitution } from '../../core/types.js';
import { jsonKind } from '../lenient.js';
import { registryInstitutionSchema } from './registry.schemas.js';

export interface RejectedRow {
  /** Line number in a file, or where in the HTTP listing (`page 3 item 17`). */
  line: number | string;
  /** Names the fields at fault; quotes nothing but a readable code. */
  reason: string;
}

/** One page of the registry, from either source. */
export interface RegistryPage {
  records: RegistryInstitution[];
  rejected: RejectedRow[];
}

/** Where institutions come from: the registry's API or its CSV export. */
export interface RegistrySource {
  pages(signal?: AbortSignal): AsyncGenerator<RegistryPage>;
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(row)'}: ${i.message}`)
    .join('; ');
}

/** Checks one raw row; the code is quoted in the reason when it is readable (it is public, not personal). */
export function toInstitution(raw: unknown): { ok: true; value: RegistryInstitution } | { ok: false; reason: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, reason: `row is ${jsonKind(raw)}, not an object` };
  }
  const parsed = registryInstitutionSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const c = (raw as { code?: unknown }).code;
  const label = typeof c === 'string' && /^\s*\d{1,12}\s*$/.test(c) ? `code ${c.trim()}: ` : '';
  return { ok: false, reason: `${label}${describe(parsed.error)}` };
}
