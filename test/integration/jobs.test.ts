import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { consumers } from '../../infra/routes/index.ts';
import { newAdmin } from '../support/admin.ts';
import { as, eventually } from '../support/http-client.ts';
import { sendToQueue } from '../support/queues.ts';

const mosaic = inject('mosaic');

interface Run {
  id: string;
  job: string;
  outcome: string;
  counts: { received: number; succeeded: number; failed: number };
  failedMessages?: Array<{ messageId: string; body: string }>;
}

describe('job runs and dead letters', () => {
  it('retries only the failing record of a batch, parks it in the dead-letter queue after the configured attempts, and re-drives it', async () => {
    const admin = await newAdmin(mosaic);
    const api = as(mosaic.url, admin);
    const job = 'nudge-user';
    const attempts = consumers[job]!.maxReceiveCount;
    // Three messages for users that do not exist (skipped: success) and one that is no job message.
    const poison = JSON.stringify({ job, note: `poison ${randomUUID()}` });
    const valid = Array.from({ length: 3 }, () => JSON.stringify({ job, userId: randomUUID(), scheduledTime: new Date().toISOString() }));
    const ids = await sendToQueue(mosaic, job, [...valid, poison]);
    const poisonId = ids[3]!;

    const parked = await eventually(
      async () => (await api.get(`/v1/admin/queues/${job}/dead-letters`)).body.items as Array<{ messageId: string; body: string; receiveCount: number }>,
      (items) => items.some((m) => m.body === poison),
      30_000,
    );
    expect(parked.find((m) => m.body === poison)!.receiveCount).toBeGreaterThanOrEqual(attempts);
    const depths = (await api.get('/v1/admin/queues')).body.items as Array<{ consumer: string; deadLetters: number; oldestDeadLetterAgeSeconds?: number }>;
    expect(depths.find((d) => d.consumer === job)).toMatchObject({ deadLetters: expect.any(Number), oldestDeadLetterAgeSeconds: expect.any(Number) });

    const runs = (await api.get(`/v1/admin/job-runs?job=${job}&limit=100`)).body.items as Run[];
    const failing = runs.filter((r) => r.failedMessages?.some((m) => m.messageId === poisonId));
    // Tried exactly the configured number of times; every run failed only it; the others never failed.
    expect(failing).toHaveLength(attempts);
    for (const r of failing) expect(r.failedMessages!.map((m) => m.messageId)).toEqual([poisonId]);
    expect(runs.flatMap((r) => r.failedMessages ?? []).some((m) => ids.slice(0, 3).includes(m.messageId))).toBe(false);
    const first = failing[failing.length - 1]!;
    expect(first.counts.failed).toBe(1);
    expect(['partial', 'failed']).toContain(first.outcome);
    const filtered = (await api.get(`/v1/admin/job-runs?job=${job}&outcome=failed&limit=100`)).body.items as Run[];
    expect(filtered.every((r) => r.outcome === 'failed')).toBe(true);

    // Re-drive one failed run: its failed message goes back to the queue.
    const redrive = await api.post(`/v1/admin/job-runs/${failing[0]!.id}/redrive`);
    expect(redrive.status).toBe(200);
    expect(redrive.body.redriven).toBe(1);
    // Re-drive the dead letters: the queue takes them back.
    const moved = await api.post(`/v1/admin/queues/${job}/dead-letters/redrive`);
    expect(moved.status).toBe(200);
    expect(moved.body.redriven).toBeGreaterThanOrEqual(1);
    const trail = (await api.get(`/v1/admin/audit?actor=${admin.id}`)).body.items as Array<{ kind: string; target: string }>;
    expect(trail.map((r) => r.kind)).toEqual(expect.arrayContaining(['job.redriven', 'dead_letter.redriven']));
    expect((await api.get('/v1/admin/queues/no-such-consumer/dead-letters')).status).toBe(404);
    expect((await api.post('/v1/admin/job-runs/not-a-run-id/redrive')).status).toBe(400);
  });
});
