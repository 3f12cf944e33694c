import { BadRequestError } from './errors.ts';

/** Largest page a list route returns, whatever the client asks for. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;
import type { Page } from './schemas.ts';

/**
 * Cursors carry only the sort-key side of DynamoDB's LastEvaluatedKey; the partition key is
 * rebuilt from the caller, so a cursor can never reach another user's partition.
 */
export function encodeCursor(lastKey: Record<string, unknown> | undefined, keep: string[]): string | undefined {
  if (!lastKey) return undefined;
  const kept = Object.fromEntries(keep.map((k) => [k, lastKey[k]]));
  return Buffer.from(JSON.stringify(kept)).toString('base64url');
}

/** The key attributes of a cursor this API issued; 400 for anything else. */
export function decodeCursor(cursor: string | undefined, keep: string[]): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      typeof value === 'object' &&
      value !== null &&
      // Key values are never empty (DynamoDB refuses an empty key attribute).
      keep.every((k) => { const v = (value as Record<string, unknown>)[k]; return typeof v === 'string' && v !== ''; })
    ) {
      return Object.fromEntries(keep.map((k) => [k, (value as Record<string, string>)[k]!]));
    }
  } catch {
    // fall through to the error below
  }
  throw new BadRequestError('invalid_cursor', 'The cursor is not one this API issued.');
}

/**
 * Pages a bounded, already loaded list sorted by `keyOf`, with opaque cursors like queryPage's:
 * the cursor names the last key returned, and the next page starts after it (even if that item
 * has gone meanwhile).
 */
export function pageInMemory<T>(items: T[], keyOf: (item: T) => string, page: { limit: number; cursor?: string }): Page<T> {
  const after = decodeCursor(page.cursor, ['after'])?.after;
  const next = after === undefined ? 0 : items.findIndex((i) => keyOf(i) > after);
  const start = next === -1 ? items.length : next;
  const slice = items.slice(start, start + page.limit);
  const more = start + page.limit < items.length;
  return { items: slice, nextCursor: more ? encodeCursor({ after: keyOf(slice[slice.length - 1]!) }, ['after']) : undefined };
}
