import { PlatformError, type PlatformName } from '../errors.js';

export interface Page<T> {
  data: T[];
  nextCursor?: string | null;
}

/**
 * Walks a cursor-paged list, yielding page by page. The cursor is opaque: passed back as received.
 * A missing, null or empty `nextCursor` ends the list (an empty cursor cannot be told apart from
 * none on the wire); a cursor seen before means the server is going round in circles.
 */
export async function* paginate<T>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  opts: { platform: PlatformName },
): AsyncGenerator<T[]> {
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (;;) {
    const page: Page<T> = await fetchPage(cursor);
    yield page.data;
    const next = page.nextCursor;
    if (next === undefined || next === null || next === '') return;
    if (seen.has(next)) {
      throw new PlatformError({
        code: 'PLATFORM_SCHEMA',
        platform: opts.platform,
        retryable: false,
        message: `${opts.platform}: the server returned a cursor it had returned before (after ${seen.size + 1} pages)`,
      });
    }
    seen.add(next);
    cursor = next;
  }
}
