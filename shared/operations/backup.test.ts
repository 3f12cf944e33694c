import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openZip } from '../files/zip.ts';
import { writeZip } from '../files/zip-writer.ts';
import type { Item } from '../db/table.ts';
import { areaOfItem, buildBackup, parseBackup, restorePlan } from './backup.ts';

const now = new Date('2026-03-01T12:00:00Z');
const u = 'u1';

const play = (user: string, month: string, at: number, title: string): Item => ({
  pk: `USER#${user}#PLAYS#${month}`,
  sk: `P#${String(at).padStart(13, '0')}#h${at}`,
  month,
  kind: 'track',
  endedAt: at,
  msPlayed: 180_000,
  short: false,
  trackName: title,
  artistName: 'Band, "The"',
  sources: ['extended'],
});

/** A user with an item of every backed-up area, and items backups leave out. */
function items(user = u): Item[] {
  const pk = `USER#${user}`;
  return [
    { pk, sk: 'PROFILE', email: 'a@example.com' },
    { pk, sk: 'ACT#a1', id: 'a1', name: 'Run' },
    { pk, sk: 'ENTRY#2026-01-02#a1', activityId: 'a1', date: '2026-01-02', value: 5, status: 'done', gsi1pk: `${pk}#ACT#a1`, gsi1sk: '2026-01-02' },
    { pk, sk: 'NOTE#2026-01-02.streak.a1' },
    { pk, sk: 'WREC#id:abc', metric: 'steps', start: '2026-01-02T08:00:00Z', end: '2026-01-02T09:00:00Z', value: 1200, source: 'apple-health', gsi1pk: `${pk}#WMETRIC#steps`, gsi1sk: '2026-01-02T08:00:00Z#id:abc' },
    { pk, sk: 'WRULE#r1', metric: 'steps' },
    { pk, sk: 'LDAY#2026-01-02', date: '2026-01-02', plays: 1, v: 1 },
    { pk, sk: 'LMON#2026-02', month: '2026-02', plays: 1, v: 1 },
    { pk, sk: 'LALL', plays: 2, v: 2 },
    { pk, sk: 'LENT#artist#band the', plays: 2 },
    play(user, '2026-01', Date.UTC(2026, 0, 2, 10), 'Song A'),
    play(user, '2026-02', Date.UTC(2026, 1, 3, 10), 'Song B'),
    // Left out: ephemeral, receipts with a TTL, secrets.
    { pk, sk: 'IDEM#k1' },
    { pk, sk: 'LIMPORT#j1' },
    { pk, sk: 'LCONN', sealedRefreshToken: 'secret' },
    { pk, sk: 'LRUN#2026-01-01#r' },
    { pk, sk: 'WBATCH#2026-01-02#b' },
    { pk, sk: 'WSCONN#c' },
    // Not this user's.
    play('u10', '2026-01', Date.UTC(2026, 0, 2, 11), 'Other'),
  ];
}

async function files(zip: Buffer): Promise<Record<string, string>> {
  const archive = await openZip(zip, { maxEntries: 100, maxEntryBytes: 1e7, maxTotalBytes: 1e7 });
  const out: Record<string, string> = {};
  for (const e of archive.entries) out[e.name] = (await archive.read(e)).toString('utf8');
  archive.close();
  return out;
}

