import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { outbox } from '../../../api/offline.ts';
import type { Entry, EntryInput, TodayView } from '../../../api/types.ts';
import { entryPath } from '../../../api/api.ts';
import { writeEntryVia } from '../entry-outbox.ts';
import { trackingChanged, trackingKeys } from '../queries.ts';
import { EntrySaver, QUEUED, type SaverSnapshot } from './entry-saver.ts';

/**
 * Writes one entry of a day through the outbox (stored first, so a bad connection or a closing
 * page loses nothing; see web/src/api/outbox.ts) and puts the answer in that day's cached view at
 * once. A read of the day sent before the write may not hold it, so reads under way are
 * cancelled before and after; the streaks and strength the roll-up consumer derives follow by the
 * re-reads after a write. A write kept for later answers QUEUED.
 */
async function writeEntry(client: QueryClient, date: string, activityId: string, body: EntryInput | null): Promise<Entry | null | typeof QUEUED> {
  // Submitted before any await: the outbox stores it synchronously.
  const delivery = writeEntryVia(outbox, date, activityId, body);
  const queryKey = trackingKeys.today(date);
  await client.cancelQueries({ queryKey });
  const answer = await delivery;
  if (answer.kind === 'queued') return QUEUED;
  const saved = answer.entry;
  await client.cancelQueries({ queryKey });
  client.setQueryData<TodayView>(queryKey, (day) =>
    day && { ...day, items: day.items.map((i) => (i.activity.id === activityId ? { ...i, entry: saved } : i)) },
  );
  trackingChanged(client, { now: false });
  return saved;
}

/** The auto-saver of one row (one activity on one date), and what it shows now. */
export function useEntrySaver(date: string, activityId: string, entry: Entry | null, measured: boolean): [SaverSnapshot, EntrySaver] {
  const client = useQueryClient();
  const [saver] = useState(() => new EntrySaver(entry, measured, (body) => writeEntry(client, date, activityId, body)));
  const snapshot = useSyncExternalStore(saver.subscribe, saver.getSnapshot);
  const { paths } = useSyncExternalStore(outbox.subscribe, outbox.getSnapshot);
  const waiting = paths.has(entryPath(date, activityId));
  useEffect(() => saver.offer(entry), [saver, entry]);
  useEffect(() => {
    if (!waiting) saver.synced();
  }, [saver, waiting]);
  useEffect(() => {
    // The page closes or reloads: a draft still in its typing pause goes to the outbox now.
    const onHide = () => void saver.flush();
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      saver.dispose();
    };
  }, [saver]);
  // A write kept from an earlier visit (the page was reloaded offline) shows on its row too.
  const shown = waiting && (snapshot.state.kind === 'idle' || snapshot.state.kind === 'saved') ? { ...snapshot, state: { kind: 'queued' } as const } : snapshot;
  return [shown, saver];
}
