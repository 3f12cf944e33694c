import * as z from 'zod/mini';
import { Id, LocalDate } from '../kit/schemas.ts';
import { RANGE_NAMES } from './history.ts';
import { DIMENSIONS } from './rollups.ts';

/** `?range=4w|6m|1y|all|custom&from=&to=` of every history query (custom needs both dates). */
const RangeFields = {
  range: z._default(z.enum(RANGE_NAMES as ['4w', '6m', '1y', 'all', 'custom']), '4w'),
  from: z.optional(LocalDate),
  to: z.optional(LocalDate),
};

function checkCustom<T extends { range: string; from?: string; to?: string }>(schema: z.ZodMiniType<T>) {
  return schema.check(
    z.refine((q: T) => q.range !== 'custom' || (q.from !== undefined && q.to !== undefined && q.from <= q.to), {
      message: 'a custom range needs from ≤ to',
      path: ['from'],
    }),
  );
}

export const RangeQuery = checkCustom(z.object(RangeFields));
export type RangeQuery = z.infer<typeof RangeQuery>;

const Limit = z.pipe(z._default(z.coerce.number().check(z.int(), z.gte(1)), 10), z.transform((n: number) => Math.min(n, 50)));

export const TopQuery = checkCustom(
  z.object({
    ...RangeFields,
    by: z._default(z.enum(['plays', 'time']), 'plays'),
    limit: Limit,
  }),
);
export type TopQuery = z.infer<typeof TopQuery>;

export const TopParams = z.object({ dimension: z.enum(DIMENSIONS as ['artist', 'track', 'album', 'show', 'audiobook']) });

export const TimeQuery = checkCustom(z.object({ ...RangeFields, granularity: z._default(z.enum(['day', 'week', 'month']), 'day') }));
export type TimeQuery = z.infer<typeof TimeQuery>;

export const TimelineQuery = z.object({
  limit: z.pipe(z._default(z.coerce.number().check(z.int(), z.gte(1)), 50), z.transform((n: number) => Math.min(n, 200))),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  /** ISO instants bounding the plays. */
  before: z.optional(z.iso.datetime()),
  after: z.optional(z.iso.datetime()),
  short: z.optional(z.enum(['include'])),
});
export type TimelineQuery = z.infer<typeof TimelineQuery>;

export const ArtistParams = z.object({ key: z.string().check(z.regex(/^[A-Za-z0-9_-]{16}$/, 'must be an artist key')) });

export const SearchQuery = z.object({
  q: z.string().check(z.minLength(1), z.maxLength(200)),
  limit: Limit,
});

export const DayQuery = z.object({ date: z.optional(LocalDate) });

export const CallbackBody = z.object({
  state: z.string().check(z.minLength(1), z.maxLength(2048)),
  code: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  error: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});

export const RunsQuery = z.object({
  limit: z.pipe(z._default(z.coerce.number().check(z.int(), z.gte(1)), 20), z.transform((n: number) => Math.min(n, 100))),
});

// A user's id, as every admin route reads it (an unknown but well-formed one reads as not connected).
export const AdminUserParams = z.object({ userId: Id });
