import { describe, expect, inject, it } from 'vitest';
import { as, call, eventually, newUser, queuesDrained } from '../support/http-client.ts';

const mosaic = inject('mosaic');
const base = mosaic.url;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** How long a per-user job may take to reach a test's user: it pages through every user of the run. */
const FAN_OUT_MS = 60_000;

describe('habits: cadence, skips, pauses, risk, nudges', () => {
  it('refuses an inconsistent cadence, naming the field', async () => {
    const client = as(base, await newUser(base));
    const res = await client.post('/v1/activities', {
      name: 'Gym',
      cadence: { type: 'weekdays', timesPerWeek: 3, weekdays: ['mon', 'thu'] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].field).toBe('cadence.timesPerWeek');
    expect((await client.get('/v1/activities')).body.items).toEqual([]);
  });

  it('keeps a streak through a skipped day and a paused range', async () => {
    const user = await newUser(base, { timezone: 'UTC' });
    const client = as(base, user);
    const a = (await client.post('/v1/activities', { name: 'Meditate' })).body;
    // done, skipped, done, paused ×2, done today → a streak of 3 done days, none broken.
    await client.put(`/v1/entries/${day(-5)}/${a.id}`, { status: 'done' });
    await client.put(`/v1/entries/${day(-4)}/${a.id}`, { status: 'skipped' });
    await client.put(`/v1/entries/${day(-3)}/${a.id}`, { status: 'done' });
    expect((await client.post(`/v1/activities/${a.id}/pauses`, { from: day(-2), to: day(-1) })).status).toBe(201);
    await client.put(`/v1/entries/${day(0)}/${a.id}`, { status: 'done' });
    const stats = await eventually(
      async () => (await client.get(`/v1/activities/${a.id}`)).body.stats,
      (s) => s.doneCount === 3 && s.asOf === day(0),
    );
    expect(stats).toMatchObject({ currentStreak: 3, longestStreak: 3, missedCount: 0, skippedCount: 1 });
    // Without the pause the two empty days would have broken it.
    expect((await client.delete(`/v1/activities/${a.id}/pauses/${day(-2)}`)).status).toBe(200);
    const broken = await eventually(
      async () => (await client.get(`/v1/activities/${a.id}`)).body.stats,
      (s) => s.currentStreak === 1,
    );
    expect(broken.missedCount).toBe(2);
  });

  it('flags an activity at risk after two missed due days, notifies, and clears on completion', async () => {
    const user = await newUser(base, { timezone: 'UTC' });
    const client = as(base, user);
    const a = (await client.post('/v1/activities', { name: 'Write' })).body;
    await client.put(`/v1/entries/${day(-3)}/${a.id}`, { status: 'done' });
    await client.put(`/v1/entries/${day(-2)}/${a.id}`, { status: 'missed' });
    await client.put(`/v1/entries/${day(-1)}/${a.id}`, { status: 'missed' });
    await eventually(async () => (await client.get(`/v1/activities/${a.id}`)).body.stats, (s) => s.consecutiveMisses === 2);

    const scan = await call(base, 'POST', '/_local/schedules/risk-scan');
    expect(scan.status).toBe(200);
    // The scan fans out per user through the queues (every user of the test run gets a job).
    await eventually(async () => (await client.get(`/v1/activities/${a.id}`)).body.atRisk, (r) => r === true, FAN_OUT_MS);
    const notes = await eventually(
      async () => (await client.get('/v1/notifications')).body.items,
      (items: Array<{ kind: string }>) => items.some((n) => n.kind === 'at_risk'),
    );
    const alert = notes.find((n: { kind: string }) => n.kind === 'at_risk') as unknown as { id: string };
    expect(alert).toMatchObject({ subjectId: a.id, data: { consecutiveMisses: 2 }, readAt: null });
    // A second scan does not alert again.
    await call(base, 'POST', '/_local/schedules/risk-scan');
    await queuesDrained(base);

    await client.put(`/v1/entries/${day(0)}/${a.id}`, { status: 'done' });
    await eventually(async () => (await client.get(`/v1/activities/${a.id}`)).body.atRisk, (r) => r === false);
    const after = (await client.get('/v1/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'at_risk');
    expect(after).toHaveLength(1);

    const read = await client.post(`/v1/notifications/${encodeURIComponent(alert.id)}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    expect((await client.get('/v1/notifications?unread=true')).body.items.some((n: { id: string }) => n.id === alert.id)).toBe(false);
    const stranger = as(base, await newUser(base));
    expect((await stranger.post(`/v1/notifications/${encodeURIComponent(alert.id)}/read`)).status).toBe(404);
    await call(base, 'POST', '/_local/schedules/nudges');
    await queuesDrained(base);
    const all = await client.post('/v1/notifications/read-all');
    expect(all.status).toBe(200);
    expect((await client.get('/v1/notifications?unread=true')).body.items).toEqual([]);
  }, 180_000);

  it('nudges an activity not logged for two days, once per day however often the job runs', async () => {
    const user = await newUser(base, { timezone: 'UTC' });
    const client = as(base, user);
    const a = (await client.post('/v1/activities', { name: 'Stretch' })).body;
    await client.put(`/v1/entries/${day(-3)}/${a.id}`, { status: 'done' });
    await eventually(async () => (await client.get(`/v1/activities/${a.id}`)).body.stats, (s) => s.lastDoneDate === day(-3));
    await call(base, 'POST', '/_local/schedules/nudges');
    await call(base, 'POST', '/_local/schedules/nudges');
    await queuesDrained(base);
    const nudges = (await client.get('/v1/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'nudge');
    expect(nudges).toHaveLength(1);
    expect(nudges[0]).toMatchObject({ subjectId: a.id, date: day(0), data: { lastLogged: day(-3) } });
  }, 180_000);
});

describe('goals', () => {
  it('refuses non-positive weights (400) and unknown activities (404)', async () => {
    const client = as(base, await newUser(base));
    const a = (await client.post('/v1/activities', { name: 'Run', unit: 'km' })).body;
    const zero = await client.post('/v1/goals', { name: 'Marathon', targetValue: 42, links: [{ activityId: a.id, weight: 0 }] });
    expect(zero.status).toBe(400);
    expect(zero.body.error.details.issues[0].field).toBe('links.0.weight');
    const negative = await client.post('/v1/goals', { name: 'Marathon', targetValue: 42, links: [{ activityId: a.id, weight: -1 }] });
    expect(negative.status).toBe(400);
    const unknown = await client.post('/v1/goals', {
      name: 'Marathon',
      targetValue: 42,
      links: [{ activityId: '0b8f6c1e-6d4f-4f57-9c62-2b1f0f0a9d11', weight: 1 }],
    });
    expect(unknown.status).toBe(404);
    expect((await client.get('/v1/goals')).body.items).toEqual([]);
  });

  it('computes weighted progress from linked activities and announces completion once', async () => {
    const client = as(base, await newUser(base, { timezone: 'UTC' }));
    const run = (await client.post('/v1/activities', { name: 'Run', unit: 'km', goal: 5 })).body;
    const swim = (await client.post('/v1/activities', { name: 'Swim', unit: 'km' })).body;
    await client.put(`/v1/entries/${day(-1)}/${run.id}`, { value: 6 });
    const goal = (
      await client.post('/v1/goals', {
        name: 'Triathlon base',
        targetValue: 20,
        unit: 'km',
        startDate: day(-1),
        links: [{ activityId: run.id, weight: 1 }],
      })
    ).body;
    expect(goal.progress).toMatchObject({ targetValue: 20, reached: false });
    await eventually(async () => (await client.get(`/v1/goals/${goal.id}`)).body.currentValue, (v) => v === 6);

    const linked = await client.put(`/v1/goals/${goal.id}/links`, {
      links: [
        { activityId: run.id, weight: 1 },
        { activityId: swim.id, weight: 4 },
      ],
    });
    expect(linked.status).toBe(200);
    await client.put(`/v1/entries/${day(0)}/${swim.id}`, { value: 2 });
    await client.put(`/v1/entries/${day(0)}/${run.id}`, { value: 7 });
    // 6 + 7 km run + 4 × 2 km swim = 21 ≥ 20
    const done = await eventually(async () => (await client.get(`/v1/goals/${goal.id}`)).body, (g) => g.currentValue === 21);
    expect(done.completedAt).toEqual(expect.any(String));
    expect(done.progress).toMatchObject({ progress: 1, reached: true, remaining: 0 });

    // Another entry later does not announce it again.
    await client.put(`/v1/entries/${day(0)}/${run.id}`, { value: 9 });
    await eventually(async () => (await client.get(`/v1/goals/${goal.id}`)).body.currentValue, (v) => v === 23);
    const notes = await eventually(
      async () => (await client.get('/v1/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'goal_completed'),
      (items: unknown[]) => items.length === 1,
    );
    expect(notes[0]).toMatchObject({ subjectId: goal.id });
  });
});

describe('analytics', () => {
  it('answers an activity’s insights and the dashboard', async () => {
    const client = as(base, await newUser(base, { timezone: 'UTC' }));
    const run = (await client.post('/v1/activities', { name: 'Run', category: 'fitness', unit: 'km', goal: 5 })).body;
    const smoke = (await client.post('/v1/activities', { name: 'Smoke', category: 'health', direction: 'negative', goal: 0 })).body;
    for (let i = -6; i <= 0; i++) await client.put(`/v1/entries/${day(i)}/${run.id}`, { value: i % 2 === 0 ? 6 : 2 });
    await client.put(`/v1/entries/${day(0)}/${smoke.id}`, { value: 0 });
    await eventually(async () => (await client.get(`/v1/activities/${run.id}`)).body.stats, (s) => s.asOf === day(0) && s.doneCount === 4);

    const insights = await client.get(`/v1/activities/${run.id}/stats`);
    expect(insights.status).toBe(200);
    expect(insights.body.heatmap.length).toBeGreaterThanOrEqual(365);
    expect(insights.body.weekly).toHaveLength(12);
    expect(insights.body.monthly).toHaveLength(12);
    expect(insights.body.activity.stats).toMatchObject({ doneCount: 4, missedCount: 3 });
    expect(Number(insights.headers['x-mosaic-items-read'])).toBeLessThanOrEqual(1 + 14 + 1);

    const dashboard = await eventually(async () => (await client.get('/v1/dashboard')).body, (d) => d.today?.done === 2);
    expect(dashboard.date).toBe(day(0));
    expect(dashboard.days).toHaveLength(30);
    expect(dashboard.categories.map((c: { category: string }) => c.category).sort()).toEqual(['fitness', 'health']);
    expect(dashboard.topConsistent[0]).toMatchObject({ activityId: expect.any(String) });
  });
});
