import { describe, expect, inject, it } from 'vitest';
import { as, call, eventually, newUser, randomLoopback, type ApiResponse } from '../support/http-client.ts';

const mosaic = inject('mosaic');
const base = mosaic.url;
const utcToday = () => new Date().toISOString().slice(0, 10);

/** A 400 naming `field`, with a message that says why. */
function expectFieldRefused(res: ApiResponse, field: string, why: RegExp) {
  expect(res.status, res.text).toBe(400);
  expect(res.body.error.code).toBe('validation_failed');
  const issue = res.body.error.details.issues.find((i: { field: string }) => i.field === field);
  expect(issue, `issues: ${JSON.stringify(res.body.error.details.issues)}`).toBeDefined();
  expect(issue.message).toMatch(why);
}

/** Text no stored name or note may hold, and why it is refused. */
const BAD_TEXT: [string, string, RegExp][] = [
  ['NUL', 'Run\u0000', /control characters/],
  ['an escape code', '\u001b[31mRun', /control characters/],
  ['a right-to-left override', 'Run\u202Egnp.exe', /bidirectional/],
  ['an isolate', '\u2066Run\u2069', /bidirectional/],
  ['only zero-width characters', '\u200B\u200C\u200D', /something visible/],
  ['only a Hangul filler', '\u3164', /something visible/],
  ['an unpaired surrogate', 'Run\uD800', /unpaired/],
];

