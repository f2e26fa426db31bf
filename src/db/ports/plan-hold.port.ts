import type { PlanHoldRepository } from '../repositories/plan-hold.repository.js';

/** What the sync may ask of the stored plan hold records. */
export type PlanHoldStore = PlanHoldRepository;
