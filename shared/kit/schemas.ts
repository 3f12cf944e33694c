import * as z from 'zod';
import './zod-messages.ts';
import { addDays, isRealDate, utcToday } from './dates.ts';

/** Earliest date anything may be recorded for. */
export const EARLIEST_DATE = '1970-01-01';

/**
 * A calendar date a user may record: real (`2026-02-30` is refused), not before 1970, and at most
 * one day ahead of today in UTC (a user east of UTC may already be on tomorrow's date).
 */
export const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(isRealDate, 'is not a real calendar date')
  .refine((d) => d >= EARLIEST_DATE, `must not be before ${EARLIEST_DATE}`)
  .refine((d) => d <= addDays(utcToday(), 1), 'must not be more than a day in the future');
export type LocalDate = z.infer<typeof LocalDate>;

/** Largest page a list route returns, whatever the client asks for. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;

/** `?limit=&cursor=` of every paginated list; a larger limit is cut to MAX_PAGE_SIZE. */
export const PageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_PAGE_SIZE)
    .transform((n) => Math.min(n, MAX_PAGE_SIZE)),
  cursor: z.string().min(1).max(2048).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** A page of items and the opaque cursor of the next page (absent on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** Server-generated identifiers (UUID v4). */
export const Id = z.string().uuid('must be an id');
