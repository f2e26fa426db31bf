import type { PersonProblemRepository } from '../repositories/person-problem.repository.js';

/** What the sync may ask of the stored person problem records. */
export type PersonProblemStore = PersonProblemRepository;
