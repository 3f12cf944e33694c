import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { as, call, newUser, queuesDrained, type TestUser } from '../support/http-client.ts';
import { ROOT, startMosaic, tempDataDir, type RunningMosaic } from '../support/local-process.ts';

/**
 * Finding 3 of issue 7: `kill -9` of the runtime during a burst of entry writes left the roll-ups,
 * stats and goal progress wrong for good — each write landed, but its event was published after
 * it (or queued in memory) and died with the process. Here the same burst is killed, the runtime
 * restarted on the same data folder, and the sweeper of pending marks run: afterwards nothing
 * acknowledged is missing and the repair's dry run finds no difference between the derived data
 * and a recomputation from the raw entries. The local queue loses its messages on kill -9 (as it
 * did then), so only the marks recorded with the writes can bring the derived data back.
 */

const execAsync = promisify(execFile);
const USERS = 4;
const ACTIVITIES = 3;
const DAYS = 12;
const LANES = 16;
/** Acknowledged writes before the kill. */
const KILL_AFTER = 160;

const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

interface Lane {
  user: number;
  keys: Array<{ activity: number; date: string }>;
}

/** What an entry may be: after an acknowledged write exactly its result; after an unanswered one, either. */
type State = { value: number } | null;

interface RepairReport {
  counts: Record<'day' | 'month' | 'stats' | 'atRisk' | 'goal', number>;
  marks: number;
  tombstones: number;
}

