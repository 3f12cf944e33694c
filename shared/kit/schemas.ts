import * as z from 'zod/mini';
import './zod-messages.ts';
import { addDays, isRealDate, utcToday } from './dates.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './paging.ts';

/** Earliest date anything may be recorded for. */
export const EARLIEST_DATE = '1970-01-01';

/** A `YYYY-MM-DD` string that is a real calendar date (`2026-02-30` is refused), not before 1970. */
export function calendarDate() {
  return z
    .string()
    .check(
      z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD'),
      z.refine(isRealDate, 'is not a real calendar date'),
      z.refine((d) => d >= EARLIEST_DATE, `must not be before ${EARLIEST_DATE}`),
    );
}

/**
 * A calendar date a user may record: real (`2026-02-30` is refused), not before 1970, and at most
 * one day ahead of today in UTC (a user east of UTC may already be on tomorrow's date).
 */
export const LocalDate = calendarDate().check(
  z.refine((d) => d <= addDays(utcToday(), 1), 'must not be more than a day in the future'),
);
export type LocalDate = z.infer<typeof LocalDate>;

/**
 * Text as sent, trimmed, then at most `max` characters long; with `min`, at least that many
 * (`min` 1: something other than spaces is required).
 */
export function trimmedText(max: number, min?: number) {
  return z.string().check(z.trim(), ...(min === undefined ? [] : [z.minLength(min)]), z.maxLength(max));
}

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './paging.ts';

/** `?limit=&cursor=` of every paginated list; a larger limit is cut to MAX_PAGE_SIZE. */
export const PageQuery = z.object({
  limit: z.pipe(
    z._default(z.coerce.number().check(z.int(), z.gte(1)), DEFAULT_PAGE_SIZE),
    z.transform((n: number) => Math.min(n, MAX_PAGE_SIZE)),
  ),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** A page of items and the opaque cursor of the next page (absent on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/**
 * Server-generated identifiers (UUID v4). A check on a string rather than `z.uuid(…)`, whose
 * message would also answer a value that is not a string at all.
 */
export const Id = z.string().check(z.uuid('must be an id'));
