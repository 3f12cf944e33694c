import { mirrorTimezone } from '../auth/auth-state-repository.ts';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { s3 } from '../aws/s3.ts';
import { deleteObject, presignDownload, putObject, readObject } from '../aws/s3-objects.ts';
import { config } from '../config.ts';
import { userPartition } from '../db/keys.ts';
import { batchDelete, batchPut, queryPages, type Item } from '../db/table.ts';
import { NotFoundError } from '../kit/errors.ts';
import { inParallel } from '../kit/parallel.ts';
import { dynamoProjects } from '../incidents/project-repository.ts';
import { playMonthsOf, userPlayPages } from '../listening/play-repository.ts';
import { dynamoReminders } from '../reminders/reminder-repository.ts';
import { syncActivityReminders } from '../reminders/sync.ts';
import { ACTIVITY_PREFIX } from '../tracking/keys.ts';
import { PROFILE_SORT_KEY } from '../users/keys.ts';
import { areaOfItem, buildBackup, parseBackup, restorePlan, type RestoreRequest } from './backup.ts';

/** Presigned downloads last this long. */
export const DOWNLOAD_SECONDS = 300;

export interface BackupObject {
  key: string;
  createdAt: string;
  bytes: number;
  downloadUrl: string;
}

// Every item of a user's partition (backups, restores)
async function partitionItems(userId: string): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of queryPages({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': userPartition(userId) } })) items.push(...page);
  return items;
}

// Every item of a user's partition and of their month partitions of plays (named by its roll-ups)
async function userItems(userId: string): Promise<Item[]> {
  const items = await partitionItems(userId);
  for await (const page of userPlayPages(userId, playMonthsOf(items.map((i) => String(i.sk))))) items.push(...page);
  return items;
}

/**
 * The user's incident projects, for people reading the backup: shared with other members, so a
 * restore never recreates them (their data is the project's, not the user's).
 */
async function projectsSummary(userId: string): Promise<Record<string, string>> {
  const memberships = await dynamoProjects.memberships(userId);
  if (!memberships.length) return {};
  const roles = new Map(memberships.map((m) => [m.projectId, m.role]));
  const projects = (await dynamoProjects.getMany([...roles.keys()])).map((p) => ({ id: p.id, name: p.name, description: p.description, role: roles.get(p.id), createdAt: p.createdAt }));
  return { 'incidents/projects.json': JSON.stringify({ note: 'Shared projects are not restored from a backup.', projects }, null, 2) };
}

// A user's backups in the bucket: users/<id>/<created>.zip
const prefixOf = (userId: string) => `users/${userId}/`;

async function toObject(key: string, bytes: number): Promise<BackupObject> {
  const createdAt = key.slice(key.lastIndexOf('/') + 1, -'.zip'.length);
  return { key, createdAt, bytes, downloadUrl: await presignDownload(config.buckets.backups, key, `mosaic-backup-${createdAt.slice(0, 10)}.zip`, DOWNLOAD_SECONDS) };
}

/** Writes a backup of the user's data to the backups bucket. */
export async function createBackup(userId: string, now = new Date()): Promise<BackupObject> {
  const { zip } = buildBackup(userId, await userItems(userId), now, await projectsSummary(userId));
  const key = `${prefixOf(userId)}${now.toISOString()}.zip`;
  await putObject(config.buckets.backups, key, zip, 'application/zip');
  return toObject(key, zip.length);
}

/** A user's backups, newest first. */
export async function listBackups(userId: string): Promise<BackupObject[]> {
  const out: Array<{ key: string; bytes: number }> = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: config.buckets.backups, Prefix: prefixOf(userId), ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key?.endsWith('.zip')) out.push({ key: o.Key, bytes: o.Size ?? 0 });
    token = page.NextContinuationToken;
  } while (token);
  out.sort((a, b) => (a.key < b.key ? 1 : -1));
  return Promise.all(out.map((o) => toObject(o.key, o.bytes)));
}

/** A stored backup's bytes (404 unless the key is a backup in the bucket). */
export async function readBackup(key: string): Promise<Buffer> {
  if (!/^users\/[\w-]+\/[\w:.-]+\.zip$/.test(key)) throw new NotFoundError('The backup');
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of readObject(config.buckets.backups, key)) chunks.push(chunk);
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') throw new NotFoundError('The backup');
    throw error;
  }
  return Buffer.concat(chunks);
}

/** Removes a stored backup (a versioned bucket keeps it as a non-current version until its lifecycle ends). */
export async function deleteBackup(key: string): Promise<void> {
  if (!/^users\/[\w-]+\/[\w:.-]+\.zip$/.test(key)) throw new NotFoundError('The backup');
  await deleteObject(config.buckets.backups, key);
}

export interface RestoreResult {
  restored: Record<string, number>;
  removed: number;
}

/**
 * Reminder slots are derived, so backups leave them out (docs/reminders.md): the restored
 * activities' reminders are scheduled again in the account's time zone. Slots of activities the
 * restore removed are dropped by the next reminders run.
 */
async function scheduleRestoredReminders(userId: string, restored: readonly Item[], account: readonly Item[]): Promise<void> {
  const timeZone = account.find((i) => i.sk === PROFILE_SORT_KEY)?.timezone;
  if (typeof timeZone !== 'string') return;
  const now = new Date();
  const withReminders = restored.filter((i) => String(i.sk).startsWith(ACTIVITY_PREFIX) && Array.isArray(i.reminders) && i.reminders.length > 0);
  await inParallel(withReminders, 8, (item) =>
    syncActivityReminders(dynamoReminders, { id: item.id as string, userId, reminders: item.reminders as string[] }, timeZone, now),
  );
}

/**
 * Restores a backup into an account: the ZIP is read and checked in full first (nothing is
 * written for a refused one), then its items are put and the account's items of the backed-up
 * kinds that the backup does not hold are removed. Running it again changes nothing more.
 */
export async function restoreBackup(zip: Uint8Array, request: RestoreRequest): Promise<RestoreResult> {
  const backup = await parseBackup(zip);
  const items = restorePlan(backup, request);
  const target = request.targetUserId;
  await batchPut(items);
  // A restored profile brings back its time zone: the token state's mirror of it follows.
  const profile = items.find((i) => i.sk === PROFILE_SORT_KEY);
  if (typeof profile?.timezone === 'string') await mirrorTimezone(target, profile.timezone);
  const key = (i: Item) => `${String(i.pk)}\n${String(i.sk)}`;
  const kept = new Set(items.map(key));
  // Read after the put and before any delete: the roll-ups then name both the backup's months
  // and the account's own, so plays the backup does not hold are found in either.
  const current = await userItems(target);
  const extra = current.filter((i) => areaOfItem(i, target) && !kept.has(key(i)) && !(i.sk === PROFILE_SORT_KEY && target !== backup.manifest.userId));
  // Plays first: the roll-ups that name their months go with the partition's items.
  const own = userPartition(target);
  extra.sort((a, b) => Number(a.pk === own) - Number(b.pk === own));
  await batchDelete(extra.map((i) => ({ pk: String(i.pk), sk: String(i.sk) })));
  await scheduleRestoredReminders(target, items, current);
  const restored: Record<string, number> = {};
  for (const item of items) {
    const area = areaOfItem(item, target)!;
    restored[area] = (restored[area] ?? 0) + 1;
  }
  return { restored, removed: extra.length };
}
