import type { PlanItemRepository } from '../repositories/plan-item.repository.js';

/** What the sync may ask of the stored plan item records. */
export type PlanItemStore = PlanItemRepository;
