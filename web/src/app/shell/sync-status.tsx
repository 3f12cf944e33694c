import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { outbox, startOutbox } from '../../api/offline.ts';
import { matchPath } from '../../api/route-path.ts';
import { ROUTES } from '../../api/routes.gen.ts';
import { Icon } from '../../components/icons.tsx';
import { useToast } from '../../components/ui.tsx';
import { trackingChanged } from '../../features/tracking/queries.ts';

/**
 * Runs the outbox (web/src/api/outbox.ts) for the whole app, signed-in frame or not (the app may
 * start offline on its splash): sends what an earlier visit left, retries, re-reads the tracking
 * views when a queued write arrives, and says so in a toast when one is refused.
 */
export function OutboxRunner() {
  const client = useQueryClient();
  const toast = useToast();
  useEffect(
    () =>
      startOutbox({
        delivered: () => trackingChanged(client, { now: false }),
        // Said, not silently dropped: the write was kept, then refused when it could be sent.
        rejected: (item, error) => {
          const day = matchPath(ROUTES['put-entry'].path, item.path)?.date;
          toast(`A change saved offline${day ? ` (${day})` : ''} was not accepted: ${error.message}`, 'error');
          trackingChanged(client, { now: false });
        },
      }),
    [client, toast],
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
