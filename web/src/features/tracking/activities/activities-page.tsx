import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../../api/api.ts';
import { asApiError, keyKeeper } from '../../../api/client.ts';
import { itemsOf } from '../../../api/paged.ts';
import { loadError } from '../../../api/query-error.ts';
import type { Activity } from '../../../api/types.ts';
import { Icon } from '../../../components/icons.tsx';
import { LoadMore } from '../../../components/load-more.tsx';
import { ConfirmDialog, Empty, ErrorBox, PageHeader, Spinner, useToast } from '../../../components/ui.tsx';
import { useQueryParams } from '../../../lib/use-query-params.ts';
import { useTitle } from '../../../lib/use-title.ts';
import { trackingChanged, trackingQueries, useTrackingWrite } from '../queries.ts';
import { OrderedActivityList } from './ordered-list.tsx';

const FILTERS = [
  { value: 'active', label: 'Active' },
  { value: 'paused', label: 'Paused' },
  { value: 'archived', label: 'Archived' },
  { value: 'all', label: 'All' },
] as const;
type Filter = (typeof FILTERS)[number]['value'];

/** `/activities?status=`: the user's activities by status, a page at a time. */
export function ActivitiesPage() {
  useTitle('Activities');
  const [query, setQuery] = useQueryParams();
  const status: Filter = FILTERS.find((f) => f.value === query.get('status'))?.value ?? 'active';
  const toast = useToast();
  const client = useQueryClient();
  const list = useInfiniteQuery(trackingQueries.activityList(status));
  const items = itemsOf(list.data);
  const [deleting, setDeleting] = useState<Activity | null>(null);
  const [keyFor] = useState(keyKeeper);

  const setStatus = useTrackingWrite(({ activity, to }: { activity: Activity; to: 'active' | 'archived' }) =>
    to === 'archived'
      ? api.activities.deactivate(activity.id, keyFor({ deactivate: activity.id, at: activity.updatedAt }))
      : api.activities.activate(activity.id, keyFor({ activate: activity.id, at: activity.updatedAt })),
  );
  const changeStatus = (activity: Activity, to: 'active' | 'archived') =>
    setStatus.mutate(
      { activity, to },
      {
        onSuccess: () => toast(to === 'archived' ? `“${activity.name}” archived: no longer due, history kept.` : `“${activity.name}” is active again.`),
        onError: (e) => toast(asApiError(e).message, 'error'),
      },
    );

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

      <ErrorBox error={loadError(list)} onRetry={() => void list.refetch()} />
      {list.isPending && <Spinner />}
      {items && items.length === 0 && (
        <Empty title={status === 'active' ? 'No active activities' : `No ${status === 'all' ? '' : `${status} `}activities`}>
          {status === 'active' && (
            <Link to="/activities/new" className="btn btn--primary btn--md">
              <Icon name="plus" /> Create one
            </Link>
          )}
        </Empty>
      )}
      {items && items.length > 0 && (
        <OrderedActivityList items={items} onStatus={changeStatus} onDelete={setDeleting} />
      )}
      <LoadMore query={list} />

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
          trackingChanged(client);
        }}
      />
    </div>
  );
}
