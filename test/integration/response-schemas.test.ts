/**
 * Every route of the table, called for real and its success body parsed with the route's
 * `response` schema — the schema docs/openapi.json is generated from. The schemas are strict, so
 * a field the code sends but the document does not name fails here, as does a missing field or a
 * wrong type. The last test checks that every route was exercised.
 *
 * One user walks through the product in order (the steps share state); `delete-me` comes last.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import * as z from 'zod';
import { httpRoutes, type HttpRouteName } from '../../infra/routes/index.ts';
import { ErrorResponse } from '../../shared/kit/responses.ts';
import { zipFiles } from '../support/zip-writer.ts';
import { addToAdminGroup } from '../support/admin.ts';
import { sendToQueue } from '../support/queues.ts';
import { call, eventually, newUser, postUploadForm, randomLoopback } from '../support/http-client.ts';
import { totp } from '../support/totp.ts';
import { jpegSize, openMjpeg } from '../support/mjpeg-client.ts';

const base = inject('mosaic').url;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const csv = (lines: string[]) => lines.join('\r\n') + '\r\n';

/** Routes called with a success, and those whose body was parsed with their schema. */
const exercised = new Set<HttpRouteName>();
const parsed = new Set<HttpRouteName>();

const from = randomLoopback();
let token: string | undefined;

/** The body, or a failure naming every place it departs from the schema. */
function conforms(schema: z.ZodType, body: unknown, what: string): any {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new Error(
      `${what}: the answer does not match its documented schema\n${z.prettifyError(result.error)}\n` +
        `answer: ${JSON.stringify(body).slice(0, 4000)}`,
    );
  }
  return body;
}

interface Input {
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  json?: unknown;
  /** Extra headers (a webhook's signature). */
  headers?: Record<string, string>;
}

/**
 * Calls a route of the table (method and path from its entry), expects its success status and
 * returns the body once it has parsed with the route's `response` schema (204: no body).
 */
async function hit(name: HttpRouteName, input: Input = {}): Promise<any> {
  const route = httpRoutes[name];
  const path = route.path.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = input.params?.[key];
    if (value === undefined) throw new Error(`${name}: no value for {${key}}`);
    return encodeURIComponent(value);
  });
  const query = input.query
    ? `?${new URLSearchParams(Object.entries(input.query).map(([k, v]) => [k, String(v)]))}`
    : '';
  const res = await call(base, route.method, path + query, {
    from,
    json: input.json,
    token: route.auth === 'public' || route.auth === 'webhook' ? undefined : token,
    ...(input.headers ? { headers: input.headers } : {}),
  });
  expect(res.status, `${route.method} ${path + query}: ${res.text}`).toBe(route.successStatus);
  exercised.add(name);
  if (route.binaryResponse) {
    expect(res.headers['content-type']).toBe(route.binaryResponse);
    return res;
  }
  if (!route.response) {
    expect(res.text, `${name} answers without a body`).toBe('');
    return undefined;
  }
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  conforms(route.response, res.body, `${route.method} ${route.path}`);
  parsed.add(name);
  return res.body;
}

