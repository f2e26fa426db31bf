import type { AccountLinkRepository } from '../repositories/account-link.repository.js';

/** What the sync may ask of the stored account link records. */
export type AccountLinkStore = AccountLinkRepository;
