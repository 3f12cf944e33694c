import { describe, expect, it } from 'vitest';
import { acceptDelivery, normalise, verifyDelivery, type IngestDeps, type VerifyDeps } from './hooks.ts';
import type { Hook, HookAuth } from './model.ts';
import { AWS_SNS_TRUST } from './sns.ts';

/** A hook store that counts its reads; every delivery below fails its check after the hook is read. */
function store(auth: HookAuth) {
  const id = `h${'a'.repeat(30)}${Math.random().toString(36).slice(2, 12).padEnd(13, 'x')}`;
  const hook: Hook = { id, projectId: 'p1', source: auth.kind === 'sns' ? 'cloudwatch' : 'sentry', name: 'h', auth, createdAt: '2026-01-01T00:00:00.000Z', deliveries: 0 };
  const reads = { count: 0 };
  const deps: VerifyDeps = {
    projects: { getHook: async () => (reads.count++, hook) },
    box: { open: async () => 'secret' },
    sns: AWS_SNS_TRUST,
    now: () => new Date(),
  };
  const deliver = () =>
    verifyDelivery(deps, { body: Buffer.from('{}'), headers: {}, params: { hookId: id }, query: {}, sourceIp: '127.0.0.1', requestId: 'r' }).catch(() => undefined);
  return { reads, deliver };
}

describe('the hook cache', () => {
  it('reads a hook once for a burst of deliveries', async () => {
    const { reads, deliver } = store({ kind: 'sentry' });
    await deliver();
    await deliver();
    await deliver();
    expect(reads.count).toBe(1);
  });

  it('reads an SNS hook with no pinned topic again for each delivery (the pin is written by another function)', async () => {
    const { reads, deliver } = store({ kind: 'sns' });
    await deliver();
    await deliver();
    expect(reads.count).toBe(2);
  });

  it('keeps an SNS hook once its topic is pinned', async () => {
    const { reads, deliver } = store({ kind: 'sns', topicArn: 'arn:aws:sns:eu-west-1:123456789012:alarms' });
    await deliver();
    await deliver();
    expect(reads.count).toBe(1);
  });
});

/** An ingest store in memory: delivery memory as a set, the queue as a list; `failEnqueue` makes the queue refuse. */
function ingest() {
  const memory = new Map<string, string>();
  const queue: unknown[] = [];
  const state = { failEnqueue: false };
  const deps: IngestDeps = {
    remember: async (hookId, deliveryId, at) => {
      const key = `${hookId}/${deliveryId}`;
      if (memory.has(key)) return false;
      memory.set(key, at.toISOString());
      return true;
    },
    forget: async (hookId, deliveryId, at) => {
      if (memory.get(`${hookId}/${deliveryId}`) === at.toISOString()) memory.delete(`${hookId}/${deliveryId}`);
    },
    storeRaw: async () => undefined,
    enqueue: async (batch) => {
      await new Promise((r) => setTimeout(r, 1));
      if (state.failEnqueue) throw new Error('queue unavailable');
      queue.push(batch);
    },
    now: () => new Date(),
  };
  const hook: Hook = { id: 'h1', projectId: 'p1', source: 'alertmanager', name: 'h', auth: { kind: 'bearer', tokenHash: 'x', tokenHint: 'x' }, createdAt: '2026-01-01T00:00:00.000Z', deliveries: 0 };
  const body = Buffer.from(JSON.stringify({ version: '4', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'Disk full' }, annotations: {}, startsAt: '2026-01-01T00:00:00Z', fingerprint: 'f1' }] }));
  const accept = () => acceptDelivery(deps, { hook, deliveryId: 'd1' }, { body, headers: {}, params: {}, query: {}, sourceIp: '127.0.0.1', requestId: 'r' });
  return { memory, queue, state, accept, deps };
}

describe('accepting a delivery', () => {
  it('enqueues a replay too (the consumer drops it by id) and answers it as a duplicate', async () => {
    const { queue, accept } = ingest();
    expect(await accept()).toEqual({ deliveryId: 'd1', signals: 1, duplicate: false });
    expect(await accept()).toEqual({ deliveryId: 'd1', signals: 0, duplicate: true });
    expect(queue).toHaveLength(2);
  });

  it('forgets the delivery when its signals did not reach the queue, so the retry is not a duplicate', async () => {
    const { memory, queue, state, accept } = ingest();
    state.failEnqueue = true;
    await expect(accept()).rejects.toThrow('queue unavailable');
    expect(memory.size).toBe(0);
    state.failEnqueue = false;
    expect(await accept()).toMatchObject({ signals: 1, duplicate: false });
    expect(queue).toHaveLength(1);
  });
});

describe('the payload kept of a delivery', () => {
  it('keeps a Sentry event without its end users’ data, and reads the same signal from it', async () => {
    const { queue, deps } = ingest();
    const hook: Hook = { id: 'h2', projectId: 'p1', source: 'sentry', name: 'h', auth: { kind: 'bearer', tokenHash: 'x', tokenHint: 'x' }, createdAt: '2026-01-01T00:00:00.000Z', deliveries: 0 };
    const event = {
      issue_id: '42',
      title: 'TypeError: x is undefined',
      level: 'error',
      web_url: 'https://sentry.example.com/organizations/acme/issues/42/events/e1/',
      project_slug: 'shop',
      tags: [['environment', 'production'], ['user', 'email:jo@example.com'], ['user.ip', '203.0.113.9'], ['url', 'https://shop.example.com/cart?token=abc']],
      user: { ip_address: '203.0.113.9', email: 'jo@example.com' },
      request: { url: 'https://shop.example.com/cart', headers: [['User-Agent', 'Mozilla/5.0'], ['Cookie', 'session=s3cret']], env: { REMOTE_ADDR: '203.0.113.9' } },
      contexts: { device: { model: 'Pixel 8' } },
      exception: { values: [{ type: 'TypeError', stacktrace: { frames: [{ function: 'pay', vars: { card: '4111 1111 1111 1111' } }] } }] },
    };
    const body = Buffer.from(JSON.stringify({ action: 'triggered', data: { event, triggered_rule: 'Errors' } }));
    const headers = { 'sentry-hook-resource': 'event_alert' };
    const accepted = await acceptDelivery(deps, { hook, deliveryId: 'd2' }, { body, headers, params: {}, query: {}, sourceIp: '127.0.0.1', requestId: 'r' });
    expect(accepted.signals).toBe(1);
    const kept = (queue[0] as { raw: { body: string } }).raw.body;
    for (const personal of ['203.0.113.9', 'jo@example.com', 's3cret', 'Mozilla', 'Pixel', '4111', 'token=abc']) expect(kept).not.toContain(personal);
    // What Mosaic read is still there: the kept payload gives the same signal.
    const again = normalise({ hook, deliveryId: 'd2' }, { body: Buffer.from(kept), headers, params: {}, query: {}, sourceIp: '127.0.0.1', requestId: 'r' }, '2026-01-01T00:00:00.000Z');
    const first = normalise({ hook, deliveryId: 'd2' }, { body, headers, params: {}, query: {}, sourceIp: '127.0.0.1', requestId: 'r' }, '2026-01-01T00:00:00.000Z');
    expect(again.signals).toEqual(first.signals);
  });
});

