import { createHash } from 'node:crypto';
import { openZip } from '../files/zip.ts';
import { writeZip } from '../files/zip-writer.ts';
import type { Item } from '../db/table.ts';
import { DomainError, UnprocessableError } from '../kit/errors.ts';
import { csvLine } from '../tracking/transfer/csv.ts';

/**
 * Per-user backups: a ZIP of every area the user has data in — each area's items as JSON lines
 * (what a restore reads: lossless, roll-ups included, so analytics are identical after a
 * restore) and a CSV for people — with a manifest naming the owner and each file's SHA-256.
 * Areas register here: an area is the sort-key prefixes of its items in the user's partition,
 * plus an optional CSV view. Incidents and Listening plug in with one entry each.
 */
export interface BackupArea {
  area: string;
  prefixes: string[];
  /** Human-readable CSV files of the area (name → content), from its items. */
  csv?: (items: Item[]) => Record<string, string>;
}

const entriesCsv = (items: Item[]): Record<string, string> => {
  const names = new Map(items.filter((i) => String(i.sk).startsWith('ACT#')).map((a) => [a.id as string, a.name as string]));
  const rows = items
    .filter((i) => String(i.sk).startsWith('ENTRY#'))
    .map((e) => csvLine([e.date as string, names.get(e.activityId as string) ?? (e.activityId as string), e.value as number | null, e.status as string, (e.note as string) ?? '']));
  return { 'tracking/entries.csv': `${csvLine(['date', 'activity', 'value', 'status', 'note'])}${rows.join('')}` };
};

export const BACKUP_AREAS: BackupArea[] = [
  { area: 'account', prefixes: ['PROFILE'] },
  { area: 'tracking', prefixes: ['ACT#', 'ACTNAME#', 'AMONTH#', 'DAY#', 'ENTRY#', 'GOAL#', 'SLOTS#'], csv: entriesCsv },
  { area: 'notifications', prefixes: ['NOTE#'] },
];

/** The area an item belongs to, or undefined for what backups leave out (idempotency records, import jobs). */
export function areaOf(sk: string): string | undefined {
  return BACKUP_AREAS.find((a) => a.prefixes.some((p) => sk.startsWith(p)))?.area;
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

/** Builds a user's backup ZIP from the items of their partition. */
export function buildBackup(userId: string, items: Item[], now: Date): { zip: Buffer; manifest: BackupManifest } {
  const byArea = new Map<string, Item[]>();
  for (const item of items) {
    const area = areaOf(String(item.sk));
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
        if (item.pk !== `USER#${manifest.userId}` || typeof item.sk !== 'string' || areaOf(item.sk) !== area)
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
 * account): every `USER#<from>` key part and owner field becomes the target's.
 */
export function rekey(items: Item[], from: string, to: string): Item[] {
  if (from === to) return items;
  // The target keeps its own profile (its email and name are its identity's).
  items = items.filter((i) => i.sk !== 'PROFILE');
  const swap = (v: unknown) => (typeof v === 'string' ? v.split(`USER#${from}`).join(`USER#${to}`) : v);
  return items.map((item) => {
    const out: Item = { ...item, pk: `USER#${to}` };
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