describe('input hygiene: text', () => {
  it.each(BAD_TEXT)('refuses %s in every stored text field, naming the field, and stores nothing', async (_what, text, why) => {
    const user = await newUser(base);
    const client = as(base, user);
    const activity = (await client.post('/v1/activities', { name: 'Clean' })).body;
    const goal = (await client.post('/v1/goals', { name: 'Clean goal', targetValue: 5 })).body;

    for (const field of ['name', 'description', 'category', 'unit']) {
      expectFieldRefused(await client.post('/v1/activities', { name: 'Other', [field]: text }), field, why);
      expectFieldRefused(await client.patch(`/v1/activities/${activity.id}`, { [field]: text }), field, why);
    }
    for (const field of ['name', 'description', 'unit']) {
      expectFieldRefused(await client.post('/v1/goals', { name: 'G', targetValue: 1, [field]: text }), field, why);
      expectFieldRefused(await client.patch(`/v1/goals/${goal.id}`, { [field]: text }), field, why);
    }
    expectFieldRefused(await client.put(`/v1/entries/${utcToday()}/${activity.id}`, { value: 1, note: text }), 'note', why);
    expectFieldRefused(await client.patch('/v1/me', { displayName: text }), 'displayName', why);
    const register = await call(base, 'POST', '/v1/auth/register', {
      from: randomLoopback(),
      json: { email: `hygiene-${Date.now()}@example.com`, password: 'Correct-Horse-9', displayName: text },
    });
    expectFieldRefused(register, 'displayName', why);

    expect((await client.get('/v1/activities')).body.items.map((a: { name: string }) => a.name)).toEqual(['Clean']);
    expect((await client.get('/v1/goals')).body.items.map((g: { name: string }) => g.name)).toEqual(['Clean goal']);
    expect((await client.get(`/v1/entries?activityId=${activity.id}`)).body.items).toEqual([]);
    expect((await client.get('/v1/me')).body.displayName).toBe('Test User');
  });

  it('keeps line breaks and tabs in notes and descriptions, and refuses them in names', async () => {
    const client = as(base, await newUser(base));
    const activity = await client.post('/v1/activities', { name: 'Journal', description: 'Morning pages\r\n\tthree of them' });
    expect(activity.status).toBe(201);
    expect(activity.body.description).toBe('Morning pages\n\tthree of them');
    const entry = await client.put(`/v1/entries/${utcToday()}/${activity.body.id}`, { status: 'done', note: 'line one\nline two' });
    expect(entry.status).toBe(200);
    expect(entry.body.note).toBe('line one\nline two');
    expectFieldRefused(await client.post('/v1/activities', { name: 'Two\nlines' }), 'name', /line breaks/);
  });

  it('refuses a body that is not UTF-8 (a Latin-1 "é") with 400 invalid_encoding, storing nothing', async () => {
    const client = as(base, await newUser(base));
    const latin1 = Buffer.from('{"name":"Caf\xe9"}', 'latin1');
    const res = await client.post('/v1/activities', undefined, { raw: latin1, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_encoding');
    expect((await client.get('/v1/activities')).body.items).toEqual([]);
    // The same name in UTF-8 is fine.
    const utf8 = await client.post('/v1/activities', undefined, { raw: Buffer.from('{"name":"Café"}', 'utf8'), headers: { 'content-type': 'application/json' } });
    expect(utf8.status).toBe(201);
    expect(utf8.body.name).toBe('Café');
  });
});

describe('input hygiene: time zones', () => {
  it.each(['EST', '+05:00', 'GMT', 'Etc/GMT+5', 'US/Eastern', 'europe/berlin'])('refuses %s on register and on the profile', async (zone) => {
    const register = await call(base, 'POST', '/v1/auth/register', {
      from: randomLoopback(),
      json: { email: `zone-${Date.now()}-${Math.random()}@example.com`, password: 'Correct-Horse-9', displayName: 'Z', timezone: zone },
    });
    expectFieldRefused(register, 'timezone', /IANA time zone/);
    const client = as(base, await newUser(base));
    expectFieldRefused(await client.patch('/v1/me', { timezone: zone }), 'timezone', /IANA time zone/);
    expect((await client.get('/v1/me')).body.timezone).not.toBe(zone);
  });

  it('takes IANA names, including current ones ICU lists under an older name', async () => {
    const client = as(base, await newUser(base));
    for (const zone of ['UTC', 'Asia/Kolkata', 'Europe/Kyiv', 'America/Argentina/Buenos_Aires']) {
      const res = await client.patch('/v1/me', { timezone: zone });
      expect(res.status, zone).toBe(200);
      expect(res.body.timezone).toBe(zone);
    }
  });
});

describe('input hygiene: numbers', () => {
  it('refuses numbers DynamoDB cannot store with 400 naming the field (1e-320 was a 500), storing nothing', async () => {
    const client = as(base, await newUser(base));
    const activity = (await client.post('/v1/activities', { name: 'Water', unit: 'l' })).body;
    const today = utcToday();
    for (const value of [1e-320, 1e-200, 1e-131]) {
      expectFieldRefused(await client.put(`/v1/entries/${today}/${activity.id}`, { value }), 'value', /0 or at least 1e-130/);
      expectFieldRefused(await client.post('/v1/activities', { name: 'Tiny', goal: value }), 'goal', /0 or at least 1e-130/);
      expectFieldRefused(await client.patch(`/v1/activities/${activity.id}`, { goal: value }), 'goal', /0 or at least 1e-130/);
      expectFieldRefused(await client.post('/v1/goals', { name: 'Tiny', targetValue: value }), 'targetValue', /0 or at least 1e-130/);
      expectFieldRefused(
        await client.post('/v1/goals', { name: 'Tiny', targetValue: 1, links: [{ activityId: activity.id, weight: value }] }),
        'links.0.weight',
        /0 or at least 1e-130/,
      );
    }
    expect((await client.get(`/v1/entries?activityId=${activity.id}`)).body.items).toEqual([]);
    expect((await client.get('/v1/goals')).body.items).toEqual([]);

    // The smallest storable magnitude and 0 are fine; values keep 15 significant digits.
    expect((await client.put(`/v1/entries/${today}/${activity.id}`, { value: 1e-130 })).status).toBe(200);
    const rounded = await client.put(`/v1/entries/${today}/${activity.id}`, { value: 0.1 + 0.2 });
    expect(rounded.status).toBe(200);
    expect(rounded.body.value).toBe(0.3);
    expect((await client.put(`/v1/entries/${today}/${activity.id}`, { value: 0 })).status).toBe(200);
  });

  it('an import row with a value the table cannot store is a rejected row, and the job completes', async () => {
    const client = as(base, await newUser(base));
    const csv = ['date,activity,value', '2026-01-01,Water,1e-200', '2026-01-02,Water,2.5', '2026-01-03,Water,1e-320'].join('\n');
    const created = await client.post('/v1/imports', { format: 'csv', content: csv });
    expect(created.status).toBe(201);
    const job = await eventually(
      async () => (await client.get(`/v1/imports/${created.body.import.id}`)).body,
      (j) => j.status === 'completed' || j.status === 'failed',
      30_000,
    );
    expect(job.status).toBe('completed');
    expect(job.summary).toMatchObject({ imported: 1, rejected: 2 });
    expect(job.summary.rejections.map((r: { row: number }) => r.row)).toEqual([2, 4]);
    expect(job.summary.rejections[0].reason).toMatch(/value 1e-200 must be 0 or at least 1e-130/);
  });

  it('decades of misses decay habit strength to 0, not to a number the table refuses', async () => {
    const client = as(base, await newUser(base, { timezone: 'UTC' }));
    // A habit done once ~25 years ago and missed today: strength halves every 13 missed days,
    // so it ends near 2^-692 ≈ 1e-208 (a double, but below DynamoDB's 1e-130).
    const longAgo = new Date(Date.now() - 9000 * 86_400_000).toISOString().slice(0, 10);
    const csv = ['date,activity,status', `${longAgo},Ancient,done`, `${utcToday()},Ancient,missed`].join('\n');
    const created = await client.post('/v1/imports', { format: 'csv', content: csv });
    const job = await eventually(
      async () => (await client.get(`/v1/imports/${created.body.import.id}`)).body,
      (j) => j.status === 'completed' || j.status === 'failed',
      30_000,
    );
    expect(job.status).toBe('completed');
    const activity = (await client.get('/v1/activities')).body.items[0];
    expect(activity.stats).toMatchObject({ doneCount: 1, strength: 0 });
  });
});
