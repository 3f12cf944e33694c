import { entryPath } from '../../api/api.ts';
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { asApiError } from '../../api/client.ts';
import type { Delivery, OutboxItem } from '../../api/outbox.ts';
import { matchPath } from '../../api/route-path.ts';
import { ROUTES } from '../../api/routes.gen.ts';
import type { Entry, EntryInput } from '../../api/types.ts';
import { trackingChanged } from './queries.ts';


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
  const delivery = body ? outbox.submit(ROUTES['put-entry'].method, path, body) : outbox.submit(ROUTES['delete-entry'].method, path);
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
  for (const item of items)
    if (matchPath(ROUTES['put-entry'].path, item.path)) out.set(item.path, item.method === ROUTES['put-entry'].method ? (item.body as EntryInput) : null);
  return out;
}

/** How a view follows an entry write: what it says (a toast), and what it reads again at once. */
export interface AfterEntryWrite {
  say?: {
    toast: (message: string) => void;
    /** Said when the server took the write. */
    saved: string;
    /** What waits, said as "<waiting>: waiting to sync — sent when the server can be reached." */
    waiting: string;
  };
  /** The queries to read again at once (the rest of the area after the consumers); the whole area by default. */
  readNow?: readonly QueryKey[];
}

/**
 * After an entry write through the outbox (null: nothing needed writing): a sent one refreshes
 * the tracking area ({@link trackingChanged}) and says so; a queued one only says it waits (its
 * row shows "waiting to sync", and the outbox sends it later).
 */
export async function afterEntryWrite(client: QueryClient, written: EntryWrite | null, { say, readNow }: AfterEntryWrite = {}): Promise<void> {
  if (written?.kind === 'queued') {
    say?.toast(`${say.waiting}: waiting to sync — sent when the server can be reached.`);
    return;
  }
  if (readNow) {
    await Promise.all(readNow.map((queryKey) => client.invalidateQueries({ queryKey })));
    trackingChanged(client, { now: false });
  } else trackingChanged(client);
  say?.toast(say.saved);
}
