import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../../../api/api.ts';
import type { Activity } from '../../../../api/types.ts';
import { Button, ConfirmDialog, useToast } from '../../../../components/ui.tsx';
import { trackingChanged } from '../../queries.ts';

/** Deleting for good (the API refuses an activity that is not archived; the dialog shows why). */
export function DeleteSection({ activity }: { activity: Activity }) {
  const toast = useToast();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  return (
    <section className="card card--danger" aria-labelledby="delete-heading">
      <h2 id="delete-heading" className="card__title">
        Delete
      </h2>
      <p className="muted">Deleting removes the activity and all of its entries for good. Only archived activities can be deleted.</p>
      <Button variant="danger" onClick={() => setConfirming(true)}>
        Delete activity
      </Button>
      <ConfirmDialog
        open={confirming}
        title={`Delete “${activity.name}”?`}
        body={<p>This removes the activity and every entry it has. It cannot be undone.</p>}
        confirmLabel="Delete for good"
        danger
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          await api.activities.remove(activity.id);
          toast(`“${activity.name}” deleted.`);
          void navigate('/activities?status=archived');
          trackingChanged(client);
        }}
      />
    </section>
  );
}
