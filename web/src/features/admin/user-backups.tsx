import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api } from '../../api/api.ts';
import { apiRelativeUrl, type ApiError } from '../../api/client.ts';
import type { BackupView } from '../../api/types.ts';
import { Button, ConfirmDialog, Empty, ErrorBox, Spinner, useToast } from '../../components/ui.tsx';
import { counted } from '../../lib/format.ts';
import { When } from './common.tsx';
import { adminKeys, userBackups } from './queries.ts';

const kb = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);

/** A user's backups (newest first) with a download link each and "Restore" (confirmed). */
export function UserBackups({ userId, email, title = 'Backups' }: { userId: string; email: string; title?: string }) {
  const titleId = useId();
  const client = useQueryClient();
  const toast = useToast();
  const list = useQuery(userBackups(userId));
  const [restoring, setRestoring] = useState<BackupView | null>(null);
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 className="card__title" id={titleId}>
        {title}
      </h2>
      {list.isPending && <Spinner />}
      <ErrorBox error={list.error as ApiError | undefined} onRetry={() => void list.refetch()} />
      {list.data && list.data.items.length === 0 && <Empty title="No backups yet">Scheduled backups and the user’s own appear here.</Empty>}
      {list.data && list.data.items.length > 0 && (
        <ul className="admin-list" aria-label={`Backups of ${email}`}>
          {list.data.items.map((b) => (
            <li key={b.key} className="admin-list__row">
              <span>
                <When at={b.createdAt} /> <span className="muted small">· {kb(b.bytes)}</span>
              </span>
              <span className="admin-list__actions">
                <a className="btn btn--ghost btn--sm" href={apiRelativeUrl(b.downloadUrl)} download>
                  Download
                </a>
                <Button size="sm" onClick={() => setRestoring(b)} aria-label={`Restore the backup of ${new Date(b.createdAt).toLocaleString()}`}>
                  Restore
                </Button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={restoring !== null}
        title="Restore this backup?"
        body={
          <>
            {email}’s data is put back as it was on {restoring ? new Date(restoring.createdAt).toLocaleString() : ''}: items the backup does not hold
            are removed. Running it twice changes nothing more.
          </>
        }
        confirmLabel="Restore"
        danger
        onClose={() => setRestoring(null)}
        onConfirm={async () => {
          const result = await api.admin.restore(userId, restoring!.key);
          const total = Object.values(result.restored).reduce((a, b) => a + b, 0);
          toast(`Restored ${counted(total, 'item')} (${result.removed} removed).`);
          await client.invalidateQueries({ queryKey: adminKeys.user(userId) });
        }}
      />
    </section>
  );
}
