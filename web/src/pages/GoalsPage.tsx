import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/api.ts';
import type { Goal } from '../api/types.ts';
import { Icon } from '../components/icons.tsx';
import { Button, Chip, ConfirmDialog, Empty, ErrorBox, LoadMore, PageHeader, ProgressBar, Spinner, useToast } from '../components/ui.tsx';
import { longDate } from '../lib/dates.ts';
import { num } from '../lib/format.ts';
import { usePagedResource, useResource, useTitle } from '../lib/hooks.ts';
import { Link, useLocation } from '../router.tsx';

export function GoalsPage() {
  useTitle('Goals');
  const toast = useToast();
  const res = usePagedResource((cursor, signal) => api.goals.list({ cursor, limit: 50 }, signal), [], (e) => toast(e.message, 'error'));
  const activities = useResource((signal) => api.activities.all('all', signal), []);
  const names = useMemo(() => new Map((activities.data ?? []).map((a) => [a.id, a.name])), [activities.data]);
  const [deleting, setDeleting] = useState<Goal | null>(null);
  const page = res.data;
  const saved = useLocation().query.get('saved');

  // A goal's progress is recomputed from history by a consumer after each save: read it again shortly.
  const { setData } = res;
  useEffect(() => {
    if (!saved) return;
    const timers = [800, 2500].map((ms) =>
      window.setTimeout(() => {
        api.goals.list({ limit: 50 }).then(
          (fresh) => setData(() => fresh),
          () => undefined,
        );
      }, ms),
    );
    return () => timers.forEach((t) => window.clearTimeout(t));
  }, [saved, setData]);


  return (
    <div className="page">
      <PageHeader
        title="Goals"
        subtitle="Long-term targets fed by your activities: each linked activity adds its values (or 1 per check-in) times its weight."
        actions={
          <Link to="/goals/new" className="btn btn--primary btn--md">
            <Icon name="plus" /> New goal
          </Link>
        }
      />
      <ErrorBox error={res.error} onRetry={res.reload} />
      {!page && !res.error && <Spinner />}
      {page && page.items.length === 0 && (
        <Empty title="No goals yet">
          <p>Run 100 km by summer, read 20 books this year: set a target and link the activities that feed it.</p>
          <Link to="/goals/new" className="btn btn--primary btn--md">
            <Icon name="plus" /> Set your first goal
          </Link>
        </Empty>
      )}
      {page && page.items.length > 0 && (
        <ul className="card-list">
          {page.items.map((g) => {
            const p = g.progress;
            return (
              <li key={g.id} className={`card goal-card${g.id === saved ? ' goal-card--saved' : ''}`}>
                <div className="goal-card__head">
                  <h2 className="goal-card__name">{g.name}</h2>
                  {p.reached ? (
                    <Chip tone="done">Reached</Chip>
                  ) : p.daysToDeadline !== null && p.daysToDeadline < 0 ? (
                    <Chip tone="missed">Deadline passed</Chip>
                  ) : null}
                  <div className="goal-card__actions">
                    <Link to={`/goals/${g.id}/edit`} className="btn btn--ghost btn--sm" aria-label={`Edit ${g.name}`}>
                      <Icon name="edit" /> Edit
                    </Link>
                    <Button size="sm" variant="ghost" className="btn--text-danger" onClick={() => setDeleting(g)} aria-label={`Delete ${g.name}`}>
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
                  {g.deadline &&
                    ` · until ${longDate(g.deadline)}${p.daysToDeadline !== null && p.daysToDeadline >= 0 ? ` (${p.daysToDeadline} day${p.daysToDeadline === 1 ? '' : 's'} left)` : ''}`}
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
          })}
        </ul>
      )}
      <LoadMore page={res} />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.name ?? ''}”?`}
        body={<p>The goal goes; its activities and their history stay.</p>}
        confirmLabel="Delete goal"
        danger
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          await api.goals.remove(deleting.id);
          toast(`“${deleting.name}” deleted.`);
          res.reload();
        }}
      />
    </div>
  );
}