describe('every success answers what docs/openapi.json says', () => {
  const email = `schemas-${randomUUID()}@example.com`;
  const password = 'Correct-Horse-9';
  let run: any; // daily, a target; three done days inside misses (suggestions, risk, goals)
  let gym: any; // weekly
  let stretch: any; // weekdays; last logged three days ago (nudge)
  let sweets: any; // negative, a limit of 0
  let old: any; // archived, then deleted
  let reached: any; // a goal reached by run's history
  let marathon: any; // a goal with a deadline and two links

  it('health, account, tokens, profile', async () => {
    expect((await hit('get-health')).status).toBe('ok');
    expect((await hit('register', { json: { email, password, displayName: 'Schema Tester', timezone: 'UTC' } })).status).toBe('accepted');
    const session = await hit('login', { json: { email, password } });
    expect(session.user.email).toBe(email);
    token = session.accessToken;
    const tokens = await hit('refresh', { json: { refreshToken: session.refreshToken } });
    token = tokens.accessToken;
    expect((await hit('get-me')).email).toBe(email);
    expect((await hit('update-me', { json: { displayName: 'Renamed' } })).displayName).toBe('Renamed');
  });

  it('activities: create (daily, weekly, weekdays, negative), read, change, pause, resume, archive', async () => {
    run = await hit('create-activity', {
      json: { name: 'Run', category: 'fitness', unit: 'km', goal: 5, difficulty: 'hard', priority: 'high' },
    });
    gym = await hit('create-activity', { json: { name: 'Gym', category: 'fitness', cadence: { type: 'weekly', timesPerWeek: 3 } } });
    stretch = await hit('create-activity', {
      json: { name: 'Stretch', cadence: { type: 'weekdays', weekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] } },
    });
    sweets = await hit('create-activity', { json: { name: 'Sweets', category: 'food', unit: 'pieces', direction: 'negative', goal: 0 } });
    old = await hit('create-activity', { json: { name: 'Old habit', description: 'to be retired', priority: 'low' } });
    expect(gym.cadence).toEqual({ type: 'weekly', timesPerWeek: 3 });

    expect((await hit('get-activity', { params: { id: run.id } })).id).toBe(run.id);
    expect((await hit('update-activity', { params: { id: run.id }, json: { description: 'Outdoors' } })).description).toBe('Outdoors');
    expect((await hit('move-activity', { params: { id: old.id }, json: { before: run.id } })).position).toBeLessThan(run.position);

    const paused = await hit('add-pause', { params: { id: sweets.id }, json: { from: day(0) } });
    expect(paused).toMatchObject({ status: 'paused', pauses: [{ from: day(0) }] });
    expect((await hit('resume-activity', { params: { id: sweets.id } })).status).toBe('active');
    const planned = await hit('add-pause', { params: { id: run.id }, json: { from: day(10), to: day(20) } });
    expect(planned.pauses).toEqual([{ from: day(10), to: day(20) }]);
    expect((await hit('remove-pause', { params: { id: run.id, from: day(10) } })).pauses).toEqual([]);

    expect((await hit('deactivate-activity', { params: { id: old.id } })).status).toBe('archived');
    expect((await hit('activate-activity', { params: { id: old.id } })).status).toBe('active');

    const page = await hit('list-activities', { query: { limit: 2 } });
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toEqual(expect.any(String));
    const active = await hit('list-activities', { query: { status: 'active', limit: 2 } });
    expect((await hit('list-activities', { query: { status: 'active', cursor: active.nextCursor } })).items).toHaveLength(3);
  });

  it('entries, today, finalize', async () => {
    const put = (activityId: string, offset: number, json: Record<string, unknown>) =>
      hit('put-entry', { params: { date: day(offset), activityId }, json });
    for (const offset of [-12, -11, -7, -6, -5, -4, -3, -2, -1]) await put(run.id, offset, { status: 'missed' });
    for (const offset of [-10, -9, -8]) {
      expect((await put(run.id, offset, { value: 6, note: 'easy pace' })).statusSource).toBe('derived');
    }
    await put(gym.id, -1, { status: 'done' });
    await put(stretch.id, -3, { status: 'done' });
    expect((await put(sweets.id, 0, { value: 0 })).status).toBe('done');
    await put(old.id, 0, { status: 'skipped', note: 'resting' });

    const newest = await hit('list-entries', { query: { limit: 5, order: 'desc' } });
    expect(newest.items[0].date).toBe(day(0));
    const next = await hit('list-entries', { query: { limit: 5, order: 'desc', cursor: newest.nextCursor } });
    expect(next.items).toHaveLength(5);
    expect((await hit('list-entries', { query: { activityId: run.id } })).items).toHaveLength(12);

    const today = await hit('get-today');
    expect(today.date).toBe(day(0));
    // The user's order: creation order, with Old habit moved first (move-activity above).
    expect(today.items.map((i: any) => i.activity.name)).toEqual(['Old habit', 'Run', 'Gym', 'Stretch', 'Sweets']);
    expect(today.items.find((i: any) => i.activity.id === sweets.id).entry).toMatchObject({ value: 0, status: 'done' });
    await hit('get-today', { query: { date: day(-1) } });
    expect((await hit('finalize-day', { params: { date: day(-1) } })).date).toBe(day(-1));
  });

  it('goals: create, link, change, read, list', async () => {
    reached = await hit('create-goal', {
      json: { name: '10 km', targetValue: 10, unit: 'km', startDate: day(-12), links: [{ activityId: run.id, weight: 1 }] },
    });
    marathon = await hit('create-goal', { json: { name: 'Marathon month', targetValue: 42.2, unit: 'km', deadline: day(30) } });
    const linked = await hit('set-goal-links', {
      params: { id: marathon.id },
      json: { links: [{ activityId: run.id, weight: 0.5 }, { activityId: gym.id, weight: 2 }] },
    });
    expect(linked.links).toHaveLength(2);
    expect((await hit('update-goal', { params: { id: marathon.id }, json: { description: 'Before the race' } })).progress.daysToDeadline).toBe(30);
    // 3 × 6 km ≥ 10: reached once the consumer has counted them.
    const done = await eventually(
      () => hit('get-goal', { params: { id: reached.id } }),
      (g) => g.completedAt !== null,
    );
    expect(done.progress).toMatchObject({ reached: true, progress: 1, remaining: 0 });
    // The repository's bookkeeping never reaches the client.
    expect(Object.keys(done)).not.toContain('progressRev');
    expect(Object.keys(done)).not.toContain('announced');
    await eventually(
      () => hit('get-goal', { params: { id: reached.id } }),
      (g) => g.currentValue === 18,
    );
    const page = await hit('list-goals', { query: { limit: 1 } });
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it('analytics: stats with every kind of suggestion, a weekly activity, the dashboard', async () => {
    const insights = await eventually(
      () => hit('get-activity-stats', { params: { id: run.id } }),
      (i) => i.suggestions.length === 3,
    );
    expect(insights.suggestions.map((s: any) => s.kind).sort()).toEqual(['lower_frequency', 'make_easier', 'restart_smaller']);
    expect(insights.heatmap.length).toBeGreaterThanOrEqual(365);
    const weekly = await eventually(
      () => hit('get-activity-stats', { params: { id: gym.id } }),
      (i) => i.activity.stats.lastDoneDate === day(-1),
    );
    expect(weekly.activity.stats.weekDone).toEqual(expect.any(Number));
    await hit('get-activity-stats', { params: { id: gym.id }, query: { date: day(-1) } });

    // Day roll-ups are kept by a consumer: today's negative done entry shows once it has run.
    const dashboard = await eventually(
      () => hit('get-dashboard'),
      (d) => d.direction.negativeDone > 0,
    );
    expect(dashboard.days).toHaveLength(30);
    expect(dashboard.goals.map((g: any) => g.goalId).sort()).toEqual([reached.id, marathon.id].sort());
    expect(dashboard.categories.map((c: any) => c.category)).toContain('fitness');
    await hit('get-dashboard', { query: { date: day(-1) } });
  });

  it('imports (inline CSV, a failing file, a Loop ZIP, a presigned upload) and an export', async () => {
    const finished = (id: string) =>
      eventually(
        () => hit('get-import', { params: { id } }),
        (job) => job.status === 'completed' || job.status === 'failed',
        60_000,
      );

    const inline = await hit('create-import', {
      json: {
        format: 'csv',
        fileName: 'reading.csv',
        content: csv([
          'date,activity,value,status,note,category,unit,goal',
          `${day(-3)},Read,20,,chapter 3,mind,pages,15`,
          `${day(-2)},Read,,skipped,,,,`,
          '2026-02-30,Read,1,,,,,',
        ]),
      },
    });
    expect(inline.import.status).toBe('queued');
    expect(inline.upload).toBeUndefined();
    const read = await finished(inline.import.id);
    expect(read.summary).toMatchObject({ imported: 2, rejected: 1, activitiesCreated: 1 });

    const broken = await hit('create-import', { json: { format: 'csv', content: csv(['day,habit', '2026-01-05,Run']) } });
    expect((await finished(broken.import.id)).error).toEqual({ code: expect.any(String), message: expect.stringMatching(/date/) });
    // A failed import can be queued again (this one fails again: its file is still wrong).
    expect((await hit('retry-import', { params: { id: broken.import.id } })).status).toBe('queued');
    expect((await finished(broken.import.id)).error).toEqual({ code: expect.any(String), message: expect.stringMatching(/date/) });

    const zip = zipFiles([
      {
        name: 'Habits.csv',
        data:
          'Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?\n' +
          '001,Meditate,YES_NO,Did you meditate?,,1,1,#FF8F00,,AT_LEAST,0.0,false\n',
      },
      { name: '001 Meditate/Checkmarks.csv', data: `Date,Value,Notes\n${day(-2)},YES_MANUAL,calm\n${day(-3)},YES_AUTO,auto\n${day(-4)},MAYBE,\n` },
    ]);
    const loop = await hit('create-import', { json: { format: 'loop', content: zip.toString('base64'), encoding: 'base64' } });
    const meditate = await finished(loop.import.id);
    expect(meditate.summary).toMatchObject({ imported: 1, rejected: 1 });
    expect(meditate.summary.warnings).toHaveLength(1);
    expect(meditate.summary.rejections[0].file).toEqual(expect.any(String));

    const body = csv(['date,activity,value', `${day(-2)},Steps,8000`, `${day(-1)},Steps,9000`]);
    const upload = await hit('create-import', { json: { format: 'csv', fileName: 'steps.csv', size: Buffer.byteLength(body) } });
    expect(upload.import.status).toBe('awaiting_upload');
    const sent = await postUploadForm(base, upload.upload, body, 'steps.csv');
    expect(sent.ok).toBe(true);
    expect((await hit('start-import', { params: { id: upload.import.id } })).status).toBe('queued');
    expect((await finished(upload.import.id)).summary).toMatchObject({ imported: 2, rejected: 0 });

    const page = await hit('list-imports', { query: { limit: 3 } });
    expect(page.items.map((j: any) => j.id)).toEqual([upload.import.id, loop.import.id, broken.import.id]);
    expect((await hit('list-imports', { query: { cursor: page.nextCursor } })).items.map((j: any) => j.id)).toEqual([inline.import.id]);

    const file = await hit('create-export', { json: { format: 'json' } });
    expect(file).toMatchObject({ format: 'json', activities: 8, entries: 21 });
    expect((await fetch(new URL(file.url, base))).status).toBe(200);
  });

  it('notifications of every kind: list, read one, read all', async () => {
    // Risk (run: seven misses in a row) and nudges (stretch: last logged three days ago).
    expect((await call(base, 'POST', '/_local/schedules/risk-scan')).status).toBe(200);
    expect((await call(base, 'POST', '/_local/schedules/nudges')).status).toBe(200);
    const kinds = ['at_risk', 'goal_completed', 'import_completed', 'nudge'];
    // The schedules fan out per user: wait for this user's nudge of `stretch` itself.
    const all = await eventually(
      () => hit('list-notifications', { query: { limit: 100 } }),
      (page) =>
        kinds.every((k) => page.items.some((n: any) => n.kind === k)) &&
        page.items.some((n: any) => n.kind === 'nudge' && n.subjectId === stretch.id),
      60_000,
    );
    expect(all.items.find((n: any) => n.kind === 'nudge' && n.subjectId === stretch.id).data).toEqual({
      activityId: stretch.id,
      lastLogged: day(-3),
    });
    const unread = await hit('list-notifications', { query: { unread: 'true', limit: 2 } });
    expect(unread.nextCursor).toEqual(expect.any(String));
    const one = await hit('read-notification', { params: { id: unread.items[0].id } });
    expect(one.readAt).toEqual(expect.any(String));
    expect((await hit('read-all-notifications')).marked).toBeGreaterThanOrEqual(all.items.length - 1);
  }, 120_000);

  it('push: the VAPID key, a subscription registered and removed', async () => {
    const key = await hit('get-push-key');
    expect(Buffer.from(key.publicKey, 'base64url')).toHaveLength(65);
    const p256dh = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 3)]).toString('base64url');
    const sub = await hit('add-push-subscription', { json: { endpoint: 'https://push.example.com/schema-test', keys: { p256dh, auth: Buffer.alloc(16, 5).toString('base64url') } } });
    expect(sub.origin).toBe('https://push.example.com');
    await hit('delete-push-subscription', { params: { id: sub.id } });
  });

  it('deletions, and errors in the one error shape', async () => {
    await hit('delete-entry', { params: { date: day(0), activityId: old.id } });
    await hit('delete-goal', { params: { id: marathon.id } });
    await hit('deactivate-activity', { params: { id: old.id } });
    await hit('delete-activity', { params: { id: old.id } });

    const gone = await call(base, 'GET', `/v1/activities/${old.id}`, { token, from });
    expect(gone.status).toBe(404);
    conforms(ErrorResponse, gone.body, 'a 404');
    const invalid = await call(base, 'POST', '/v1/activities', { token, from, json: { name: '' } });
    expect(invalid.status).toBe(400);
    expect(conforms(ErrorResponse, invalid.body, 'a 400').error.details.issues[0].field).toBe('name');
    const busy = await call(base, 'DELETE', `/v1/activities/${run.id}`, { token, from });
    expect(busy.status).toBe(409);
    conforms(ErrorResponse, busy.body, 'a 409');
  });

  it('real time and wearables: a ticket, a batch', async () => {
    const ticket = await hit('create-realtime-ticket');
    expect(ticket.protocols[0]).toBe('mosaic.v1');
    const at = new Date(Date.now() - 3600_000).toISOString();
    const summary = await hit('ingest-wearable-batch', {
      json: { source: 'generic', records: [{ metric: 'steps', unit: 'count', start: at, end: at, value: 10 }, { metric: 'mood', unit: 'x', start: at, value: 1 }] },
    });
    expect(summary).toMatchObject({ accepted: 1, rejected: [{ index: 1, reason: 'unknown_metric' }] });
    const activity = await hit('create-activity', { json: { name: 'Steps from the watch' } });
    const rule = await hit('create-wearable-rule', { json: { metric: 'steps', activityId: activity.id, aggregation: 'sum', unit: 'count' } });
    expect((await hit('list-wearable-rules')).items).toHaveLength(1);
    expect((await hit('preview-wearable-rule', { params: { id: rule.id } })).days).toHaveLength(7);
    await hit('delete-wearable-rule', { params: { id: rule.id } });
    expect((await hit('list-wearable-sources')).sources.map((s: { source: string }) => s.source)).toContain(summary.source);
  });

  it('sessions and TOTP: set up, enable, sign in with a code, sign out, disable, sign out everywhere', async () => {
    const setup = await hit('mfa-setup');
    expect((await hit('mfa-enable', { json: { code: totp(setup.secret) } })).mfaEnabled).toBe(true);
    const challenge = await hit('login', { json: { email, password } });
    expect(challenge.challenge).toBe('totp');
    const session = await hit('login-mfa', { json: { challengeId: challenge.challengeId, code: totp(setup.secret) } });
    token = session.accessToken;
    await hit('logout', { json: { refreshToken: session.refreshToken } });
    const again = await hit('login', { json: { email, password } });
    token = (await hit('login-mfa', { json: { challengeId: again.challengeId, code: totp(setup.secret) } })).accessToken;
    expect((await hit('mfa-disable', { json: { password } })).mfaEnabled).toBe(false);
    await hit('logout-all');
    token = (await hit('login', { json: { email, password } })).accessToken;
  });

  it('listening: Spotify connect through the sandbox, a collector run, every history query, disconnect', async () => {
    const start = await hit('spotify-connect');
    const decide = new URL(start.authorizeUrl);
    decide.pathname = '/authorize/decide';
    decide.searchParams.set('decision', 'allow');
    const back = new URL((await fetch(decide, { redirect: 'manual' })).headers.get('location')!).searchParams;
    expect((await hit('spotify-callback', { json: { state: back.get('state'), code: back.get('code') } })).status).toBe('connected');
    expect((await call(base, 'POST', '/_local/schedules/listening-collector')).status).toBe(200);
    const status = await eventually(() => hit('spotify-status'), (s) => s.initialSync?.status === 'done' && s.playsCollected > 0, 60_000);
    expect(status.playsCollected).toBeGreaterThan(0);
    expect((await hit('listening-runs')).items[0].kind).toBe('initial-sync');
    const top = await hit('listening-top', { params: { dimension: 'artist' }, query: { range: 'all', by: 'time' } });
    await hit('listening-top', { params: { dimension: 'track' }, query: { range: 'custom', from: day(-30), to: day(0) } });
    await hit('listening-overview');
    await hit('listening-time', { query: { range: '6m', granularity: 'month' } });
    await hit('listening-heatmap', { query: { range: '1y' } });
    const plays = await hit('listening-timeline', { query: { limit: 2 } });
    await hit('listening-timeline', { query: { cursor: plays.nextCursor } });
    await hit('listening-artist', { params: { key: top.items[0].artistKey ?? top.items[0].key } });
    await hit('listening-on-this-day');
    await hit('listening-search', { query: { q: top.items[0].name } });
    // The admin's view and controls (this user made an admin for it, signed in again).
    await addToAdminGroup(inject('mosaic'), email);
    const admin = await call(base, 'POST', '/v1/auth/login', { from, json: { email, password } });
    token = admin.body.accessToken;
    const userId = admin.body.user.id;
    expect((await hit('admin-listening', { params: { userId } })).runs[0].kind).toBe('initial-sync');
    expect((await hit('admin-listening-pause', { params: { userId } })).connection.status).toBe('paused');
    expect((await hit('admin-listening-resume', { params: { userId } })).connection.status).toBe('connected');
    expect((await hit('admin-listening-sync', { params: { userId } })).queued).toBe(true);
    await eventually(() => hit('listening-runs'), (r) => r.items[0].trigger === 'manual', 60_000);
    await hit('spotify-disconnect');

    // A Spotify export imported through the form, then one without history (failed, retried).
    const exportZip = zipFiles([
      { name: 'Spotify Account Data/StreamingHistory_music_0.json', data: JSON.stringify([{ endTime: '2024-03-05 18:04', artistName: 'Band', trackName: 'Song', msPlayed: 200_000 }]) },
      { name: 'Spotify Account Data/ReadMe.pdf', data: '%PDF-1.7' },
    ]);
    const created = await hit('listening-import-create', { json: { fileName: 'my_spotify_data.zip', size: exportZip.length } });
    expect((await postUploadForm(base, created.upload, exportZip, 'my_spotify_data.zip')).ok).toBe(true);
    expect((await hit('listening-import-start', { params: { id: created.import.id } })).status).toBe('queued');
    const imported = await eventually(() => hit('listening-import-get', { params: { id: created.import.id } }), (j) => j.status === 'completed', 60_000);
    expect(imported.files.map((f: any) => f.status)).toEqual(['read', 'not-spotify']);
    const other = zipFiles([{ name: 'notes.json', data: '{"a":1}' }]);
    const bad = await hit('listening-import-create', { json: { fileName: 'other.zip', size: other.length } });
    expect((await postUploadForm(base, bad.upload, other, 'other.zip')).ok).toBe(true);
    await hit('listening-import-start', { params: { id: bad.import.id } });
    await eventually(() => hit('listening-import-get', { params: { id: bad.import.id } }), (j) => j.status === 'failed', 60_000);
    expect((await hit('listening-import-retry', { params: { id: bad.import.id } })).status).toBe('queued');
    expect((await hit('listening-imports')).items.map((i: any) => i.id)).toEqual([bad.import.id, created.import.id]);
  }, 120_000);

  it('MCP: personal access tokens, a tools/list call, the call log, revoke', async () => {
    const pat = await hit('create-access-token', { json: { name: 'Assistant', scopes: ['listening:read'] } });
    expect((await hit('list-access-tokens')).items[0].id).toBe(pat.id);
    const listed = await call(base, 'POST', '/v1/mcp', {
      from,
      json: { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } },
      headers: { authorization: `Bearer ${pat.token}`, accept: 'application/json, text/event-stream' },
    });
    expect(listed.status).toBe(200);
    exercised.add('mcp');
    conforms(httpRoutes.mcp.response!, listed.body, 'POST /v1/mcp');
    parsed.add('mcp');
    // MCP's refusals are JSON-RPC errors, as the document says, not ErrorResponse.
    const refusals = httpRoutes.mcp.protocolErrors!;
    const unauthenticated = await call(base, 'POST', '/v1/mcp', { from, json: { jsonrpc: '2.0', id: 2, method: 'tools/list' }, headers: { accept: 'application/json, text/event-stream' } });
    expect(unauthenticated.status).toBe(401);
    conforms(refusals.schema, unauthenticated.body, 'a 401 from /v1/mcp');
    const unacceptable = await call(base, 'POST', '/v1/mcp', { from, json: { jsonrpc: '2.0', id: 3, method: 'tools/list' }, headers: { authorization: `Bearer ${pat.token}`, accept: 'application/json' } });
    expect(unacceptable.status).toBe(406);
    conforms(refusals.schema, unacceptable.body, 'a 406 from /v1/mcp');
    await hit('list-mcp-calls');
    await hit('revoke-access-token', { params: { id: pat.id } });
  });

  it('incidents: projects, members, hooks, a delivery, incidents and their actions, outgoing webhooks', async () => {
    const project = await hit('create-project', { json: { name: 'Schema project', description: 'checks', groupWaitSeconds: 0 } });
    expect((await hit('list-projects')).items.map((p: any) => p.id)).toContain(project.id);
    expect((await hit('get-project', { params: { projectId: project.id } })).role).toBe('owner');
    expect((await hit('update-project', { params: { projectId: project.id }, json: { name: 'Renamed project' } })).name).toBe('Renamed project');
    const other = `other-${randomUUID()}@example.com`;
    await call(base, 'POST', '/v1/auth/register', { from: randomLoopback(), json: { email: other, password, displayName: 'Other' } });
    const member = await hit('invite-member', { params: { projectId: project.id }, json: { email: other, role: 'viewer' } });
    expect((await hit('change-member-role', { params: { projectId: project.id, userId: member.userId }, json: { role: 'responder' } })).role).toBe('responder');
    expect((await hit('list-members', { params: { projectId: project.id } })).items).toHaveLength(2);
    await hit('remove-member', { params: { projectId: project.id, userId: member.userId } });

    const created = await hit('create-hook', { params: { projectId: project.id }, json: { source: 'alertmanager' } });
    const rotated = await hit('rotate-hook-secret', { params: { projectId: project.id, hookId: created.hook.id }, json: {} });
    expect((await hit('list-hooks', { params: { projectId: project.id } })).items).toHaveLength(1);
    const alert = (fingerprint: string) => ({ version: '4', status: 'firing', groupKey: `{}:{a="${fingerprint}"}`, alerts: [{ status: 'firing', labels: { alertname: `Schema ${fingerprint}`, severity: 'critical' }, annotations: {}, startsAt: '2026-03-01T10:00:00Z', fingerprint }] });
    for (const fp of ['s1', 's2']) {
      const accepted = await hit('receive-hook', { params: { hookId: created.hook.id }, json: alert(fp), headers: { authorization: `Bearer ${rotated.secret}` } });
      expect(accepted.duplicate).toBe(false);
    }
    const open = await eventually(async () => (await hit('list-incidents', { params: { projectId: project.id }, query: { state: 'active' } })).items, (items: any[]) => items.length === 2);
    const [a, b] = open;
    expect((await hit('get-incident', { params: { projectId: project.id, incidentId: a.id } })).incident.id).toBe(a.id);
    await hit('acknowledge-incident', { params: { projectId: project.id, incidentId: a.id } });
    await hit('comment-incident', { params: { projectId: project.id, incidentId: a.id }, json: { text: 'On it' } });
    const merged = await hit('merge-incident', { params: { projectId: project.id, incidentId: b.id }, json: { into: a.id } });
    expect(merged.incident.members).toHaveLength(2);
    const split = await hit('split-incident', { params: { projectId: project.id, incidentId: a.id }, json: { fingerprints: [merged.incident.members[1].fingerprint] } });
    expect(split.incident.splitFrom).toBe(a.id);
    await hit('resolve-incident', { params: { projectId: project.id, incidentId: a.id } });
    await hit('reopen-incident', { params: { projectId: project.id, incidentId: a.id } });
    expect((await hit('list-timeline', { params: { projectId: project.id, incidentId: a.id } })).items.length).toBeGreaterThan(3);

    const out = await hit('create-outgoing', { params: { projectId: project.id }, json: { name: 'Chat', url: 'https://chat.example.com/hooks/abc' } });
    expect((await hit('list-outgoing', { params: { projectId: project.id } })).items).toHaveLength(1);
    await hit('delete-outgoing', { params: { projectId: project.id, webhookId: out.id } });
    const connection = await hit('create-connection', { params: { projectId: project.id }, json: { source: 'docker', config: { url: 'http://127.0.0.1:9' }, credentials: { token: 'docker-token-1234' } } });
    expect(connection.credentialsHint).toBe('…1234');
    expect((await hit('rotate-connection', { params: { projectId: project.id, connectionId: connection.id }, json: { credentials: { token: 'docker-token-5678' } } })).credentialsHint).toBe('…5678');
    expect((await hit('test-connection', { params: { projectId: project.id, connectionId: connection.id } })).ok).toBe(false);
    expect((await hit('list-connections', { params: { projectId: project.id } })).items).toHaveLength(1);
    expect((await hit('fetch-project', { params: { projectId: project.id } })).queued).toBe(1);
    await hit('delete-connection', { params: { projectId: project.id, connectionId: connection.id } });
    await hit('delete-hook', { params: { projectId: project.id, hookId: created.hook.id } });
    await hit('delete-project', { params: { projectId: project.id } });
  });

  it('admin console: users, detail, disable, enable, grant, revoke, delete, audit', async () => {
    await addToAdminGroup(inject('mosaic'), email);
    token = (await hit('login', { json: { email, password } })).accessToken;
    const other = await newUser(base);
    const page = await hit('list-users', { query: { q: other.email, sort: 'email', order: 'asc' } });
    expect(page.items.map((u: { id: string }) => u.id)).toEqual([other.id]);
    expect((await hit('get-user', { params: { id: other.id } })).id).toBe(other.id);
    expect((await hit('disable-user', { params: { id: other.id } })).disabled).toBe(true);
    expect((await hit('enable-user', { params: { id: other.id } })).disabled).toBe(false);
    expect((await hit('grant-admin', { params: { id: other.id } })).isAdmin).toBe(true);
    expect((await hit('revoke-admin', { params: { id: other.id } })).isAdmin).toBe(false);
    await hit('delete-user', { params: { id: other.id } });
    const trail = await hit('list-audit', { query: { target: other.id } });
    expect(trail.items.map((r: { kind: string }) => r.kind)).toEqual(
      expect.arrayContaining(['user.deleted', 'admin.revoked', 'admin.granted', 'user.enabled', 'user.disabled']),
    );
    // Job runs and dead letters: a message no consumer can read fails its run, which is re-driven.
    const [poisonId] = await sendToQueue(inject('mosaic'), 'scan-user-risks', [JSON.stringify({ job: 'scan-user-risks' })]);
    const runs = await eventually(
      async () => (await hit('list-job-runs', { query: { job: 'scan-user-risks', outcome: 'failed' } })).items,
      (items: Array<{ failedMessages?: Array<{ messageId: string }> }>) => items.some((r) => r.failedMessages?.some((m) => m.messageId === poisonId)),
    );
    const failedRun = (runs as Array<{ id: string; failedMessages?: Array<{ messageId: string }> }>).find((r) => r.failedMessages?.some((m) => m.messageId === poisonId))!;
    expect((await hit('redrive-job-run', { params: { id: failedRun.id } })).redriven).toBe(1);
    expect((await hit('list-queues')).items.map((q: { consumer: string }) => q.consumer)).toContain('scan-user-risks');
    expect(Array.isArray((await hit('list-dead-letters', { params: { consumer: 'scan-user-risks' } })).items)).toBe(true);
    expect((await hit('redrive-dead-letters', { params: { consumer: 'finalize-user-days' } })).redriven).toBeGreaterThanOrEqual(0);
    const backup = await hit('create-backup');
    expect((await hit('list-backups')).items[0].key).toBe(backup.key);
    const zip = Buffer.from(await (await fetch(new URL(backup.downloadUrl, base))).arrayBuffer());
    const res = await call(base, 'POST', '/v1/me/restore', { from, token, raw: zip, headers: { 'content-type': 'application/zip' } });
    expect(res.status, res.text).toBe(200);
    conforms(httpRoutes['restore-backup'].response!, res.body, 'POST /v1/me/restore');
    exercised.add('restore-backup');
    parsed.add('restore-backup');
    const me = (await hit('get-me')).id as string;
    expect((await hit('list-user-backups', { params: { id: me } })).items.length).toBeGreaterThan(0);
    expect((await hit('restore-user-backup', { params: { id: me }, json: { key: backup.key } })).removed).toBe(0);
    const schedule = await hit('get-backup-schedule');
    expect((await hit('put-backup-schedule', { json: { enabled: schedule.enabled, intervalDays: schedule.intervalDays, retention: schedule.retention } })).intervalDays).toBe(schedule.intervalDays);
    // As of a time before any backup: every user is visited, none is restored (the runtime is shared).
    await hit('restore-all-backups', { json: { at: '2000-01-01T00:00:00Z' } });
    expect((await hit('get-admin-health')).stage).toBe('local');
    expect(Array.isArray((await hit('get-metrics', { query: { period: 60 } })).series)).toBe(true);
    expect(Array.isArray((await hit('list-logs', { query: { level: 'INFO', limit: 5 } })).items)).toBe(true);
    // Another admin, so this one is not the last and may delete their account below.
    await addToAdminGroup(inject('mosaic'), (await newUser(base)).email);
  });

  it('cameras, as an administrator: add, list, read, change, ticket (and its stream), snapshot, delete', async () => {
    const mosaic = inject('mosaic');
    // An administrator already (the admin console test above made this user one).
    await addToAdminGroup(mosaic, email);
    token = (await hit('login', { json: { email, password } })).accessToken;
    const camera = await hit('create-camera', { json: { name: 'Schema demo', source: 'demo', maxWidth: 160, maxFps: 2 } });
    expect((await hit('list-cameras')).items.map((c: { id: string }) => c.id)).toContain(camera.id);
    await hit('get-camera', { params: { id: camera.id } });
    await hit('update-camera', { params: { id: camera.id }, json: { name: 'Schema demo 2' } });
    const ticket = await hit('create-camera-ticket', { params: { id: camera.id } });
    const viewer = await openMjpeg(ticket.streamUrl);
    await viewer.waitFrames(1);
    viewer.close();
    // The first frame of a stream becomes the camera's thumbnail.
    await eventually(() => call(base, 'GET', `/v1/admin/cameras/${camera.id}/snapshot`, { token, from }), (r) => r.status === 200);
    const snapshot = await hit('get-camera-snapshot', { params: { id: camera.id } });
    expect(jpegSize(snapshot.bytes)).toEqual({ width: 160, height: 90 });
    await hit('delete-camera', { params: { id: camera.id } });
  });

  it('deletes the account (last)', async () => {
    await hit('delete-me', { json: { password } });
  });

  it('exercised every route, and parsed every body the table documents', () => {
    const names = (Object.keys(httpRoutes) as HttpRouteName[]).sort();
    expect([...exercised].sort()).toEqual(names);
    expect([...parsed].sort()).toEqual(names.filter((n) => httpRoutes[n].response !== undefined));
    // A route has a documented body exactly when it answers with content.
    for (const n of names) expect(httpRoutes[n].response === undefined && !httpRoutes[n].binaryResponse, n).toBe(httpRoutes[n].successStatus === 204);
  });
});
