import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../api/api.ts';
import { useToast } from '../../components/ui.tsx';
import { applyLiveEvent } from './apply-event.ts';
import { LiveChannel, type LiveStatus } from './live-channel.ts';
import { setLive } from './live-state.ts';

/**
 * The tab's live updates while signed in (mounted by the signed-in shell, so signing out closes
 * the connection and signing in opens a new one with a ticket of the new session). Shows the
 * connection state as a small dot with a title; screen readers hear it only when it changes.
 */
export function LiveUpdates() {
  const client = useQueryClient();
  const toast = useToast();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    const channel = new LiveChannel({
      ticket: () => api.realtime.ticket(),
      onStatus: (s) => {
        setLive(s === 'live');
        setStatus(s);
      },
      onMessage: (message) => {
        const t = applyLiveEvent(client, message);
        if (t) toast(t.message);
      },
      // Offline for a while: whatever is on screen is read again.
      onResume: () => void client.invalidateQueries(),
    });
    channel.start();
    return () => {
      channel.stop();
      setLive(false);
    };
  }, [client, toast]);

  const label = status === 'live' ? 'Live updates on' : status === 'connecting' ? 'Connecting live updates…' : 'Live updates paused; reconnecting';
  return (
    <span className={`live-dot live-dot--${status}`} title={label} data-live={status}>
      <span className="sr-only" aria-live="polite">
        {label}
      </span>
    </span>
  );
}
