import { asApiError } from '../../api/client.ts';
import type { Delivery, OutboxItem } from '../../api/outbox.ts';
import type { Entry, EntryInput } from '../../api/types.ts';

/** The API path of one entry: the outbox's key for "this day of this activity waits to sync". */
export const entryPath = (date: string, activityId: string) => `/v1/entries/${encodeURIComponent(date)}/${encodeURIComponent(activityId)}`;

/** What an entry write came to: the server's answer (null: no entry now), or kept in the outbox. */
export type EntryWrite = { kind: 'sent'; entry: Entry | null } | { kind: 'queued' };

/**
 * Writes one entry (PUT with a body, DELETE without) through the app's one outbox, so Today, the
 * week grid and the day editor share its queue, order and Idempotency-Keys. Submitted
 * synchronously (stored before this returns); deleting an entry that is already gone counts as
 * done. Rejects when the server refuses the write.
 */
export async function writeEntryVia(
  outbox: { submit(method: OutboxItem['method'], path: string, body?: unknown): Promise<Delivery> },
  date: string,
  activityId: string,
  body: EntryInput | null,
): Promise<EntryWrite> {
  const path = entryPath(date, activityId);
  const delivery = body ? outbox.submit('PUT', path, body) : outbox.submit('DELETE', path);
  try {
    const answer = await delivery;
    if (answer.kind === 'queued') return answer;
    return { kind: 'sent', entry: body ? (answer.value as Entry) : null };
  } catch (e) {
    if (body || asApiError(e).status !== 404) throw e;
    return { kind: 'sent', entry: null };
  }
}

/**
 * The entry each waiting path will have once the outbox is sent: its last queued write's body
 * (null for a DELETE). Lets a view show what the user saved while it waits to sync.
 */
export function queuedEntries(items: readonly OutboxItem[]): Map<string, EntryInput | null> {
  const out = new Map<string, EntryInput | null>();
  for (const item of items) if (item.path.startsWith('/v1/entries/')) out.set(item.path, item.method === 'PUT' ? (item.body as EntryInput) : null);
  return out;
}
