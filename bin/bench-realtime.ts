/**
 * `npm run bench:realtime`: live updates on the local runtime with many connections.
 *
 * BENCH_USERS users (default 50) open BENCH_TABS connections each (default 20: 1,000 in all),
 * each with its own ticket, as browser tabs do. Then every user saves BENCH_WRITES entries
 * (default 5), all users at once, and every connection of the writer must receive each
 * `entry.logged`. Printed beside the targets:
 * - connections held: open and answering a ping after all have connected (target: all of them);
 * - messages/s fanned out: event messages received by all connections, over the time from the
 *   first save to the last delivery (target ≥ 200/s on this 2-core machine);
 * - delivery latency of `entry.logged`: from the save's request to each connection's receipt,
 *   p50 and p95, in the burst and then one save at a time (BENCH_STEADY saves, default 50, with
 *   all connections still held: a person saving in one tab). Target: p95 ≤ 1,000 ms one save at
 *   a time ("within a second"); the burst's is printed for what a backlog costs.
 */
import { performance } from 'node:perf_hooks';
import { as, newUser, type TestUser } from '../test/support/http-client.ts';
import { startMosaic, tempDataDir } from '../test/support/local-process.ts';
import { connectAs, type TestSocket } from '../test/support/ws-client.ts';

const USERS = Number(process.env.BENCH_USERS ?? 50);
const TABS = Number(process.env.BENCH_TABS ?? 20);
const WRITES = Number(process.env.BENCH_WRITES ?? 5);
const STEADY = Number(process.env.BENCH_STEADY ?? 50);
const TARGETS = { messagesPerSecond: 200, p95Ms: 1000 };

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);

const dataDir = tempDataDir('bench-realtime');
console.log(`Starting the local runtime (data in ${dataDir})…`);
const mosaic = await startMosaic(dataDir, { MOSAIC_QUIET: '1' });
const base = mosaic.info.url;
const sockets: TestSocket[] = [];
try {
  console.log(`Registering ${USERS} users…`);
  const users: Array<{ user: TestUser; activityId: string; tabs: TestSocket[] }> = [];
  for (let i = 0; i < USERS; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, USERS - i) }, async () => {
        const user = await newUser(base, { timezone: 'UTC' });
        const activity = (await as(base, user).post('/v1/activities', { name: 'Walk' })).body as { id: string };
        return { user, activityId: activity.id, tabs: [] as TestSocket[] };
      }),
    );
    users.push(...batch);
  }

  console.log(`Opening ${USERS * TABS} connections…`);
  const openStarted = performance.now();
  for (const u of users) {
    // A user's tabs open together; users one after another (tickets are rate limited per user).
    u.tabs = await Promise.all(Array.from({ length: TABS }, () => connectAs(base, u.user)));
    sockets.push(...u.tabs);
  }
  const openMs = performance.now() - openStarted;
  for (const s of sockets) s.ws.send(JSON.stringify({ type: 'ping' }));
  const answered = await Promise.all(sockets.map((s) => s.next((m) => m.type === 'pong', 30_000).then(() => 1, () => 0)));
  const held = answered.reduce<number>((a, b) => a + b, 0);

  console.log(`Saving ${USERS * WRITES} entries (${WRITES} per user, all users at once)…`);
  const latencies: number[] = [];
  const firstSave = performance.now();
  let lastDelivery = firstSave;
  await Promise.all(
    users.map(async (u) => {
      for (let w = 0; w < WRITES; w++) {
        const date = day(w);
        const sent = performance.now();
        const arrivals = u.tabs.map((tab) =>
          tab.next((m) => m.type === 'event' && m.event === 'entry.logged' && m.data.date === date, 60_000).then(() => {
            const now = performance.now();
            latencies.push(now - sent);
            lastDelivery = Math.max(lastDelivery, now);
          }),
        );
        const res = await as(base, u.user).put(`/v1/entries/${date}/${u.activityId}`, { status: 'done' });
        if (res.status !== 200) throw new Error(`save answered ${res.status}: ${res.text}`);
        await Promise.all(arrivals);
      }
    }),
  );
  // Every event message (entries, stats) received during the run, by every connection.
  const messages = sockets.reduce((n, s) => n + s.messages.filter((m) => m.type === 'event').length, 0);
  const seconds = (lastDelivery - firstSave) / 1000;
  const rate = messages / seconds;
  const p50 = percentile(latencies, 50);
  const p95 = percentile(latencies, 95);

  console.log(`Saving ${STEADY} entries one at a time…`);
  const steady: number[] = [];
  for (let i = 0; i < STEADY; i++) {
    const u = users[i % users.length]!;
    const date = day(WRITES + Math.floor(i / users.length));
    const sent = performance.now();
    const arrivals = u.tabs.map((tab) =>
      tab.next((m) => m.type === 'event' && m.event === 'entry.logged' && m.data.date === date, 60_000).then(() => steady.push(performance.now() - sent)),
    );
    const res = await as(base, u.user).put(`/v1/entries/${date}/${u.activityId}`, { status: 'done' });
    if (res.status !== 200) throw new Error(`save answered ${res.status}: ${res.text}`);
    await Promise.all(arrivals);
  }
  const s50 = percentile(steady, 50);
  const s95 = percentile(steady, 95);
  const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

  console.log('');
  console.log(`connections held        ${held} of ${USERS * TABS}   target: all   ${verdict(held === USERS * TABS)}   (opened in ${(openMs / 1000).toFixed(1)} s)`);
  console.log(`messages fanned out     ${messages} in ${seconds.toFixed(1)} s = ${rate.toFixed(0)}/s   target: ≥ ${TARGETS.messagesPerSecond}/s   ${verdict(rate >= TARGETS.messagesPerSecond)}`);
  console.log(`delivery, one at a time ${steady.length} deliveries, p50 ${s50.toFixed(0)} ms, p95 ${s95.toFixed(0)} ms   target: p95 ≤ ${TARGETS.p95Ms} ms   ${verdict(s95 <= TARGETS.p95Ms)}`);
  console.log(`delivery, in the burst  ${latencies.length} deliveries, p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms   (${USERS * WRITES} saves at once; no target: the backlog's cost)`);
} finally {
  for (const s of sockets) s.ws.terminate();
  await mosaic.stop();
}
