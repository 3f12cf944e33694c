import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { outbox, startOutbox } from '../../api/offline.ts';
import { Icon } from '../../components/icons.tsx';
import { trackingChanged } from '../../features/tracking/queries.ts';

/**
 * Runs the outbox (web/src/api/outbox.ts) for the whole app, signed-in frame or not (the app may
 * start offline on its splash): sends what an earlier visit left, retries, and re-reads the
 * tracking views when a queued write arrives.
 */
export function OutboxRunner() {
  const client = useQueryClient();
  useEffect(
    () =>
      startOutbox({
        delivered: () => trackingChanged(client, { now: false }),
        rejected: (item, error) => console.warn(`A queued write to ${item.path} was refused: ${error.message}`),
      }),
    [client],
  );
  return null;
}

/** "Waiting to sync (n)" in the top bar while writes wait for the server; gone once they are sent. */
export function SyncStatus() {
  const { pending, offline } = useSyncExternalStore(outbox.subscribe, outbox.getSnapshot);
  if (pending === 0 || !offline) return null;
  return (
    <span className="sync-status" role="status" title="Saved on this device; sent when Mosaic can be reached again.">
      <Icon name="clock" size={16} /> <span className="sync-status__label">Waiting to sync </span>({pending})
    </span>
  );
}
