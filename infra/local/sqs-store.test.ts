import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { QueueStore } from './sqs-store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function store(): QueueStore {
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-sqs-store-'));
  dirs.push(dir);
  return new QueueStore(join(dir, 'queues.db'));
}

describe('QueueStore: a long poll’s step at one instant', () => {
  it('either receives a hidden message or knows when it becomes visible, at every millisecond around that moment', () => {
    const t0 = 1_800_000_000_000;
    const queues = store();
    queues.createQueue('q', { VisibilityTimeout: '120' }, t0);
    queues.send('q', [{ body: 'retry me' }], t0);
    const [first] = queues.receive('q', 10, undefined, t0).messages;
    // A failed attempt comes back in 1 s, as the local pollers ask.
    queues.changeVisibility('q', first!.ReceiptHandle, 1, t0);
    const visibleAt = t0 + 1000;

    for (const now of [visibleAt - 2, visibleAt - 1]) {
      expect(queues.receive('q', 10, undefined, now).messages).toEqual([]);
      expect(queues.nextVisibleAt('q', now)).toBe(visibleAt);
    }
    // The server's old step read the clock twice: a receive at visibleAt - 1 (a timer fired a
    // millisecond early) missed the message, and the next visibility read at visibleAt found
    // nothing hidden after it, so the poll slept until its deadline.
    expect(queues.nextVisibleAt('q', visibleAt)).toBeUndefined();
    expect(queues.receive('q', 10, undefined, visibleAt).messages.map((m) => m.Body)).toEqual(['retry me']);
  });
});
