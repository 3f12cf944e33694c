import { ValidationError } from '../kit/errors.ts';

/** Most points a metrics answer holds. */
export const MAX_POINTS = 1440;

/** A query's time range: `to` defaults to now, `from` to `defaultSpanMs` before it; checked in order and size. */
export function timeRange(q: { from?: string; to?: string }, defaultSpanMs: number, periodSeconds?: number): { from: Date; to: Date } {
  const to = q.to ? new Date(q.to) : new Date();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - defaultSpanMs);
  if (from > to) throw new ValidationError('Invalid query: from: must not be after to', [{ field: 'query.from', message: 'must not be after to' }]);
  if (periodSeconds && (to.getTime() - from.getTime()) / (periodSeconds * 1000) > MAX_POINTS)
    throw new ValidationError(`Invalid query: period: gives more than ${MAX_POINTS} points over this range`, [
      { field: 'query.period', message: `gives more than ${MAX_POINTS} points over this range` },
    ]);
  return { from, to };
}
