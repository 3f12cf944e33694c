import { createHash } from 'node:crypto';
import { openZip } from '../files/zip.ts';
import { writeZip } from '../files/zip-writer.ts';
import type { Item } from '../db/table.ts';
import { SLOTS_PREFIX, userPartition } from '../db/keys.ts';
import { DomainError, UnprocessableError } from '../kit/errors.ts';
import { LISTENING_ALL_SORT_KEY, LISTENING_DAY_PREFIX, LISTENING_ENTITY_PREFIX, LISTENING_MONTH_PREFIX, PLAY_PREFIX } from '../listening/keys.ts';
import { NOTIFICATION_PREFIX } from '../notifications/keys.ts';
import { ACTIVITY_MONTH_PREFIX, ACTIVITY_NAME_PREFIX, ACTIVITY_PREFIX, DAY_PREFIX, ENTRY_PREFIX, GOAL_PREFIX } from '../tracking/keys.ts';
import { PROFILE_SORT_KEY } from '../users/keys.ts';
import { WEARABLE_RECORD_PREFIX, WEARABLE_RULE_PREFIX, WEARABLE_SOURCE_PREFIX } from '../wearables/keys.ts';
import { csvLine } from '../tracking/transfer/csv.ts';

/**
 * Per-user backups: a ZIP of every area the user has data in — each area's items as JSON lines
 * (what a restore reads: lossless, roll-ups included, so analytics are identical after a
 * restore) and a CSV for people — with a manifest naming the owner and each file's SHA-256.
 * Areas register here: an area is the sort-key prefixes of its items in the user's partition
 * (and, for listening, of the user's other partitions), plus an optional CSV view.
 *
 * Left out on purpose (docs/operations.md, "What a backup holds"): what is ephemeral or a
 * receipt with a TTL — idempotency records (`IDEM#`), import jobs (`IMPORT#`, `LIMPORT#`),
 * WebSocket connections (`WSCONN#`), wearable batch receipts (`WBATCH#`), MCP call log
 * (`MCPCALL#`), listening job runs (`LRUN#`), the play-writer lease (`LWRITER`), OAuth attempts
 * (`LOAUTH#`) — and the Spotify connection (`LCONN`): its sealed tokens are secrets that do not
 * belong in a file people download, and they are only valid for this stage's key; the user
 * connects again. Incident projects are shared between members: a backup holds a summary of
 * the user's memberships for people (`incidents/projects.json`), a restore never recreates them.
 */
export interface BackupArea {
  area: string;
  prefixes: string[];
  /**
   * The user's partitions beside `USER#<id>` that hold items of this area: the key's suffix
   * after `USER#<id>` (`#PLAYS#<YYYY-MM>`) and the sort-key prefixes there.
   */
  partitions?: { suffix: RegExp; prefixes: string[] };
  /** Human-readable CSV files of the area (name → content), from its items. */
  csv?: (items: Item[]) => Record<string, string>;
}

const entriesCsv = (items: Item[]): Record<string, string> => {
  const names = new Map(items.filter((i) => String(i.sk).startsWith(ACTIVITY_PREFIX)).map((a) => [a.id as string, a.name as string]));
  const rows = items
    .filter((i) => String(i.sk).startsWith(ENTRY_PREFIX))
    .map((e) => csvLine([e.date as string, names.get(e.activityId as string) ?? (e.activityId as string), e.value as number | null, e.status as string, (e.note as string) ?? '']));
  return { 'tracking/entries.csv': `${csvLine(['date', 'activity', 'value', 'status', 'note'])}${rows.join('')}` };
};

const iso = (at: unknown) => (typeof at === 'number' ? new Date(at).toISOString() : '');

