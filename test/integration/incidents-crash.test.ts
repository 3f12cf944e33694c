import { afterAll, describe, expect, it } from 'vitest';
import { as, call, newUser, queuesDrained } from '../support/http-client.ts';
import { startMosaic, tempDataDir, type RunningMosaic } from '../support/local-process.ts';

/**
 * The webhook answers 202 after two calls at once (the queue message and the delivery remembered) and
 * the consumer writes its signal records after a batch: `kill -9` of the runtime in the middle
 * of a burst of deliveries, a restart on the same data folder, and the sender's retries (of what
 * got no answer, and replays of what did) must leave every alert counted exactly once.
 */

const DELIVERIES = 90;
const LANES = 6;
/** Acknowledged deliveries before the kill. */
const KILL_AFTER = 30;

const alert = (i: number) =>
  JSON.stringify({
    version: '4',
    status: 'firing',
    groupKey: `{}:{alertname="Crash ${i}"}`,
    receiver: 'mosaic',
    alerts: [{ status: 'firing', labels: { alertname: `Crash ${i}`, service: `svc-${i % 5}`, severity: 'warning' }, annotations: {}, startsAt: '2026-11-28T10:00:00Z', fingerprint: `crash-${i}` }],
  });

describe('incident signals after kill -9 during a hook burst', () => {
  const runtimes: RunningMosaic[] = [];
  afterAll(async () => {
    for (const r of runtimes) if (r.child.exitCode === null && r.child.signalCode === null) await r.stop();
  });

  it('loses no delivery and counts none twice', { timeout: 400_000 }, async () => {
    const dataDir = tempDataDir('incidents-crash');
    const env = { MOSAIC_RETRY_BASE_MS: '100' };
    const first = await startMosaic(dataDir, env);
    runtimes.push(first);
    let url = first.info.url;
    const owner = await newUser(url);
    const projectId = (await as(url, owner).post('/v1/projects', { name: 'Crash', groupWaitSeconds: 0 })).body.id as string;
    const hook = (await as(url, owner).post(`/v1/projects/${projectId}/hooks`, { source: 'alertmanager' })).body;
    const path = hook.hook.path as string;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${hook.secret as string}` };
    const deliver = (body: string) => call(url, 'POST', path, { raw: body, headers });

    const acknowledged = new Set<number>();
    let next = 0;
    let killed = false;
    await Promise.all(
      Array.from({ length: LANES }, async () => {
        while (!killed && next < DELIVERIES) {
          const i = next++;
          try {
            const res = await deliver(alert(i));
            if (res.status !== 202) throw new Error(`hook answered ${res.status}`);
            acknowledged.add(i);
          } catch (error) {
            if (killed) return; // the runtime died under this request: the sender will retry
            throw error;
          }
          if (acknowledged.size === KILL_AFTER && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        }
      }),
    );
    expect(killed).toBe(true);
    await new Promise((r) => (first.child.exitCode !== null || first.child.signalCode !== null ? r(undefined) : first.child.once('exit', r)));

    const second = await startMosaic(dataDir, env);
    runtimes.push(second);
    url = second.info.url;
    // The sender retries every delivery without an answer, replays the answered ones, and goes on.
    for (let i = 0; i < DELIVERIES; i++) {
      const res = await deliver(alert(i));
      expect(res.status).toBe(202);
      if (acknowledged.has(i)) expect(res.body.duplicate).toBe(true);
    }
    // Messages in flight at the kill come back after the queue's visibility timeout (60 s).
    await queuesDrained(url, 240_000);

    const members: Array<{ identity: string; count: number }> = [];
    let signals = 0;
    for (const state of ['active', 'resolved'] as const) {
      let cursor: string | undefined;
      do {
        const page = await as(url, owner).get(`/v1/projects/${projectId}/incidents?state=${state}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.status).toBe(200);
        for (const incident of page.body.items) {
          signals += incident.signalCount;
          members.push(...incident.members);
        }
        cursor = page.body.nextCursor;
      } while (cursor);
    }
    expect(signals).toBe(DELIVERIES);
    expect(new Set(members.map((m) => m.identity)).size).toBe(DELIVERIES);
    expect(members.every((m) => m.count === 1)).toBe(true);
  });
});
