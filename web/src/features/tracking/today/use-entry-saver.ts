import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { api } from '../../../api/api.ts';
import { asApiError } from '../../../api/client.ts';
import type { Entry, EntryInput, TodayView } from '../../../api/types.ts';
import { trackingChanged, trackingKeys } from '../queries.ts';
import { EntrySaver, type SaverSnapshot } from './entry-saver.ts';

/**
 * Writes one entry of a day and puts the answer in that day's cached view at once. A read of the
 * day sent before the write may not hold it, so reads under way are cancelled before and after;
 * the streaks and strength the roll-up consumer derives follow by the re-reads after a write.
 */
async function writeEntry(client: QueryClient, date: string, activityId: string, body: EntryInput | null): Promise<Entry | null> {
  const queryKey = trackingKeys.today(date);
  await client.cancelQueries({ queryKey });
  let saved: Entry | null = null;
  if (body) saved = await api.entries.put(date, activityId, body);
  else {
    try {
      await api.entries.remove(date, activityId);
    } catch (e) {
      if (asApiError(e).status !== 404) throw e;
    }
  }
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
  useEffect(() => saver.offer(entry), [saver, entry]);
  useEffect(() => () => saver.dispose(), [saver]);
  return [snapshot, saver];
}
