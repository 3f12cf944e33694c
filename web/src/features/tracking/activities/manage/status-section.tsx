import { useState } from 'react';
import { api } from '../../../../api/api.ts';
import { asApiError, keyKeeper } from '../../../../api/client.ts';
import type { Activity } from '../../../../api/types.ts';
import { Button, Chip, useToast } from '../../../../components/ui.tsx';
import { capitalize } from '../../../../lib/format.ts';
import { useTrackingWrite } from '../../queries.ts';
import { STATUS_TONE } from '../status-tone.ts';

/** Archive an activity (no longer due, history kept), or make an archived one active again. */
export function StatusSection({ activity }: { activity: Activity }) {
  const toast = useToast();
  const [keyFor] = useState(keyKeeper);
  const archived = activity.status === 'archived';
  const change = useTrackingWrite(() =>
    archived
      ? api.activities.activate(activity.id, keyFor({ activate: activity.updatedAt }))
      : api.activities.deactivate(activity.id, keyFor({ deactivate: activity.updatedAt })),
  );
  const run = () =>
    change.mutate(undefined, {
      onSuccess: () => toast(archived ? 'Active again.' : 'Archived.'),
      onError: (e) => toast(asApiError(e).message, 'error'),
    });
  return (
    <section className="card" aria-labelledby="status-heading">
      <h2 id="status-heading" className="card__title">
        Status <Chip tone={STATUS_TONE[activity.status]}>{capitalize(activity.status)}</Chip>
      </h2>
      <p className="muted">
        {archived
          ? 'Archived: not due, not on Today. Its history stays until you delete it.'
          : 'Archive an activity you stopped doing: it is no longer due, and its history and stats stay.'}
      </p>
      <Button busy={change.isPending} onClick={run}>
        {archived ? 'Activate' : 'Archive'}
      </Button>
    </section>
  );
}
