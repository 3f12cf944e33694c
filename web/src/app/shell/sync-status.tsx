import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { outbox, startOutbox } from '../../api/offline.ts';
import { Icon } from '../../components/icons.tsx';
import { trackingChanged } from '../../features/tracking/queries.ts';

/**
 * "Waiting to sync (n)" in the top bar while writes wait in the outbox (web/src/api/outbox.ts),
 * gone once they are sent. Mounted with the signed-in frame, it also runs the outbox: sends what
 * an earlier visit left, retries, and re-reads the tracking views when a queued write arrives.
 */
export function SyncStatus() {
  const client = useQueryClient();
  const { pending, offline } = useSyncExternalStore(outbox.subscribe, outbox.getSnapshot);
  useEffect(
    () =>
      startOutbox({
        delivered: () => trackingChanged(client, { now: false }),
        rejected: (item, error) => console.warn(`A queued write to ${item.path} was refused: ${error.message}`),
      }),
    [client],
  );
  if (pending === 0 || !offline) return null;
  return (
    <span className="sync-status" role="status" title="Saved on this device; sent when Mosaic can be reached again.">
      <Icon name="clock" size={16} /> Waiting to sync ({pending})
    </span>
  );
}
