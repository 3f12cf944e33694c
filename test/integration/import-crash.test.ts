import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { derivedMismatches } from '../support/derived-check.ts';
import { as, call, eventually, newUser, postUploadForm, type TestUser } from '../support/http-client.ts';
import { childrenOf, startMosaic, tempDataDir, type RunningMosaic } from '../support/local-process.ts';

/**
 * Finding 4 of issue 7, and the durable local queues: `kill -9` of the runtime during a
 * 50,000-row CSV import left the job "processing" forever (`start` answered 409, nothing resumed
 * it) with the entries half-written and the heatmap wrong; and the local queue lost every
 * message on a kill. Here the runtime is killed mid-import and restarted on the same data
 * folder: the import is resumed from its checkpoint and completes, and every roll-up, stat and
 * goal progress equals a recomputation from the raw entries. A message sent just before a kill is
 * still delivered after the restart; and an import whose message the queue lost is resumed too.
 */

/** An import silent this long counts as stalled here (5 minutes by default). */
const STALL_SECONDS = 3;
const ENV = { MOSAIC_IMPORT_STALL_SECONDS: String(STALL_SECONDS), MOSAIC_RETRY_BASE_MS: '100' };
const ACTIVITIES = 50;
const DAYS = 1000;

const dayBefore = (today: string, n: number) => new Date(Date.parse(today) - n * 86_400_000).toISOString().slice(0, 10);

