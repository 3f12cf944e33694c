import type { HTMLAttributes, ReactNode } from 'react';
import { Link } from 'react-router';
import { ActivityBadge } from './activity-badge.tsx';
import type { Activity } from '../../../api/types.ts';
import { Icon } from '../../../components/icons.tsx';
import { Button, Chip } from '../../../components/ui.tsx';
import { cadenceLabel, capitalize, goalLabel, occasions, pct } from '../../../lib/format.ts';
import { STATUS_TONE } from './status-tone.ts';

/** One activity in the list: what it is, its streaks, and Stats / Edit / Archive (or Activate and Delete). */
export function ActivityCard({
  activity: a,
  onStatus,
  onDelete,
  reorder,
  itemProps,
  dragging,
}: {
  activity: Activity;
  onStatus: (activity: Activity, to: 'active' | 'archived') => void;
  onDelete: (activity: Activity) => void;
  /** The reorder controls (ordered-list.tsx). */
  reorder?: ReactNode;
  /** Handlers and data for the list item (keyboard and drop targets). */
  itemProps?: HTMLAttributes<HTMLLIElement> & { 'data-id'?: string };
  dragging?: boolean;
}) {
  const meta = [
    cadenceLabel(a.cadence),
    goalLabel(a),
    a.direction === 'negative' ? 'cut down' : '',
    a.difficulty !== 'medium' ? a.difficulty : '',
    a.priority !== 'medium' ? `${a.priority} priority` : '',
  ];
  return (
    <li className={`card activity-card act-color--${a.color}${dragging ? ' activity-card--dragging' : ''}`} data-activity={a.name} {...itemProps}>
      {reorder}
      <ActivityBadge activity={a} />
      <div className="activity-card__main">
        <div className="activity-card__title">
          <Link to={`/activities/${a.id}`} className="activity-card__name">
            {a.name}
          </Link>
          <Chip tone={STATUS_TONE[a.status]}>{capitalize(a.status)}</Chip>
          {a.atRisk && a.status === 'active' && <Chip tone="danger">At risk</Chip>}
        </div>
        <p className="activity-card__meta">{meta.filter(Boolean).join(' · ')}</p>
        {a.description && <p className="activity-card__desc">{a.description}</p>}
        <p className="activity-card__stats">
          <span>
            <Icon name="flame" size={14} /> {occasions(a, a.stats.currentStreak)}
          </span>
          <span>Strength {pct(a.stats.strength)}</span>
          <span>Best {occasions(a, a.stats.longestStreak)}</span>
        </p>
      </div>
      <div className="activity-card__actions">
        <Link to={`/activities/${a.id}`} className="btn btn--ghost btn--sm" aria-label={`Stats of ${a.name}`}>
          <Icon name="chart" /> Stats
        </Link>
        <Link to={`/activities/${a.id}/edit`} className="btn btn--ghost btn--sm" aria-label={`Edit ${a.name}`}>
          <Icon name="edit" /> Edit
        </Link>
        {a.status === 'archived' ? (
          <>
            <Button size="sm" variant="ghost" onClick={() => onStatus(a, 'active')} aria-label={`Activate ${a.name}`}>
              Activate
            </Button>
            <Button size="sm" variant="ghost" className="btn--text-danger" onClick={() => onDelete(a)} aria-label={`Delete ${a.name}`}>
              Delete
            </Button>
          </>
        ) : (
          <Button size="sm" variant="ghost" onClick={() => onStatus(a, 'archived')} aria-label={`Archive ${a.name}`}>
            Archive
          </Button>
        )}
      </div>
    </li>
  );
}
