import * as z from 'zod/mini';
import './zod-messages.ts';
import { addDays, isRealDate, utcToday } from './dates.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './paging.ts';
import { roundSignificant, storableNumberProblem } from './numbers.ts';
import { normalizeNewlines, textProblem, type TextRules } from './text.ts';

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

/** Adds the text rules' problem (text.ts) as the field's issue. */
const textRules = (rules: TextRules) =>
  z.superRefine((value: string, ctx) => {
    const problem = textProblem(value, rules);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
  });

/**
 * One line of text (a name, category, unit, display name) as sent, trimmed, then at most `max`
 * characters long; with `min`, at least that many (`min` 1: something other than spaces is
 * required). It follows the text rules of `text.ts`: no control characters or line breaks, no
 * bidirectional overrides, something visible.
 */
export function trimmedText(max: number, min?: number) {
  return z.string().check(z.trim(), ...(min === undefined ? [] : [z.minLength(min)]), z.maxLength(max), textRules({}));
}

/**
 * Free text over several lines (a note, a description): as {@link trimmedText}, except that line
 * feeds and tabs are allowed (carriage returns become line feeds).
 */
export function multilineText(max: number) {
  return z.string().check(z.overwrite(normalizeNewlines), z.trim(), z.maxLength(max), textRules({ multiline: true }));
}

/**
 * A number a user sends, as it will be stored: finite, 0 or of a magnitude DynamoDB holds (from
 * 1e-130 to below 1e126), rounded to 15 significant digits (numbers.ts). Add the field's own
 * range with further checks.
 */
export function storableNumber() {
  return z.number().check(
    z.superRefine((n: number, ctx) => {
      const problem = storableNumberProblem(n);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: n });
    }),
    z.overwrite(roundSignificant),
  );
}

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './paging.ts';

/** An update body's check: at least one field is given (`{}` is refused as "nothing to change"). */
export const somethingToChange = z.refine<Record<string, unknown>>((b) => Object.values(b).some((v) => v !== undefined), 'nothing to change');

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
