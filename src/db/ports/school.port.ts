import type { SchoolRepository } from '../repositories/school.repository.js';

/** What the sync may ask of the stored school records. */
export type SchoolStore = SchoolRepository;
