import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { loadError } from '../../../api/query-error.ts';
import { ErrorBox, PageHeader, Spinner } from '../../../components/ui.tsx';
import { useTitle } from '../../../lib/use-title.ts';
import { trackingQueries } from '../queries.ts';
import { ActivityForm } from './form/activity-form.tsx';
import { ActivityManagement } from './manage/activity-management.tsx';

/** `/activities/new`, or `/activities/{id}/edit` with the activity's status, pauses and deletion below the form. */
export function ActivityFormPage({ id }: { id?: string }) {
  useTitle(id ? 'Edit activity' : 'New activity');
  if (!id) {
    return (
      <div className="page page--narrow">
        <PageHeader title="New activity" subtitle="A habit to build, or one to cut down." />
        <ActivityForm />
      </div>
    );
  }
  return <EditActivity id={id} />;
}

function EditActivity({ id }: { id: string }) {
  const query = useQuery(trackingQueries.activity(id));
  const activity = query.data;
  if (!activity) {
    return (
      <div className="page">
        <PageHeader title="Edit activity" />
        <ErrorBox error={loadError(query)} onRetry={() => void query.refetch()} />
        {query.isPending && <Spinner />}
      </div>
    );
  }
  return (
    <div className="page page--narrow">
      <PageHeader
        title={`Edit “${activity.name}”`}
        subtitle="Changes keep the history: renaming or re-categorising never loses an entry."
        actions={
          <Link to={`/activities/${activity.id}`} className="btn btn--ghost btn--md">
            Stats
          </Link>
        }
      />
      {/* The form starts from the activity as first loaded; re-reads (after a pause, say) leave typing alone. */}
      <ActivityForm activity={activity} />
      <ActivityManagement activity={activity} />
    </div>
  );
}
