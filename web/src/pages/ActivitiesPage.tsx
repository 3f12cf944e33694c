import { useRef, useState } from 'react';
import { api } from '../api/api.ts';
import { asApiError, keyKeeper } from '../api/client.ts';
import type { Activity } from '../api/types.ts';
import { Icon } from '../components/icons.tsx';
import { Button, Chip, ConfirmDialog, Empty, ErrorBox, LoadMore, PageHeader, Spinner, useToast, type Tone } from '../components/ui.tsx';
import { cadenceLabel, capitalize, goalLabel, occasions, pct } from '../lib/format.ts';
import { usePagedResource, useTitle } from '../lib/hooks.ts';
import { Link, setQuery, useLocation } from '../router.tsx';

const FILTERS = [
  { value: 'active', label: 'Active' },
  { value: 'paused', label: 'Paused' },
  { value: 'archived', label: 'Archived' },
  { value: 'all', label: 'All' },
] as const;

export const STATUS_TONE: Record<Activity['status'], Tone> = { active: 'done', paused: 'warn', archived: 'muted' };

export function ActivitiesPage() {
  useTitle('Activities');
  const { query } = useLocation();
  const status = FILTERS.some((f) => f.value === query.get('status')) ? query.get('status')! : 'active';
  const toast = useToast();
  const res = usePagedResource((cursor, signal) => api.activities.list({ status, cursor, limit: 50 }, signal), [status], (e) =>
    toast(e.message, 'error'),
  );
  const [deleting, setDeleting] = useState<Activity | null>(null);
  const keys = useRef(keyKeeper());

  const page = res.data;

  const setStatus = async (activity: Activity, to: 'active' | 'archived') => {
    try {
      if (to === 'archived') await api.activities.deactivate(activity.id, keys.current({ deactivate: activity.id, at: activity.updatedAt }));
      else await api.activities.activate(activity.id, keys.current({ activate: activity.id, at: activity.updatedAt }));
      toast(to === 'archived' ? `“${activity.name}” archived: no longer due, history kept.` : `“${activity.name}” is active again.`);
      res.reload();
    } catch (e) {
      toast(asApiError(e).message, 'error');
    }
  };

  return (
    <div className="page">
      <PageHeader
        title="Activities"
        subtitle="Everything you track. Archive what you no longer do; its history stays."
        actions={
          <Link to="/activities/new" className="btn btn--primary btn--md">
            <Icon name="plus" /> New activity
          </Link>
        }
      />
      <nav className="segmented" aria-label="Filter by status">
        {FILTERS.map((f) => (
          <Link
            key={f.value}
            to={`/activities?status=${f.value}`}
            className="segmented__item"
            aria-current={status === f.value ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              setQuery({ status: f.value === 'active' ? undefined : f.value });
            }}
          >
            {f.label}
          </Link>
        ))}
      </nav>

      <ErrorBox error={res.error} onRetry={res.reload} />
      {!page && !res.error && <Spinner />}
      {page && page.items.length === 0 && (
        <Empty title={status === 'active' ? 'No active activities' : `No ${status === 'all' ? '' : `${status} `}activities`}>
          {status === 'active' && (
            <Link to="/activities/new" className="btn btn--primary btn--md">
              <Icon name="plus" /> Create one
            </Link>
          )}
        </Empty>
      )}
      {page && page.items.length > 0 && (
        <ul className="card-list">
          {page.items.map((a) => (
            <li key={a.id} className="card activity-card">
              <div className="activity-card__main">
                <div className="activity-card__title">
                  <Link to={`/activities/${a.id}`} className="activity-card__name">
                    {a.name}
                  </Link>
                  <Chip tone={STATUS_TONE[a.status]}>{capitalize(a.status)}</Chip>
                  {a.atRisk && a.status === 'active' && <Chip tone="danger">At risk</Chip>}
                </div>
                <p className="activity-card__meta">
                  {[
                    cadenceLabel(a.cadence),
                    goalLabel(a),
                    a.category,
                    a.direction === 'negative' ? 'cut down' : '',
                    a.difficulty !== 'medium' ? a.difficulty : '',
                    a.priority !== 'medium' ? `${a.priority} priority` : '',
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
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
                    <Button size="sm" variant="ghost" onClick={() => void setStatus(a, 'active')} aria-label={`Activate ${a.name}`}>
                      Activate
                    </Button>
                    <Button size="sm" variant="ghost" className="btn--text-danger" onClick={() => setDeleting(a)} aria-label={`Delete ${a.name}`}>
                      Delete
                    </Button>
                  </>
                ) : (
                  <Button size="sm" variant="ghost" onClick={() => void setStatus(a, 'archived')} aria-label={`Archive ${a.name}`}>
                    Archive
                  </Button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <LoadMore page={res} />

      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.name ?? ''}”?`}
        body={<p>This deletes the activity and every entry it has, for good. Goals it fed keep their other activities.</p>}
        confirmLabel="Delete for good"
        danger
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          await api.activities.remove(deleting.id);
          toast(`“${deleting.name}” deleted.`);
          res.reload();
        }}
      />
    </div>
  );
}