const playsCsv = (items: Item[]): Record<string, string> => {
  const rows = items
    .filter((i) => /#PLAYS#/.test(String(i.pk)))
    .sort((a, b) => Number(a.endedAt) - Number(b.endedAt))
    .map((p) =>
      csvLine([
        iso(p.endedAt),
        p.kind as string,
        (p.trackName ?? p.episodeName ?? p.chapterName ?? '') as string,
        (p.artistName ?? p.showName ?? p.authorName ?? '') as string,
        (p.albumName ?? p.audiobookName ?? '') as string,
        Number(p.msPlayed),
        p.short ? 'yes' : 'no',
        ((p.sources as string[] | undefined) ?? []).join(' '),
        (p.uri ?? '') as string,
      ]),
    );
  return { 'listening/plays.csv': `${csvLine(['ended_at', 'kind', 'title', 'artist', 'album', 'ms_played', 'short', 'sources', 'uri'])}${rows.join('')}` };
};

const wearablesCsv = (items: Item[]): Record<string, string> => {
  const rows = items
    .filter((i) => String(i.sk).startsWith(WEARABLE_RECORD_PREFIX))
    .sort((a, b) => String(a.start).localeCompare(String(b.start)))
    .map((r) => csvLine([r.start as string, r.end as string, r.metric as string, r.value as number, r.source as string]));
  return { 'wearables/records.csv': `${csvLine(['start', 'end', 'metric', 'value', 'source'])}${rows.join('')}` };
};

export const BACKUP_AREAS: BackupArea[] = [
  { area: 'account', prefixes: [PROFILE_SORT_KEY] },
  { area: 'tracking', prefixes: [ACTIVITY_PREFIX, ACTIVITY_NAME_PREFIX, ACTIVITY_MONTH_PREFIX, DAY_PREFIX, ENTRY_PREFIX, GOAL_PREFIX, SLOTS_PREFIX], csv: entriesCsv },
  { area: 'notifications', prefixes: [NOTIFICATION_PREFIX] },
  // Records, the sources' counters and the mapping rules (batch receipts expire: left out).
  { area: 'wearables', prefixes: [WEARABLE_RECORD_PREFIX, WEARABLE_SOURCE_PREFIX, WEARABLE_RULE_PREFIX], csv: wearablesCsv },
  // Roll-ups and entity counters in the user's partition, plays in one partition per month.
  { area: 'listening', prefixes: [LISTENING_DAY_PREFIX, LISTENING_MONTH_PREFIX, LISTENING_ALL_SORT_KEY, LISTENING_ENTITY_PREFIX], partitions: { suffix: /^#PLAYS#\d{4}-\d{2}$/, prefixes: [PLAY_PREFIX] }, csv: playsCsv },
];

/** The area of an item of the user's own partition, or undefined for what backups leave out (idempotency records, import jobs…). */
export function areaOf(sk: string): string | undefined {
  return BACKUP_AREAS.find((a) => a.prefixes.some((p) => sk.startsWith(p)))?.area;
}

/** The area of any item of a user (their partition or another of theirs, like a month of plays), or undefined. */
export function areaOfItem(item: Item, userId: string): string | undefined {
  const pk = String(item.pk);
  const sk = String(item.sk);
  const own = userPartition(userId);
  if (pk === own) return areaOf(sk);
  if (!pk.startsWith(`${own}#`)) return undefined;
  const suffix = pk.slice(own.length);
  return BACKUP_AREAS.find((a) => a.partitions?.suffix.test(suffix) && a.partitions.prefixes.some((p) => sk.startsWith(p)))?.area;
}

export const BACKUP_FORMAT = 'mosaic-backup';
export const BACKUP_VERSION = 1;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  userId: string;
  createdAt: string;
  files: Record<string, { sha256: string; items?: number }>;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/**
 * Builds a user's backup ZIP from the items of their partitions (items of no area are left out),
 * plus files for people only (`extras`: name → content, never read by a restore).
 */
export function buildBackup(userId: string, items: Item[], now: Date, extras: Record<string, string> = {}): { zip: Buffer; manifest: BackupManifest } {
  const byArea = new Map<string, Item[]>();
  for (const item of items) {
    const area = areaOfItem(item, userId);
    if (!area) continue;
    byArea.set(area, [...(byArea.get(area) ?? []), item]);
  }
  const files: Array<{ name: string; data: string }> = [];
  const manifest: BackupManifest = { format: BACKUP_FORMAT, version: BACKUP_VERSION, userId, createdAt: now.toISOString(), files: {} };
  for (const spec of BACKUP_AREAS) {
    const areaItems = byArea.get(spec.area);
    if (!areaItems?.length) continue;
    const jsonl = areaItems.map((i) => JSON.stringify(i)).join('\n') + '\n';
    files.push({ name: `${spec.area}/items.jsonl`, data: jsonl });
    manifest.files[`${spec.area}/items.jsonl`] = { sha256: sha256(jsonl), items: areaItems.length };
    for (const [name, data] of Object.entries(spec.csv?.(areaItems) ?? {})) {
      files.push({ name, data });
      manifest.files[name] = { sha256: sha256(data) };
    }
  }
  for (const [name, data] of Object.entries(extras)) {
    files.push({ name, data });
    manifest.files[name] = { sha256: sha256(data) };
  }
  const manifestText = JSON.stringify(manifest, null, 2);
  return { zip: writeZip([{ name: 'manifest.json', data: manifestText }, ...files], now), manifest };
}

/** Caps of a backup ZIP: generous for years of data, far from a zip bomb. */
const BACKUP_ZIP_LIMITS = { maxEntries: 100, maxEntryBytes: 200 * 1024 * 1024, maxTotalBytes: 400 * 1024 * 1024 };

export interface ParsedBackup {
  manifest: BackupManifest;
  /** Items by area, keys as in the owner's partition. */
  items: Item[];
}

class BackupRefused extends UnprocessableError {}

/**
 * Reads a backup ZIP completely and checks it before anything is written: a truncated or damaged
 * archive, an unsafe path (`../`, absolute), a file not in the manifest or whose SHA-256 differs,
 * an item outside the owner's partition — each refuses the whole restore (422).
 */
export async function parseBackup(zip: Uint8Array): Promise<ParsedBackup> {
  const archive = await openZip(zip, BACKUP_ZIP_LIMITS);
  try {
    const manifestEntry = archive.find('manifest.json');
    if (!manifestEntry) throw new BackupRefused('not_a_backup', 'This ZIP is not a Mosaic backup (no manifest.json).');
    const manifest = JSON.parse((await archive.read(manifestEntry)).toString('utf8')) as BackupManifest;
    if (manifest.format !== BACKUP_FORMAT || manifest.version !== BACKUP_VERSION || typeof manifest.userId !== 'string')
      throw new BackupRefused('not_a_backup', 'This ZIP is not a Mosaic backup of a version this server reads.');
    const items: Item[] = [];
    const seen = new Set<string>();
    for (const entry of archive.entries) {
      if (entry.isDirectory || entry.name === 'manifest.json') continue;
      const expected = manifest.files[entry.name];
      if (!expected) throw new BackupRefused('backup_tampered', `"${entry.name}" is not listed in the backup's manifest.`);
      const data = await archive.read(entry);
      if (sha256(data) !== expected.sha256) throw new BackupRefused('backup_tampered', `"${entry.name}" does not match the backup's manifest.`);
      seen.add(entry.name);
      if (!entry.name.endsWith('/items.jsonl')) continue;
      const area = entry.name.slice(0, -'/items.jsonl'.length);
      for (const line of data.toString('utf8').split('\n')) {
        if (!line) continue;
        const item = JSON.parse(line) as Item;
        if (typeof item.pk !== 'string' || typeof item.sk !== 'string' || areaOfItem(item, manifest.userId) !== area)
          throw new BackupRefused('backup_tampered', `An item of "${entry.name}" is outside the backup owner's ${area} data.`);
        items.push(item);
      }
    }
    const missing = Object.keys(manifest.files).filter((f) => !seen.has(f));
    if (missing.length) throw new BackupRefused('backup_truncated', `The backup is missing ${missing.join(', ')}.`);
    return { manifest, items };
  } catch (error) {
    if (error instanceof SyntaxError) throw new BackupRefused('backup_tampered', 'A file of the backup is not valid JSON.');
    throw error;
  } finally {
    archive.close();
  }
}

/**
 * Moves a backup's items to another user (an admin restoring one user's backup into another
 * account): every `USER#<from>` key part (month partitions of plays included) and owner field
 * becomes the target's.
 */
export function rekey(items: Item[], from: string, to: string): Item[] {
  if (from === to) return items;
  // The target keeps its own profile (its email and name are its identity's).
  items = items.filter((i) => i.sk !== PROFILE_SORT_KEY);
  const [source, target] = [userPartition(from), userPartition(to)];
  const swap = (v: unknown) => (typeof v === 'string' ? v.split(source).join(target) : v);
  // parseBackup let only `USER#<from>` and `USER#<from>#…` keys through: the prefix is swapped.
  return items.map((item) => {
    const out: Item = { ...item, pk: `${target}${String(item.pk).slice(source.length)}` };
    for (const k of ['gsi1pk', 'gsi1sk']) if (k in out) out[k] = swap(out[k]);
    for (const k of ['userId', 'ownerId']) if (out[k] === from) out[k] = to;
    return out;
  });
}

/** Who asks for a restore, and whose account it goes into. */
export interface RestoreRequest {
  /** The account restored into. */
  targetUserId: string;
  /** An admin said the backup may be of another user (its data then moves to the target). */
  allowOtherUser: boolean;
}

/** Checks the backup may go into the target account; 403 for another user's without an admin's say-so. */
export function restorePlan(backup: ParsedBackup, request: RestoreRequest): Item[] {
  if (backup.manifest.userId !== request.targetUserId && !request.allowOtherUser)
    throw new DomainError(403, 'backup_of_another_user', 'This backup belongs to another user; only an administrator can restore it into this account.');
  return rekey(backup.items, backup.manifest.userId, request.targetUserId);
}
