import type { Activity } from '../../../api/types.ts';
import { Icon } from '../../../components/icons.tsx';
import { num, occasions, pct } from '../../../lib/format.ts';

/** Streak, strength, the week's count (N-a-week habits) and the best streak of one activity. */
export function RowStats({ activity }: { activity: Activity }) {
  const stats = activity.stats;
  const weekly = activity.cadence.type === 'weekly' ? activity.cadence.timesPerWeek : null;
  return (
    <div className="today-row__stats" aria-label={`${activity.name}: streak and strength`}>
      <span className="streak" title="Current streak">
        <Icon name="flame" size={16} /> <span data-testid="streak">{occasions(activity, stats.currentStreak)}</span>
        <span className="sr-only"> streak</span>
      </span>
      <span className="strength" title="Habit strength: rises with each completion, fades with misses">
        Strength <strong data-testid="strength">{pct(stats.strength)}</strong>
        <span className="mini-meter" aria-hidden="true">
          <span style={{ width: `${Math.round(stats.strength * 100)}%` }} />
        </span>
      </span>
      {weekly !== null && (
        <span className="muted">
          This week {num(Math.min(stats.weekDone ?? 0, 99))}/{weekly}
        </span>
      )}
      {stats.longestStreak > 0 && <span className="muted">Best {occasions(activity, stats.longestStreak)}</span>}
    </div>
  );
}
