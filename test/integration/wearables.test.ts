import { describe, expect, inject, it } from 'vitest';
import { as, call, eventually, newUser } from '../support/http-client.ts';

const base = inject('mosaic').url;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();

/** A batch in the shape a phone app forwards from HealthKit: its record ids, a device description with a serial. */
function healthBatch() {
  return {
    source: 'apple_health',
    device: { name: "Ada's Watch", model: 'Watch7,1', serial: 'FH4XK2ZQ9N' },
    records: [
      { id: 'HK-5A1F', metric: 'steps', unit: 'count', start: hoursAgo(5), end: hoursAgo(4), value: 1834 },
      { id: 'HK-5A20', metric: 'distance', unit: 'km', start: hoursAgo(5), end: hoursAgo(4), value: 1.42 },
      { id: 'HK-5A21', metric: 'heart_rate', unit: 'count/min', start: hoursAgo(3), value: 72 },
      { metric: 'sleep', unit: 'h', start: hoursAgo(14), end: hoursAgo(7), value: 7 },
    ],
  };
}

describe('wearable batches', () => {
  it('answers a summary, and the same batch twice is all duplicates', async () => {
    const client = as(base, await newUser(base));
    const batch = healthBatch();
    const first = await client.post('/v1/ingest/wearable/batch', batch);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ source: 'apple_health', received: 4, accepted: 4, duplicates: 0, corrected: 0, rejected: [] });
    const second = await client.post('/v1/ingest/wearable/batch', batch);
    expect(second.body).toMatchObject({ received: 4, accepted: 0, duplicates: 4, rejected: [] });
    expect(second.body.batchId).not.toBe(first.body.batchId);
    // A corrected reading of a device record replaces it.
    batch.records[0]!.value = 1900;
    expect((await client.post('/v1/ingest/wearable/batch', batch)).body).toMatchObject({ accepted: 1, corrected: 1, duplicates: 3 });
  });

  it('rejects bad records one by one, with their reasons, and takes the rest', async () => {
    const client = as(base, await newUser(base));
    const res = await client.post('/v1/ingest/wearable/batch', {
      source: 'fitbit',
      records: [
        { metric: 'steps', unit: 'count', start: hoursAgo(2), end: hoursAgo(1), value: 300 },
        { metric: 'mood', unit: 'count', start: hoursAgo(2), end: hoursAgo(1), value: 3 },
        { metric: 'steps', unit: 'furlongs', start: hoursAgo(2), end: hoursAgo(1), value: 3 },
        { metric: 'steps', unit: 'count', start: hoursAgo(1), end: hoursAgo(2), value: 3 },
        { metric: 'steps', unit: 'count', start: new Date(Date.now() + 86_400_000).toISOString(), end: new Date(Date.now() + 90_000_000).toISOString(), value: 3 },
        { metric: 'steps', unit: 'count', start: 'yesterday', end: hoursAgo(1), value: 3 },
        42,
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r: { index: number; reason: string }) => [r.index, r.reason])).toEqual([
      [1, 'unknown_metric'],
      [2, 'unknown_unit'],
      [3, 'end_before_start'],
      [4, 'in_future'],
      [5, 'invalid_time'],
      [6, 'invalid_record'],
    ]);
  });

  it('refuses a batch over the limits with 413, an unknown source with 400, and callers without a token', async () => {
    const client = as(base, await newUser(base));
    const record = { metric: 'steps', unit: 'count', start: hoursAgo(2), end: hoursAgo(1), value: 1 };
    const tooMany = await client.post('/v1/ingest/wearable/batch', { source: 'garmin', records: Array.from({ length: 1001 }, () => record) });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error.details).toMatchObject({ limitRecords: 1000 });
    const tooBig = await client.post('/v1/ingest/wearable/batch', { source: 'garmin', records: [{ ...record, note: 'x'.repeat(600 * 1024) }] });
    expect(tooBig.status).toBe(413);
    const badSource = await client.post('/v1/ingest/wearable/batch', { source: 'polar', records: [record] });
    expect(badSource.status).toBe(400);
    expect((await call(base, 'POST', '/v1/ingest/wearable/batch', { json: { source: 'garmin', records: [record] } })).status).toBe(401);
  });
});

