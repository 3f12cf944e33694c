import { describe, expect, it } from 'vitest';
import { CallerQueueFullError, callerOf, createFairQueue } from './fair-queue.ts';

/** A task that finishes when told to. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, task: (log: string[], name: string) => async () => {
    log.push(`start ${name}`);
    await opened;
    return name;
  } };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createFairQueue', () => {
  it('runs up to the in-flight bound per caller, queues the next in order, refuses past the queue bound', async () => {
    const q = createFairQueue({ inFlight: 2, queued: 1 });
    const log: string[] = [];
    const gates = [gate(), gate(), gate()];
    const runs = gates.map((g, i) => q.run('a', g.task(log, `a${i}`)));
    await tick();
    expect(log).toEqual(['start a0', 'start a1']);
    expect(q.snapshot()).toEqual({ a: { running: 2, waiting: 1 } });

    const refused = q.run('a', async () => 'never');
    await expect(refused).rejects.toBeInstanceOf(CallerQueueFullError);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: expect.any(Number) });

    gates[0]!.open();
    await expect(runs[0]).resolves.toBe('a0');
    await tick();
    expect(log).toEqual(['start a0', 'start a1', 'start a2']);
    gates[1]!.open();
    gates[2]!.open();
    await expect(Promise.all(runs)).resolves.toEqual(['a0', 'a1', 'a2']);
    expect(q.snapshot()).toEqual({});
  });

  it('keeps callers apart: a full lane does not hold up another caller', async () => {
    const q = createFairQueue({ inFlight: 1, queued: 0 });
    const log: string[] = [];
    const busy = gate();
    const a = q.run('a', busy.task(log, 'a'));
    await expect(q.run('a', async () => 'a again')).rejects.toBeInstanceOf(CallerQueueFullError);
    await expect(q.run('b', async () => 'b')).resolves.toBe('b');
    busy.open();
    await expect(a).resolves.toBe('a');
  });

  it('frees the slot when a task fails', async () => {
    const q = createFairQueue({ inFlight: 1, queued: 0 });
    await expect(q.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(q.run('a', async () => 'next')).resolves.toBe('next');
    expect(q.snapshot()).toEqual({});
  });
});

describe('callerOf', () => {
  const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

  it('names the caller by the token’s subject, unverified', () => {
    expect(callerOf(`Bearer ${jwt({ sub: 'u-1' })}`, '127.0.0.9')).toBe('user:u-1');
    expect(callerOf(`bearer ${jwt({ sub: 'u-2' })}`, '127.0.0.9')).toBe('user:u-2');
  });

  it('falls back to the client address without a readable subject', () => {
    expect(callerOf(undefined, '127.0.0.9')).toBe('ip:127.0.0.9');
    expect(callerOf('Bearer not-a-jwt', '127.0.0.9')).toBe('ip:127.0.0.9');
    expect(callerOf(`Bearer ${jwt({ iss: 'x' })}`, '127.0.0.9')).toBe('ip:127.0.0.9');
    expect(callerOf('Bearer a.!!!.c', '127.0.0.9')).toBe('ip:127.0.0.9');
    expect(callerOf('Basic dXNlcjpwYXNz', '::1')).toBe('ip:::1');
  });
});
