import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../../api/api.ts';
import { itemsOf } from '../../../api/paged.ts';
import { loadError } from '../../../api/query-error.ts';
import type { Goal } from '../../../api/types.ts';
import { Icon } from '../../../components/icons.tsx';
import { LoadMore } from '../../../components/load-more.tsx';
import { ConfirmDialog, Empty, ErrorBox, PageHeader, Spinner, useToast } from '../../../components/ui.tsx';
import { useQueryParams } from '../../../lib/use-query-params.ts';
import { useTitle } from '../../../lib/use-title.ts';
import { trackingChanged, trackingQueries } from '../queries.ts';
import { GoalCard } from './goal-card.tsx';

/** `/goals` (`?saved=` marks the goal just saved). */
export function GoalsPage() {
  useTitle('Goals');
  const toast = useToast();
  const client = useQueryClient();
  const list = useInfiniteQuery(trackingQueries.goals());
  const goals = itemsOf(list.data);
  const activities = useQuery(trackingQueries.activityIndex());
  const names = useMemo(() => new Map((activities.data ?? []).map((a) => [a.id, a.name])), [activities.data]);
  const [deleting, setDeleting] = useState<Goal | null>(null);
  const saved = useQueryParams()[0].get('saved');

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
      <ErrorBox error={loadError(list)} onRetry={() => void list.refetch()} />
      {list.isPending && <Spinner />}
      {goals && goals.length === 0 && (
        <Empty title="No goals yet">
          <p>Run 100 km by summer, read 20 books this year: set a target and link the activities that feed it.</p>
          <Link to="/goals/new" className="btn btn--primary btn--md">
            <Icon name="plus" /> Set your first goal
          </Link>
        </Empty>
      )}
      {goals && goals.length > 0 && (
        <ul className="card-list">
          {goals.map((g) => (
            <GoalCard key={g.id} goal={g} names={names} saved={g.id === saved} onDelete={setDeleting} />
          ))}
        </ul>
      )}
      <LoadMore query={list} />
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
          trackingChanged(client);
        }}
      />
    </div>
  );
}
