import type { Activity, StatusSource } from './model.ts';
import type { EntryStatus } from './schemas.ts';

/**
 * The status an entry gets (docs/metrics.md §2). An explicit status always wins. Otherwise it is
 * derived from the value:
 *
 * | direction | goal          | done when        |
 * |-----------|---------------|------------------|
 * | positive  | g (a target)  | value ≥ g        |
 * | positive  | none          | value > 0        |
 * | negative  | g (a limit)   | value ≤ g        |
 * | negative  | none          | value = 0        |
 *
 * and missed otherwise. A null value without a status is a plain check-in: done.
 */
export function deriveStatus(
  activity: Pick<Activity, 'direction' | 'goal'>,
  value: number | null,
  explicitStatus?: EntryStatus,
): { status: EntryStatus; statusSource: StatusSource } {
  if (explicitStatus !== undefined) return { status: explicitStatus, statusSource: 'explicit' };
  if (value === null) return { status: 'done', statusSource: 'derived' };
  const { goal } = activity;
  const done =
    activity.direction === 'positive'
      ? goal !== null
        ? value >= goal
        : value > 0
      : goal !== null
        ? value <= goal
        : value === 0;
  return { status: done ? 'done' : 'missed', statusSource: 'derived' };
}
