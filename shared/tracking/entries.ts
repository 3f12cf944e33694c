import { domainEvent } from '../events/domain-events.ts';
import type { IsoDate } from '../kit/dates.ts';
import { NotFoundError } from '../kit/errors.ts';
import { requireActivity } from './activities.ts';
import type { TrackingDeps, TrackingReads } from './deps.ts';
import type { EntryChanges } from './entry-changes.ts';
import { deriveStatus } from './entry-status.ts';
import type { Entry } from './model.ts';
import type { ListEntriesQuery, PutEntryBody } from './schemas.ts';
import type { Page } from '../kit/schemas.ts';

/** The `entry.logged` event: the entry's new state, ordered by its change time. */
export function loggedEvent(userId: string, entry: Pick<Entry, 'activityId' | 'date' | 'status' | 'value' | 'statusSource' | 'updatedAt'>) {
  return domainEvent('entry.logged', userId, {
    activityId: entry.activityId,
    date: entry.date,
    status: entry.status,
    value: entry.value,
    source: entry.statusSource,
    at: Date.parse(entry.updatedAt),
  });
}

/** The `entry.deleted` event of a deletion at epoch ms `at`. */
export function deletedEvent(userId: string, target: { activityId: string; date: IsoDate }, at: number) {
  return domainEvent('entry.deleted', userId, { activityId: target.activityId, date: target.date, at });
}

/**
 * Records (or replaces) the entry of one activity on one date. The status is the one given, or
 * derived from the value against the activity's goal and direction. The write carries a pending
 * mark of its `entry.logged`, so the roll-ups follow even if the publish after it never happens.
 */
export async function putEntry(
  deps: Pick<TrackingReads, 'activities' | 'now'> & Pick<TrackingDeps, 'events'> & { entries: Pick<EntryChanges, 'put'> },
  userId: string,
  target: { date: IsoDate; activityId: string },
  body: PutEntryBody,
): Promise<Entry> {
  const activity = await requireActivity(deps, userId, target.activityId);
  const value = body.value ?? null;
  const { status, statusSource } = deriveStatus(activity, value, body.status);
  const entry = await deps.entries.put(
    userId,
    { activityId: activity.id, date: target.date, value, note: body.note ?? '', status, statusSource },
    deps.now(),
    (stored) => [loggedEvent(userId, stored)],
  );
  await deps.events.publish([loggedEvent(userId, entry)]);
  return entry;
}

/**
 * Writes the entry a wearable mapping rule computed for one day (source `wearable`, status derived
 * from the value). The user's own entry of that day is never replaced unless the rule says so;
 * an unchanged value writes nothing.
 */
export async function putWearableEntry(
  deps: Pick<TrackingDeps, 'activities' | 'entries' | 'events' | 'now'>,
  userId: string,
  target: { date: IsoDate; activityId: string },
  value: number,
  options: { overwriteManual: boolean },
): Promise<'written' | 'unchanged' | 'kept-manual' | 'no-activity'> {
  const activity = await deps.activities.get(userId, target.activityId);
  if (!activity) return 'no-activity';
  const existing = await deps.entries.get(userId, target.date, target.activityId);
  if (existing && existing.source !== 'wearable' && !options.overwriteManual) return 'kept-manual';
  if (existing?.source === 'wearable' && existing.value === value) return 'unchanged';
  const { status, statusSource } = deriveStatus(activity, value);
  const entry = await deps.entries.put(
    userId,
    { activityId: activity.id, date: target.date, value, note: existing?.note ?? '', status, statusSource, source: 'wearable' },
    deps.now(),
    (stored) => [loggedEvent(userId, stored)],
  );
  await deps.events.publish([loggedEvent(userId, entry)]);
  return 'written';
}

/**
 * Deletes the entry of one activity on one date (404 when there is none). A tombstone with a
 * pending mark of `entry.deleted` stays until the roll-ups have applied the deletion.
 */
export async function deleteEntry(
  deps: Pick<TrackingDeps, 'entries' | 'events' | 'now'>,
  userId: string,
  target: { date: IsoDate; activityId: string },
): Promise<void> {
  let at = 0;
  const removed = await deps.entries.remove(userId, target.date, target.activityId, deps.now(), (deletedAt) => {
    at = deletedAt;
    return [deletedEvent(userId, target, deletedAt)];
  });
  if (!removed) throw new NotFoundError('The entry');
  await deps.events.publish([deletedEvent(userId, target, at)]);
}

/**
 * A page of entries in date order (then activity; oldest or newest first), filtered by
 * date range, one activity, or a category (resolved to the user's activities in it).
 */
export async function listEntries(
  deps: Pick<TrackingReads, 'activities' | 'entries'>,
  userId: string,
  query: ListEntriesQuery,
): Promise<Page<Entry>> {
  const page = { limit: query.limit, cursor: query.cursor };
  const range = { from: query.from, to: query.to, descending: query.order === 'desc' };
  if (query.activityId) {
    await requireActivity(deps, userId, query.activityId);
    return deps.entries.list(userId, { ...range, activityId: query.activityId }, page);
  }
  if (query.category) {
    const wanted = query.category.toLocaleLowerCase('en');
    const ids = (await deps.activities.listAll(userId))
      .filter((a) => a.category.toLocaleLowerCase('en') === wanted)
      .map((a) => a.id);
    if (ids.length === 0) return { items: [] };
    return deps.entries.list(userId, { ...range, activityIds: ids }, page);
  }
  return deps.entries.list(userId, range, page);
}