describe('derived data after kill -9 during a write burst', () => {
  const runtimes: RunningMosaic[] = [];
  afterAll(async () => {
    for (const r of runtimes) {
      // The killed one has exited already (its exit code stays null: it died of a signal).
      if (r.child.exitCode === null && r.child.signalCode === null) await r.stop();
    }
  });

  it('loses no acknowledged write, and every roll-up, stat and goal progress ends equal to a recomputation', { timeout: 420_000 }, async () => {
    const dataDir = tempDataDir('crash');
    // Marks count as overdue after 1 s instead of minutes, so the test need not wait.
    const env = { PENDING_GRACE_SECONDS: '1', MOSAIC_RETRY_BASE_MS: '100' };
    const first = await startMosaic(dataDir, env);
    runtimes.push(first);
    let url = first.info.url;

    // Users with activities (two with a goal value, one a check-in) and a goal fed by two of them.
    const users: Array<{ user: TestUser; activities: string[] }> = [];
    for (let u = 0; u < USERS; u++) {
      const user = await newUser(url, { timezone: 'UTC' });
      const client = as(url, user);
      const activities: string[] = [];
      for (const [i, body] of [{ name: 'Run', unit: 'km', goal: 5 }, { name: 'Read', unit: 'min', goal: 20 }, { name: 'Stretch' }].entries()) {
        const created = await client.post('/v1/activities', { ...body, name: `${body.name} ${i}` });
        expect(created.status).toBe(201);
        activities.push(created.body.id);
      }
      const goal = await client.post('/v1/goals', {
        name: 'Move',
        targetValue: 100_000,
        startDate: day(DAYS),
        links: [
          { activityId: activities[0], weight: 1 },
          { activityId: activities[2], weight: 3 },
        ],
      });
      expect(goal.status).toBe(201);
      users.push({ user, activities });
    }
    await queuesDrained(url);

    // 16 lanes; each owns a disjoint share of one user's (activity, date) keys and writes them in
    // turn, so the state every acknowledged write leaves is known.
    const lanes: Lane[] = Array.from({ length: LANES }, (_, i) => ({ user: i % USERS, keys: [] }));
    for (let u = 0; u < USERS; u++) {
      const mine = lanes.filter((l) => l.user === u);
      let k = 0;
      for (let a = 0; a < ACTIVITIES; a++) for (let d = 0; d < DAYS; d++) mine[k++ % mine.length]!.keys.push({ activity: a, date: day(d + 1) });
    }
    const possible = new Map<string, State[]>(); // key → states it may be in
    const keyOf = (u: number, a: number, date: string) => `${u}|${users[u]!.activities[a]}|${date}`;
    let acknowledged = 0;
    let killed = false;
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

    const lane = async (l: Lane) => {
      const { user, activities } = users[l.user]!;
      const client = as(url, user);
      while (!killed) {
        const key = l.keys[Math.floor(random() * l.keys.length)]!;
        const k = keyOf(l.user, key.activity, key.date);
        const path = `/v1/entries/${key.date}/${activities[key.activity]}`;
        const remove = random() < 0.3;
        const value = Math.round(random() * 400) / 10;
        const outcome: State = remove ? null : { value };
        const before = possible.get(k) ?? [null];
        // Until it answers, the write may or may not land.
        possible.set(k, [...before, outcome]);
        let status = 0;
        try {
          status = (remove ? await client.delete(path) : await client.put(path, { value })).status;
        } catch {
          return; // the runtime died under this request: its outcome stays open
        }
        if (status === 200 || status === 204 || (remove && status === 404)) {
          possible.set(k, [outcome]);
          if (++acknowledged === KILL_AFTER && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        } else if (status >= 500) {
          continue; // an error answer: the write may have landed
        } else {
          throw new Error(`${path} answered ${status}`);
        }
      }
    };
    await Promise.all(lanes.map(lane));
    expect(killed).toBe(true);
    await new Promise((r) => first.child.once('exit', r));

    // npm start again, on the same data folder.
    const second = await startMosaic(dataDir, env);
    runtimes.push(second);
    url = second.info.url;
    // The table was not closed cleanly: its indexes were rebuilt from its items on the way up.
    expect(readFileSync(join(dataDir, 'runtime.log'), 'utf8')).toMatch(/rebuilding its indexes: the last run did not stop cleanly[\s\S]*rebuilt with \d+ items/);

    // Nothing acknowledged was lost: every entry is in a state its writes allow.
    for (let u = 0; u < USERS; u++) {
      const client = as(url, users[u]!.user);
      const stored = new Map<string, number>();
      let cursor: string | undefined;
      do {
        const page = await client.get(`/v1/entries?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.status).toBe(200);
        for (const e of page.body.items as Array<{ activityId: string; date: string; value: number }>) stored.set(`${u}|${e.activityId}|${e.date}`, e.value);
        cursor = page.body.nextCursor;
      } while (cursor);
      for (let a = 0; a < ACTIVITIES; a++) {
        for (let d = 1; d <= DAYS; d++) {
          const k = keyOf(u, a, day(d));
          const value = stored.get(k);
          const allowed = possible.get(k) ?? [null];
          const found: State = value === undefined ? null : { value };
          expect(allowed, `${k}: stored ${JSON.stringify(found)}`).toContainEqual(found);
        }
      }
    }

    const repair = async (user: TestUser): Promise<RepairReport> =>
      JSON.parse(
        (await execAsync(process.execPath, [join(ROOT, 'bin/admin.ts'), 'repair', user.email, '--dry-run', '--json'], { env: { ...process.env, MOSAIC_DATA_DIR: dataDir } }))
          .stdout,
      ) as RepairReport;
    const differences = (r: RepairReport) => r.counts.day + r.counts.month + r.counts.stats + r.counts.goal + r.marks + r.tombstones;

    // What the crash left undone: pending marks (the local queue's messages died with it).
    await queuesDrained(url);
    const left = await Promise.all(users.map((u) => repair(u.user)));
    console.log(`after the restart: ${left.map(differences).join(', ')} difference(s) and marks per user`);

    // The sweeper re-drives every overdue mark; the consumer applies and settles them. A mark
    // whose work failed (a busy machine) waits twice as long each time: rounds continue until
    // nothing is left or three minutes have passed.
    let reports = left;
    const deadline = Date.now() + 180_000;
    for (let round = 1; reports.some((r) => differences(r) > 0) && Date.now() < deadline; round++) {
      await new Promise((r) => setTimeout(r, 1200));
      const swept = await call(url, 'POST', '/_local/schedules/sweep-pending');
      expect(swept.status).toBe(200);
      console.log(`sweep ${round}: ${JSON.stringify(swept.body)}`);
      await queuesDrained(url);
      reports = await Promise.all(users.map((u) => repair(u.user)));
    }
    // At-risk flags are the hourly scan's: it runs, as it would, on the converged stats.
    await call(url, 'POST', '/_local/schedules/risk-scan');
    await queuesDrained(url);
    reports = await Promise.all(users.map((u) => repair(u.user)));
    for (const report of reports) {
      expect(report, JSON.stringify(report, null, 1)).toMatchObject({
        counts: { day: 0, month: 0, stats: 0, atRisk: 0, goal: 0 },
        marks: 0,
        tombstones: 0,
      });
    }
  });
});