/** 50,000 rows: 50 activities × the 1,000 days ending today. */
function bigCsv(today: string): string {
  const rows = ['date,activity,value,goal,cadence'];
  for (let a = 0; a < ACTIVITIES; a++) {
    for (let d = DAYS - 1; d >= 0; d--) rows.push(`${dayBefore(today, d)},Habit ${a},${(a * 3 + d * 7) % 6},3,${a % 3 === 0 ? '3/week' : 'daily'}`);
  }
  return `${rows.join('\n')}\n`;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** kill -9 of the runtime, then waits until it and its stand-ins are gone (their files released). */
async function killHard(running: RunningMosaic): Promise<void> {
  const pid = running.child.pid!;
  const children = childrenOf(pid);
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill('SIGKILL');
  await exited;
  await eventually(async () => children.filter(alive), (left) => left.length === 0, 30_000);
}

describe('imports and queues across kill -9', () => {
  const runtimes: RunningMosaic[] = [];
  afterAll(async () => {
    for (const r of runtimes) await r.stop();
  });
  const start = async (dataDir: string) => {
    const running = await startMosaic(dataDir, ENV);
    runtimes.push(running);
    return running;
  };
  const resumeStalled = (base: string) =>
    eventually(
      async () => (await call(base, 'POST', '/_local/schedules/resume-imports')).body as { resumed: number },
      (summary) => summary.resumed > 0,
      30_000,
    );

  it('resumes a 50,000-row import killed mid-way from its checkpoint; every derived figure then equals a recomputation', { timeout: 420_000 }, async () => {
    const dataDir = tempDataDir('import-crash');
    let running = await start(dataDir);
    const user: TestUser = await newUser(running.info.url, { timezone: 'UTC' });
    let client = as(running.info.url, user);
    const today = (await client.get('/v1/today')).body.date as string;
    const body = bigCsv(today);
    const created = await client.post('/v1/imports', { format: 'csv', fileName: 'history.csv', size: Buffer.byteLength(body) });
    expect(created.status).toBe(201);
    expect((await postUploadForm(running.info.url, created.body.upload, body, 'history.csv')).ok).toBe(true);
    const id = created.body.import.id as string;
    expect((await client.post(`/v1/imports/${id}/start`)).status).toBe(202);

    // Killed once a few thousand rows are in, long before the end.
    const before = await eventually(
      async () => (await client.get(`/v1/imports/${id}`)).body,
      (job) => job.rowsApplied >= 5000 || (job.status !== 'processing' && job.status !== 'queued'),
      120_000,
      20,
    );
    expect(before.status).toBe('processing');
    await killHard(running);

    running = await start(dataDir);
    client = as(running.info.url, user);
    const stuck = (await client.get(`/v1/imports/${id}`)).body;
    expect(stuck).toMatchObject({ status: 'processing' });
    expect(stuck.rowsApplied).toBeLessThan(ACTIVITIES * DAYS);
    // As before the fix, `start` refuses it; but now the sweeper resumes it (its message is still
    // in flight: visible again only after the queue's 16-minute visibility timeout).
    expect((await client.post(`/v1/imports/${id}/start`)).status).toBe(409);
    await resumeStalled(running.info.url);
    const done = await eventually(
      async () => (await client.get(`/v1/imports/${id}`)).body,
      (job) => job.status === 'completed' || job.status === 'failed',
      300_000,
      250,
    );
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ status: 'completed', rowsApplied: ACTIVITIES * DAYS });
    expect(done.summary).toMatchObject({ imported: ACTIVITIES * DAYS, updated: 0, unchanged: 0, rejected: 0, activitiesCreated: ACTIVITIES });

    // A goal over two of the imported activities: its progress comes from the same roll-ups.
    const activities = (await client.get('/v1/activities?limit=100')).body.items as Array<{ id: string; name: string }>;
    const [first, second] = activities.filter((a) => a.name === 'Habit 1' || a.name === 'Habit 2');
    const goal = await client.post('/v1/goals', {
      name: 'Both',
      targetValue: 100_000,
      startDate: dayBefore(today, 400),
      links: [{ activityId: first!.id, weight: 1 }, { activityId: second!.id, weight: 2 }],
    });
    expect(goal.status).toBe(201);
    await eventually(async () => (await client.get(`/v1/goals/${goal.body.id}`)).body.currentValue as number, (v) => v > 0);

    // The stats windows (a year each) and dashboards (30 days each) across the 1,000 days.
    const dates = [today, dayBefore(today, 365), dayBefore(today, 730), dayBefore(today, DAYS - 30)];
    expect(await derivedMismatches(running.info.url, user, running.info, dates, today)).toEqual([]);
  });

  it('delivers a message queued just before kill -9 after the restart', { timeout: 120_000 }, async () => {
    const dataDir = tempDataDir('queue-crash');
    let running = await start(dataDir);
    const depth = async (base: string) => {
      const queues = (await call(base, 'GET', '/_local/queues')).body as Record<string, { deadLetter: Record<string, string> }>;
      return Number(queues['entry-rollups']!.deadLetter.ApproximateNumberOfMessages);
    };
    expect(await depth(running.info.url)).toBe(0);
    const sqs = new SQSClient({ endpoint: running.info.endpoints.sqs, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    // A message its consumer cannot process, delayed so that no poller has taken it at the kill;
    // once delivered it is retried and dead-lettered, which /_local/queues shows.
    const queueUrl = running.info.resources.queues['entry-rollups']!.url;
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        DelaySeconds: 5,
        MessageBody: JSON.stringify({ version: '0', id: 'kept-1', 'detail-type': 'entry.logged', source: 'mosaic', time: new Date().toISOString(), detail: {} }),
      }),
    );
    const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessagesDelayed'] }));
    expect(attributes.Attributes?.ApproximateNumberOfMessagesDelayed).toBe('1');
    sqs.destroy();
    await killHard(running);

    running = await start(dataDir);
    expect(await eventually(() => depth(running.info.url), (n) => n === 1, 60_000)).toBe(1);
    // The queues the runtime creates are the same ones, not new empty ones.
    const again = new SQSClient({ endpoint: running.info.endpoints.sqs, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const url = (await again.send(new CreateQueueCommand({ QueueName: queueUrl.slice(queueUrl.lastIndexOf('/') + 1) }))).QueueUrl;
    expect(url).toBe(running.info.resources.queues['entry-rollups']!.url);
    again.destroy();
  });

  it('resumes an import whose message the queue lost, from its checkpoint', { timeout: 300_000 }, async () => {
    const dataDir = tempDataDir('import-lost');
    let running = await start(dataDir);
    const user = await newUser(running.info.url, { timezone: 'UTC' });
    let client = as(running.info.url, user);
    const today = (await client.get('/v1/today')).body.date as string;
    const rows = ['date,activity,value', ...Array.from({ length: 2000 }, (_, i) => `${dayBefore(today, i % 400)},Lost ${Math.floor(i / 400)},${i % 4}`)];
    const body = `${rows.join('\n')}\n`;
    const created = await client.post('/v1/imports', { format: 'csv', size: Buffer.byteLength(body) });
    expect((await postUploadForm(running.info.url, created.body.upload, body)).ok).toBe(true);
    const id = created.body.import.id as string;
    expect((await client.post(`/v1/imports/${id}/start`)).status).toBe(202);
    await killHard(running);
    // Every message gone, as the in-memory queue did on a kill (the job is queued or running).
    rmSync(join(dataDir, 'sqs'), { recursive: true, force: true });

    running = await start(dataDir);
    client = as(running.info.url, user);
    expect(['queued', 'processing']).toContain((await client.get(`/v1/imports/${id}`)).body.status);
    await resumeStalled(running.info.url);
    const done = await eventually(
      async () => (await client.get(`/v1/imports/${id}`)).body,
      (job) => job.status === 'completed' || job.status === 'failed',
      240_000,
      250,
    );
    expect(done).toMatchObject({ status: 'completed', error: null, summary: { imported: 2000, rejected: 0 } });
  });
});
