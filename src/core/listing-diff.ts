/**
 * What a complete listing of a source (the registry, the student-record schools) changes in the
 * copy this program keeps of it. Rows listed as they are stored need no write, so a night on which
 * neither source changed writes nothing; only new and changed rows are written, and the stored rows
 * the listing no longer holds are named, to be removed or marked as no longer listed.
 *
 * A key listed twice counts as its later entry, as writing the pages in order would leave it.
 */
export interface ListingChanges<T> {
  /** Rows to write: listed but not stored, or stored otherwise. */
  write: T[];
  /** Keys stored (and still counted as listed) that this listing does not hold. */
  unlisted: string[];
}

export function listingChanges<T, S>(
  listed: Iterable<T>,
  stored: ReadonlyMap<string, S>,
  key: (row: T) => string,
  /** Whether the stored row is what the listed one says, so that writing it would change nothing. */
  same: (listed: T, stored: S) => boolean,
  /** Whether a stored row counts as listed last time (one already dropped is not named again). */
  wasListed: (stored: S) => boolean = () => true,
): ListingChanges<T> {
  const latest = new Map<string, T>();
  for (const row of listed) latest.set(key(row), row);
  const write: T[] = [];
  for (const [k, row] of latest) {
    const before = stored.get(k);
    if (before === undefined || !same(row, before)) write.push(row);
  }
  const unlisted: string[] = [];
  for (const [k, before] of stored) if (!latest.has(k) && wasListed(before)) unlisted.push(k);
  return { write, unlisted };
}
