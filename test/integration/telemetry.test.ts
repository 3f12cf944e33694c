/**
 * Metrics and logs on a runtime of its own (it is restarted): EMF stored in the data folder,
 * `GET /metrics` in Prometheus text before and after a restart, the admin metrics, logs and
 * health routes, and log lines that name their own function under concurrency.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAdmin } from '../support/admin.ts';
import { as, call, newUser } from '../support/http-client.ts';
import { startMosaic, tempDataDir, type RunningMosaic } from '../support/local-process.ts';

let mosaic: RunningMosaic;
const dataDir = tempDataDir('telemetry');

beforeAll(async () => {
  mosaic = await startMosaic(dataDir);
}, 120_000);
afterAll(async () => {
  await mosaic?.stop();
});

/** `mosaic_requests_total` per service from a Prometheus text answer. */
function requestTotals(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^mosaic_requests_total\{service="([^"]+)"\} (\d+)$/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

describe('metrics and logs', () => {
  it('stores EMF metrics and logs that survive a restart; /metrics and the admin routes read them', async () => {
    const url = mosaic.info.url;
    const user = await newUser(url);
    const api = as(url, user);
    // Concurrent requests to two routes: each log line must name its own function.
    const missing = randomUUID();
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, () => api.get('/v1/me')),
      ...Array.from({ length: 10 }, () => api.get(`/v1/activities/${missing}`)),
    ]);
    expect(answers.slice(0, 10).every((a) => a.status === 200)).toBe(true);
    const requestId = answers[10]!.body.error.requestId as string;

    const before = await call(url, 'GET', '/metrics');
    expect(before.status).toBe(200);
    expect(before.headers['content-type']).toMatch(/^text\/plain/);
    const totals = requestTotals(before.text);
    expect(totals['get-me']).toBeGreaterThanOrEqual(10);
    expect(totals['get-activity']).toBe(10);
    expect(before.text).toMatch(/^mosaic_latency_p95_ms\{service="get-me"\} \d+/m);

    const admin = await newAdmin(mosaic.info);
    const adminApi = as(url, admin);
    const metrics = await adminApi.get('/v1/admin/metrics?period=60&service=get-activity');
    expect(metrics.status).toBe(200);
    expect(metrics.body.series.reduce((a: number, p: { requests: number }) => a + p.requests, 0)).toBe(10);
    expect(metrics.body.series.some((p: { p95?: number }) => p.p95 !== undefined)).toBe(true);

    // Request ids may hold `+`, which a query string reads as a space.
    const logs = await adminApi.get(`/v1/admin/logs?requestId=${encodeURIComponent(requestId)}`);
    expect(logs.status).toBe(200);
    expect(logs.body.items.length).toBeGreaterThan(0);
    for (const line of logs.body.items) {
      expect(line).toMatchObject({ requestId, service: 'get-activity', userId: user.id });
      expect(line.fields.function_name).toBe('mosaic-local-get-activity');
    }
    const mine = await adminApi.get(`/v1/admin/logs?userId=${user.id}&limit=500`);
    for (const line of mine.body.items) expect(line.fields.function_name).toBe(`mosaic-local-${line.service}`);
    expect((await adminApi.get('/v1/admin/logs?level=ERROR&service=get-me')).body.items).toEqual([]);
    expect((await adminApi.get('/v1/admin/logs?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z')).status).toBe(400);

    const health = await adminApi.get('/v1/admin/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ stage: 'local', dependencies: { table: { ok: true }, storage: { ok: true }, userPool: { ok: true } } });
    expect(health.body.queues.map((q: { consumer: string }) => q.consumer)).toContain('entry-rollups');
    expect(health.body.errorRate.requests).toBeGreaterThan(0);

    // A restart loses nothing: the same totals (or more) are scraped afterwards.
    await mosaic.stop();
    mosaic = await startMosaic(dataDir);
    const after = requestTotals((await call(mosaic.info.url, 'GET', '/metrics')).text);
    expect(after['get-activity']).toBe(10);
    expect(after['get-me']).toBeGreaterThanOrEqual(totals['get-me']!);
    // Not for a relayed (proxied) caller.
    expect((await call(mosaic.info.url, 'GET', '/metrics', { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(404);
  }, 120_000);

  it('counts domain events as EMF metrics: entries logged, beside the request metrics', async () => {
    const url = mosaic.info.url;
    const admin = await newAdmin(mosaic.info);
    const user = await newUser(url, { timezone: 'UTC' });
    const counters = async () => ((await as(url, admin).get('/v1/admin/metrics?period=60')).body.counters as Record<string, number>).entriesLogged ?? 0;
    const before = await counters();
    const act = (await as(url, user).post('/v1/activities', { name: 'Walk', unit: 'km', goal: 3 })).body;
    const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    for (const n of [1, 2]) expect((await as(url, user).put(`/v1/entries/${day(n)}/${act.id}`, { value: 2 })).status).toBe(200);
    expect(await counters()).toBe(before + 2);
  });
});