describe('mapping rules', () => {
  const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`).toISOString();
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const before = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);

  it('writes each day\u2019s entry from the records (source wearable), keeps the user\u2019s own, recomputes a corrected day', async () => {
    const client = as(base, await newUser(base, { timezone: 'UTC' }));
    const walk = (await client.post('/v1/activities', { name: 'Walk', unit: 'steps', goal: 5000 })).body;
    const rule = await client.post('/v1/wearables/rules', { metric: 'steps', activityId: walk.id, aggregation: 'sum', unit: 'count' });
    expect(rule.status).toBe(201);
    // The user's own entry of the day before yesterday stays.
    await client.put(`/v1/entries/${before}/${walk.id}`, { value: 1234 });
    const batch = {
      source: 'garmin',
      records: [
        { id: 'g-1', metric: 'steps', unit: 'count', start: at(yesterday, 8), end: at(yesterday, 9), value: 3000 },
        { id: 'g-2', metric: 'steps', unit: 'count', start: at(yesterday, 17), end: at(yesterday, 18), value: 2500 },
        { id: 'g-3', metric: 'steps', unit: 'count', start: at(before, 10), end: at(before, 11), value: 9999 },
      ],
    };
    expect((await client.post('/v1/ingest/wearable/batch', batch)).body.accepted).toBe(3);
    const entry = await eventually(
      async () => (await client.get(`/v1/entries?activityId=${walk.id}`)).body.items as Array<{ date: string; value: number; source?: string; status: string }>,
      (items) => items.some((e) => e.date === yesterday),
    );
    expect(entry.find((e) => e.date === yesterday)).toMatchObject({ value: 5500, source: 'wearable', status: 'done' });
    expect(entry.find((e) => e.date === before)).toMatchObject({ value: 1234 });
    expect(entry.find((e) => e.date === before)!.source).toBeUndefined();

    // The device corrects a reading: the day is recomputed.
    batch.records[1]!.value = 1000;
    expect((await client.post('/v1/ingest/wearable/batch', batch)).body).toMatchObject({ corrected: 1, duplicates: 2 });
    await eventually(
      async () => (await client.get(`/v1/entries?activityId=${walk.id}`)).body.items as Array<{ date: string; value: number; status: string }>,
      (items) => items.some((e) => e.date === yesterday && e.value === 4000 && e.status === 'missed'),
    );

    // The preview shows the last 7 days as the rule computes them.
    const preview = (await client.get(`/v1/wearables/rules/${rule.body.id}/preview`)).body;
    expect(preview.days).toHaveLength(7);
    expect(preview.days.find((d: { date: string }) => d.date === yesterday)).toEqual({ date: yesterday, value: 4000, records: 2 });
    expect(preview.days.find((d: { date: string }) => d.date === before)).toEqual({ date: before, value: 9999, records: 1 });
    expect((await client.get('/v1/wearables/rules')).body.items).toHaveLength(1);
    expect((await client.delete(`/v1/wearables/rules/${rule.body.id}`)).status).toBe(204);
    expect((await client.delete(`/v1/wearables/rules/${rule.body.id}`)).status).toBe(404);
  });

  it('refuses a rule for a unit the metric cannot take, or another user\u2019s activity', async () => {
    const client = as(base, await newUser(base));
    const other = as(base, await newUser(base));
    const mine = (await client.post('/v1/activities', { name: 'Run' })).body;
    const theirs = (await other.post('/v1/activities', { name: 'Run' })).body;
    expect((await client.post('/v1/wearables/rules', { metric: 'distance', activityId: mine.id, aggregation: 'sum', unit: 'kcal' })).status).toBe(400);
    expect((await client.post('/v1/wearables/rules', { metric: 'distance', activityId: theirs.id, aggregation: 'sum', unit: 'km' })).status).toBe(404);
  });
});
