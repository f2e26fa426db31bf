import type { RegistryRepository } from '../repositories/registry.repository.js';

/** What the sync may ask of the stored registry records. */
export type RegistryStore = RegistryRepository;
