/**
 * Every route of the table, called for real and its success body parsed with the route's
 * `response` schema — the schema docs/openapi.json is generated from. The schemas are strict, so
 * a field the code sends but the document does not name fails here, as does a missing field or a
 * wrong type. The last test checks that every route was exercised.
 *
 * One user walks through the product in order (the steps share state); `delete-me` comes last.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import * as z from 'zod';
import { httpRoutes, type HttpRouteName } from '../../infra/routes/index.ts';
import { ErrorResponse } from '../../shared/kit/responses.ts';
import { zipFiles } from '../support/zip-writer.ts';
import { call, eventually, postUploadForm, randomLoopback } from '../support/http-client.ts';
import { totp } from '../support/totp.ts';
import { jpegSize, openMjpeg } from '../support/mjpeg-client.ts';
import { ROOT } from '../support/local-process.ts';

const runNode = promisify(execFile);

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
    token: route.auth === 'public' ? undefined : token,
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
    expect(today.items.map((i: any) => i.activity.name)).toEqual(['Run', 'Gym', 'Stretch', 'Sweets', 'Old habit']);
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

  it('cameras, as an administrator: add, list, read, change, ticket (and its stream), snapshot, delete', async () => {
    const mosaic = inject('mosaic');
    await runNode(process.execPath, [join(ROOT, 'bin/admin.ts'), 'grant', email], { env: { ...process.env, MOSAIC_DATA_DIR: mosaic.dataDir } });
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