describe('backups', () => {
  it('assigns items to areas: the user partition by prefix, plays by their month partitions; ephemeral items and other users in none', () => {
    const area = (i: Item) => areaOfItem(i, u);
    expect(items().map(area)).toEqual([
      'account', 'tracking', 'tracking', 'notifications', 'wearables', 'wearables',
      'listening', 'listening', 'listening', 'listening', 'listening', 'listening',
      undefined, undefined, undefined, undefined, undefined, undefined, undefined,
    ]);
    expect(area({ pk: `USER#${u}#PLAYS#2026-1`, sk: 'P#1' })).toBeUndefined();
    expect(area({ pk: `USER#${u}#PLAYS#2026-01`, sk: 'ACT#1' })).toBeUndefined();
  });

  it('writes JSON lines per area, CSV views (plays, wearable records) and the projects summary; parses back exactly the backed-up items', async () => {
    const summary = JSON.stringify({ projects: [{ id: 'p1', name: 'Ops', role: 'owner' }] });
    const { zip, manifest } = buildBackup(u, items(), now, { 'incidents/projects.json': summary });
    expect(Object.keys(manifest.files).sort()).toEqual([
      'account/items.jsonl', 'incidents/projects.json', 'listening/items.jsonl', 'listening/plays.csv', 'notifications/items.jsonl',
      'tracking/entries.csv', 'tracking/items.jsonl', 'wearables/items.jsonl', 'wearables/records.csv',
    ]);
    expect(manifest.files['listening/items.jsonl']!.items).toBe(6);
    const content = await files(zip);
    expect(content['listening/plays.csv']!.trim().split(/\r?\n/)).toEqual([
      'ended_at,kind,title,artist,album,ms_played,short,sources,uri',
      '2026-01-02T10:00:00.000Z,track,Song A,"Band, ""The""",,180000,no,extended,',
      '2026-02-03T10:00:00.000Z,track,Song B,"Band, ""The""",,180000,no,extended,',
    ]);
    expect(content['wearables/records.csv']).toContain('2026-01-02T08:00:00Z,2026-01-02T09:00:00Z,steps,1200,apple-health');
    expect(content['incidents/projects.json']).toBe(summary);
    expect(JSON.stringify(content)).not.toContain('secret');

    const parsed = await parseBackup(zip);
    const backedUp = items().filter((i) => areaOfItem(i, u));
    const byKey = (a: Item, b: Item) => String(a.pk).concat(String(a.sk)).localeCompare(String(b.pk).concat(String(b.sk)));
    expect([...parsed.items].sort(byKey)).toEqual([...backedUp].sort(byKey));
  });

  it('moves plays into the target user\u2019s month partitions on a restore into another account (admin only)', async () => {
    const parsed = await parseBackup(buildBackup(u, items(), now).zip);
    expect(() => restorePlan(parsed, { targetUserId: 'u2', allowOtherUser: false })).toThrow(/another user/);
    const moved = restorePlan(parsed, { targetUserId: 'u2', allowOtherUser: true });
    expect(moved.some((i) => i.sk === 'PROFILE')).toBe(false);
    expect(moved.filter((i) => String(i.sk).startsWith('P#')).map((i) => i.pk)).toEqual(['USER#u2#PLAYS#2026-01', 'USER#u2#PLAYS#2026-02']);
    expect(moved.every((i) => i.pk === 'USER#u2' || /^USER#u2#PLAYS#/.test(String(i.pk)))).toBe(true);
    expect(moved.find((i) => i.sk === 'WREC#id:abc')!.gsi1pk).toBe('USER#u2#WMETRIC#steps');
    expect(moved.every((i) => areaOfItem(i, 'u2'))).toBe(true);
  });

  it('refuses a backup with a play of another user, a play in a malformed partition, or a truncated archive', async () => {
    const forge = async (extra: Item) => {
      const good = await files(buildBackup(u, items(), now).zip);
      const jsonl = `${good['listening/items.jsonl']}${JSON.stringify(extra)}\n`;
      const { manifest } = buildBackup(u, items(), now);
      manifest.files['listening/items.jsonl'] = { sha256: createHash('sha256').update(jsonl).digest('hex') };
      return writeZip([{ name: 'manifest.json', data: JSON.stringify(manifest) }, ...Object.entries(good).filter(([n]) => n !== 'manifest.json').map(([name, data]) => ({ name, data: name === 'listening/items.jsonl' ? jsonl : data }))], now);
    };
    await expect(parseBackup(await forge(play('u2', '2026-01', 1, 'x')))).rejects.toMatchObject({ status: 422 });
    await expect(parseBackup(await forge({ ...play(u, '2026-01', 1, 'x'), pk: `USER#${u}#PLAYS#../x` }))).rejects.toMatchObject({ status: 422 });
    await expect(parseBackup(await forge({ pk: `USER#${u}`, sk: 'LCONN' }))).rejects.toMatchObject({ status: 422 });
    // The forge itself yields a backup that parses when the extra item is the owner's.
    expect((await parseBackup(await forge(play(u, '2026-03', Date.UTC(2026, 2, 1), 'C')))).items).toHaveLength(items().filter((i) => areaOfItem(i, u)).length + 1);
    const zip = buildBackup(u, items(), now).zip;
    await expect(parseBackup(zip.subarray(0, Math.floor(zip.length * 0.6)))).rejects.toMatchObject({ status: 422 });
  });
});
