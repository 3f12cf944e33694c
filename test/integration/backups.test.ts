import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { newAdmin } from '../support/admin.ts';
import { as, call, eventually, newUser, postUploadForm, queuesDrained, type TestUser } from '../support/http-client.ts';
import { asStreamingFile, streamingRow } from '../support/spotify-export.ts';
import { syntheticHistory } from '../support/synthetic-history.ts';
import { zipFiles } from '../support/zip-writer.ts';

const mosaic = inject('mosaic');

const dynamo = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: mosaic.endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);

/** The keys of every item of one partition. */
async function partitionKeys(pk: string): Promise<Array<Record<string, unknown>>> {
  const keys: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await dynamo.send(
      new QueryCommand({ TableName: mosaic.resources.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ProjectionExpression: 'pk, sk', ExclusiveStartKey: start }),
    );
    keys.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return keys;
}

/** Deletes every item of a user's partition except the profile, and their plays of the given months; returns how many. */
async function wipe(userId: string, playMonths: readonly string[] = []): Promise<number> {
  const keys = await partitionKeys(`USER#${userId}`);
  for (const month of playMonths) keys.push(...(await partitionKeys(`USER#${userId}#PLAYS#${month}`)));
  const doomed = keys.filter((k) => k.sk !== 'PROFILE');
  for (let i = 0; i < doomed.length; i += 25)
    await dynamo.send(new BatchWriteCommand({ RequestItems: { [mosaic.resources.tableName]: doomed.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })) } }));
  return doomed.length;
}
const base = mosaic.url;

async function importHistory(user: TestUser, doc: unknown) {
  const client = as(base, user);
  const created = await client.post('/v1/imports', { format: 'json', content: JSON.stringify(doc) });
  expect(created.status, created.text).toBe(201);
  await eventually(async () => (await client.get(`/v1/imports/${created.body.import.id}`)).body, (j) => j.status === 'completed', 60_000);
  await queuesDrained(base);
}

// Plays of a year (2025, UTC): one on the 10th of each month at 20:00, two artists taking turns, plus a second play in even months.
const PLAY_MONTHS = Array.from({ length: 12 }, (_, m) => `2025-${String(m + 1).padStart(2, '0')}`);
function listeningExport(extra = false): Buffer {
  if (extra)
    return zipFiles([
      { name: 'Spotify Extended Streaming History/Streaming_History_Audio_2026.json', data: asStreamingFile([streamingRow({ ts: '2026-01-04T09:00:00Z', master_metadata_track_name: 'Later', master_metadata_album_artist_name: 'Newcomer', spotify_track_uri: 'spotify:track:0cccccccccccccccccccc1' })]) },
    ]);
  const rows = PLAY_MONTHS.flatMap((month, m) => {
    const row = (n: number, minute: number) =>
      streamingRow({
        ts: `${month}-10T20:${String(minute).padStart(2, '0')}:00Z`,
        master_metadata_track_name: `Song ${n}`,
        master_metadata_album_artist_name: `Band ${n % 2}`,
        master_metadata_album_album_name: `Album ${n % 3}`,
        spotify_track_uri: `spotify:track:0bbbbbbbbbbbbbbbbbbbb${String(n).padStart(2, '0')}`,
      });
    return m % 2 ? [row(m, 5)] : [row(m, 5), row(m + 20, 15)];
  });
  return zipFiles([{ name: 'Spotify Extended Streaming History/Streaming_History_Audio_2025.json', data: asStreamingFile(rows) }]);
}

async function importListening(user: TestUser, extra = false) {
  const client = as(base, user);
  const bytes = listeningExport(extra);
  const created = await client.post('/v1/listening/imports', { fileName: 'my_spotify_data.zip', size: bytes.length });
  expect(created.status, created.text).toBe(201);
  expect((await postUploadForm(base, created.body.upload, bytes, 'my_spotify_data.zip')).ok).toBe(true);
  expect((await client.post(`/v1/listening/imports/${created.body.import.id}/start`)).status).toBe(202);
  const job = await eventually(async () => (await client.get(`/v1/listening/imports/${created.body.import.id}`)).body, (j) => j.status === 'completed' || j.status === 'failed', 60_000);
  expect(job.status).toBe('completed');
  await queuesDrained(base);
}

/** Every analytics view of the user, for before/after comparison. */
async function analytics(user: TestUser) {
  const client = as(base, user);
  const activities = (await client.get('/v1/activities?limit=100')).body.items as Array<{ id: string }>;
  const stats = await Promise.all(activities.map(async (a) => (await client.get(`/v1/activities/${a.id}/stats`)).body));
  const dashboard = (await client.get('/v1/dashboard')).body;
  const goals = (await client.get('/v1/goals')).body;
  const entries = (await client.get('/v1/entries?limit=100&order=desc')).body;
  const listening = {
    overview: (await client.get('/v1/listening/overview')).body,
    topArtists: (await client.get('/v1/listening/top/artist?range=all&limit=10')).body,
    topTracks: (await client.get('/v1/listening/top/track?range=all&limit=50')).body,
    plays: (await client.get('/v1/listening/plays?limit=100')).body,
  };
  return { activities, stats, dashboard, goals, entries, listening };
}

