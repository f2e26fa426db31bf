import type { EnteredSchoolRepository } from '../repositories/entered-school.repository.js';

/** What the sync may ask of the stored entered school records. */
export type EnteredSchoolStore = EnteredSchoolRepository;
