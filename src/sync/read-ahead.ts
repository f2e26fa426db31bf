/**
 * Iterates with one item of read-ahead: the next page is being fetched while the caller writes
 * the current one, so network and database time overlap. Memory holds at most two pages.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = it.next();
      // A failed read-ahead must not surface as an unhandled rejection before it is awaited.
      next.catch(() => {});
      yield current.value;
    }
  } finally {
    await it.return?.();
  }
}