async function downloadLatest(user: TestUser): Promise<Buffer> {
  const list = await as(base, user).get('/v1/me/backups');
  const res = await fetch(new URL(list.body.items[0].downloadUrl, base));
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

const restore = (user: TestUser, zip: Buffer) =>
  call(base, 'POST', '/v1/me/restore', { token: user.token, from: user.from, raw: zip, headers: { 'content-type': 'application/zip' } });

describe('backups and restore', () => {
  it('backs up a year of data (tracking and listening), wipes it, restores it: analytics identical before and after; restoring again changes nothing', async () => {
    const user = await newUser(base, { timezone: 'UTC' });
    await importHistory(user, syntheticHistory({ activities: 6, days: 365, seed: 11 }));
    await importListening(user);
    const client = as(base, user);
    const before = await analytics(user);
    expect(before.activities).toHaveLength(6);
    expect(before.listening.overview.allTimePlays).toBe(18);
    expect(before.listening.plays.items).toHaveLength(18);

    const made = await client.post('/v1/me/backups');
    expect(made.status).toBe(201);
    const zip = await downloadLatest(user);

    // Wipe: every item of the user's partition but the profile, and their plays, straight in the table.
    expect(await wipe(user.id, PLAY_MONTHS)).toBeGreaterThan(365 * 6 * 0.5);
    expect((await client.get('/v1/activities')).body.items).toEqual([]);
    expect((await client.get('/v1/listening/plays?limit=100')).body.items).toEqual([]);

    const restored = await restore(user, zip);
    expect(restored.status, restored.text).toBe(200);
    expect(restored.body.restored.tracking).toBeGreaterThan(365 * 6 * 0.5);
    // 18 plays, and the roll-ups beside them.
    expect(restored.body.restored.listening).toBeGreaterThan(18);
    expect(await analytics(user)).toEqual(before);
    const again = await restore(user, zip);
    expect(again.body.removed).toBe(0);
    expect(await analytics(user)).toEqual(before);

    // A play made after the backup (in a month the backup has none of) goes on a restore, with its roll-ups.
    await importListening(user, true);
    expect((await client.get('/v1/listening/overview')).body.allTimePlays).toBe(19);
    const back = await restore(user, zip);
    expect(back.status, back.text).toBe(200);
    expect(back.body.removed).toBeGreaterThanOrEqual(3);
    expect(await analytics(user)).toEqual(before);
    expect((await restore(user, zip)).body.removed).toBe(0);
  }, 180_000);

  it('brings back the backed-up time zone, and the day follows it on the very next request', async () => {
    const user = await newUser(base, { timezone: 'Pacific/Kiritimati' });
    const client = as(base, user);
    expect((await client.post('/v1/me/backups')).status).toBe(201);
    const zip = await downloadLatest(user);
    expect((await client.patch('/v1/me', { timezone: 'Pacific/Pago_Pago' })).status).toBe(200);
    expect((await client.get('/v1/today')).body.timezone).toBe('Pacific/Pago_Pago');
    const restored = await restore(user, zip);
    expect(restored.status, restored.text).toBe(200);
    // "today" comes from the token state's mirror of the zone, which the restore rewrote.
    expect((await client.get('/v1/me')).body.timezone).toBe('Pacific/Kiritimati');
    expect((await client.get('/v1/today')).body.timezone).toBe('Pacific/Kiritimati');
  });

  it('refuses a truncated ZIP, another user\u2019s backup and a path-traversal entry, changing nothing', async () => {
    const owner = await newUser(base);
    const other = await newUser(base);
    await as(base, owner).post('/v1/activities', { name: 'Run', category: 'fitness', unit: 'km', goal: 5 });
    await as(base, other).post('/v1/activities', { name: 'Swim', category: 'fitness', unit: 'm', goal: 500 });
    await as(base, owner).post('/v1/me/backups');
    const zip = await downloadLatest(owner);
    const snapshot = async () => (await as(base, other).get('/v1/activities')).body;
    const was = await snapshot();

    const truncated = await restore(other, zip.subarray(0, Math.floor(zip.length * 0.7)));
    expect(truncated.status).toBe(422);
    const foreign = await restore(other, zip);
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('backup_of_another_user');
    const traversal = zipFiles([
      { name: 'manifest.json', data: JSON.stringify({ format: 'mosaic-backup', version: 1, userId: other.id, createdAt: new Date().toISOString(), files: {} }) },
      { name: '../escape.jsonl', data: '{}' },
    ]);
    const unsafe = await restore(other, traversal);
    expect(unsafe.status).toBe(422);
    expect(await snapshot()).toEqual(was);

    // An admin may restore it into the other account, saying so.
    const admin = await newAdmin(mosaic);
    const key = (await as(base, admin).get(`/v1/admin/users/${owner.id}/backups`)).body.items[0].key as string;
    expect((await as(base, admin).post(`/v1/admin/users/${other.id}/restore`, { key })).status).toBe(403);
    const allowed = await as(base, admin).post(`/v1/admin/users/${other.id}/restore`, { key, allowOtherUser: true });
    expect(allowed.status, allowed.text).toBe(200);
    expect(((await snapshot()).items as Array<{ name: string }>).map((a) => a.name)).toEqual(['Run']);
    const trail = (await as(base, admin).get(`/v1/admin/audit?target=${other.id}&kind=backup.restored`)).body.items as Array<{ outcome: string }>;
    expect(trail.map((r) => r.outcome).sort()).toEqual(['failed', 'failed', 'failed', 'success']);
  }, 60_000);

  it('makes one backup of 500 parallel replays of one request', async () => {
    const user = await newUser(base);
    const key = `backup-${user.id}`;
    const answers = await Promise.all(
      Array.from({ length: 500 }, () => call(base, 'POST', '/v1/me/backups', { token: user.token, from: user.from, headers: { 'idempotency-key': key } })),
    );
    expect(answers.filter((a) => a.status === 201).length).toBeGreaterThanOrEqual(1);
    expect(answers.every((a) => [201, 409, 429].includes(a.status))).toBe(true);
    // Every request has answered; the one that made the backup finished before it did.
    expect((await as(base, user).get('/v1/me/backups')).body.items).toHaveLength(1);
  }, 120_000);
});
