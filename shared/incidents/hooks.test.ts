import { describe, expect, it } from 'vitest';
import { verifyDelivery, type VerifyDeps } from './hooks.ts';
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
