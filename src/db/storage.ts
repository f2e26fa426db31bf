import { isUnreachable, type DbHandle } from './database.js';
import type { Storage } from './port.js';
import { createRepositories } from './repositories.js';

/** The storage port over an open database. */
export function createStorage(handle: DbHandle): Storage {
  return {
    repos: createRepositories(handle.db, handle.kind),
    unitOfWork: (fn) => handle.db.transaction().execute((trx) => fn(createRepositories(trx, handle.kind))),
    address: handle.address,
    isUnavailable: isUnreachable,
  };
}
