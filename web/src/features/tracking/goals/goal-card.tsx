import { Link } from 'react-router';
import type { Goal } from '../../../api/types.ts';
import { Icon } from '../../../components/icons.tsx';
import { Button, Chip, ProgressBar } from '../../../components/ui.tsx';
import { longDate } from '../../../lib/dates.ts';
import { num, counted } from '../../../lib/format.ts';

/** A goal: progress, what remains, the days to its deadline and the activities feeding it. */
export function GoalCard({ goal: g, names, saved, onDelete }: { goal: Goal; names: ReadonlyMap<string, string>; saved: boolean; onDelete: (goal: Goal) => void }) {
  const p = g.progress;
  const daysLeft = p.daysToDeadline !== null && p.daysToDeadline >= 0 ? ` (${counted(p.daysToDeadline, 'day')} left)` : '';
  return (
    <li className={`card goal-card${saved ? ' goal-card--saved' : ''}`}>
      <div className="goal-card__head">
        <h2 className="goal-card__name">{g.name}</h2>
        {p.reached ? <Chip tone="done">Reached</Chip> : p.daysToDeadline !== null && p.daysToDeadline < 0 ? <Chip tone="missed">Deadline passed</Chip> : null}
        <div className="goal-card__actions">
          <Link to={`/goals/${g.id}/edit`} className="btn btn--ghost btn--sm" aria-label={`Edit ${g.name}`}>
            <Icon name="edit" /> Edit
          </Link>
          <Button size="sm" variant="ghost" className="btn--text-danger" onClick={() => onDelete(g)} aria-label={`Delete ${g.name}`}>
            Delete
          </Button>
        </div>
      </div>
      {g.description && <p className="muted">{g.description}</p>}
      <div className="goal-card__progress">
        <ProgressBar value={p.progress} label={`${g.name} progress`} tone={p.reached ? 'done' : 'accent'} showValue />
        <p className="goal-card__figures">
          <strong>
            {num(p.currentValue)} / {num(p.targetValue)}
          </strong>{' '}
          {g.unit} {!p.reached && <span className="muted">· {num(p.remaining)} to go</span>}
        </p>
      </div>
      <p className="goal-card__meta muted">
        From {longDate(g.startDate)}
        {g.deadline && ` · until ${longDate(g.deadline)}${daysLeft}`}
      </p>
      {g.links.length > 0 && (
        <p className="goal-card__links">
          Fed by{' '}
          {g.links.map((l, i) => (
            <span key={l.activityId}>
              {i > 0 && ', '}
              <Link to={`/activities/${l.activityId}`}>{names.get(l.activityId) ?? 'an activity'}</Link>
              {l.weight !== 1 && <span className="muted"> ×{num(l.weight)}</span>}
            </span>
          ))}
        </p>
      )}
    </li>
  );
}
