import { ACTIVITY_ICONS } from '../../../api/appearance.ts';
import type { Activity } from '../../../api/types.ts';

/** An activity's icon (or its initial) on its colour; decorative: the name is always beside it. */
export function ActivityBadge({ activity, size = 'md' }: { activity: Pick<Activity, 'color' | 'icon' | 'name'>; size?: 'sm' | 'md' }) {
  return (
    <span className={`act-badge act-badge--${size} act-color--${activity.color}`} aria-hidden="true" data-color={activity.color} data-icon={activity.icon ?? ''}>
      {activity.icon ? ACTIVITY_ICONS[activity.icon] : (activity.name.trim()[0] ?? '?').toUpperCase()}
    </span>
  );
}
