import { ApiError } from './api-error.js';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** `limit` as the contract allows it: an integer 1..1000; absent or empty means the default. */
export function parseLimit(query: URLSearchParams): number {
  const raw = query.get('limit');
  if (raw === null || raw === '') return DEFAULT_LIMIT;
  const n = /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
    throw new ApiError(400, 'INVALID_LIMIT', `limit must be an integer from 1 to ${MAX_LIMIT}`);
  }
  return n;
}

interface CursorState {
  /** Which list the cursor belongs to: a cursor from another list is refused. */
  k: string;
  /** Position of the last record returned; the next page starts after it. */
  p: number;
  /** Filters of the first page, used when a later page does not repeat them. */
  f?: Record<string, string>;
}

export function encodeCursor(list: string, position: number, filters?: Record<string, string>): string {
  const state: CursorState = filters && Object.keys(filters).length > 0 ? { k: list, p: position, f: filters } : { k: list, p: position };
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

/** The position and filters in a cursor; an empty or absent cursor starts the list. */
export function decodeCursor(list: string, raw: string | null): { after: number; filters: Record<string, string> } {
  if (raw === null || raw === '') return { after: -1, filters: {} };
  try {
    const state = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<CursorState>;
    if (state.k === list && Number.isInteger(state.p) && (state.p ?? -1) >= 0) {
      return { after: state.p ?? -1, filters: typeof state.f === 'object' && state.f !== null ? state.f : {} };
    }
  } catch {
    // fall through: any unreadable cursor is refused the same way
  }
  throw new ApiError(400, 'INVALID_CURSOR', 'cursor is not one this list issued');
}

/**
 * One page of `items` (positions are indices; a null slot is a removed record) after position `after`.
 * `next` is the position to continue after, or null when no further record matches: the last page
 * says so itself instead of sending the client for an empty one.
 */
export function pageAfter<T>(
  items: ArrayLike<T | null>,
  after: number,
  limit: number,
  keep: (item: T, position: number) => boolean = () => true,
): { data: T[]; next: number | null } {
  const data: T[] = [];
  let i = after + 1;
  for (; i < items.length && data.length < limit; i++) {
    const item = items[i];
    if (item !== null && item !== undefined && keep(item, i)) data.push(item);
  }
  const last = i - 1;
  for (; i < items.length; i++) {
    const item = items[i];
    if (item !== null && item !== undefined && keep(item, i)) return { data, next: last };
  }
  return { data, next: null };
}
