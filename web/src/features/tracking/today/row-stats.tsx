import type { Activity } from '../../../api/types.ts';
import { Icon } from '../../../components/icons.tsx';
import { num, occasions, pct } from '../../../lib/format.ts';

/** Streak, strength, the week's count (N-a-week habits) and the best streak, on one short line. */
export function RowStats({ activity }: { activity: Activity }) {
  const stats = activity.stats;
  const weekly = activity.cadence.type === 'weekly' ? activity.cadence.timesPerWeek : null;
  return (
    <span className="today-row__stats" aria-label={`${activity.name}: streak and strength`}>
      <span className="streak" title="Current streak">
        <Icon name="flame" size={14} /> <span data-testid="streak">{occasions(activity, stats.currentStreak)}</span>
        <span className="sr-only"> streak</span>
      </span>
      <span className="strength" title="Habit strength: rises with each completion, fades with misses">
        <span className="strength__label">Strength </span>
        <strong data-testid="strength">{pct(stats.strength)}</strong>
      </span>
      {weekly !== null && (
        <span className="today-row__week" title="Done this week, of the week's target">
          Week {num(Math.min(stats.weekDone ?? 0, 99))}/{weekly}
        </span>
      )}
      {stats.longestStreak > 0 && <span className="today-row__best">Best {occasions(activity, stats.longestStreak)}</span>}
    </span>
  );
}
