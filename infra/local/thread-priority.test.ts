import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

/** Each thread of this process (Linux) with its niceness, from /proc. */
function threadNiceness(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the command's closing parenthesis; niceness is field 19 of stat(5).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(Number(tid), Number(fields[16]));
  }
  return out;
}

describe.runIf(process.platform === 'linux')('lowerThisThreadPriority', () => {
  it('lowers the worker thread that calls it, not its process', async () => {
    const before = threadNiceness();
    const base = before.get(process.pid)!;
    const source = `
      const { parentPort } = require('node:worker_threads');
      import(${JSON.stringify(new URL('./thread-priority.ts', import.meta.url).href)}).then((m) => {
        parentPort.postMessage(m.lowerThisThreadPriority(3));
        setInterval(() => {}, 1000);
      });`;
    const worker = new Worker(source, { eval: true });
    try {
      const reported = await new Promise<number>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(reported).toBe(Math.min(19, base + 3));
      const after = threadNiceness();
      // Exactly one thread was lowered, to what it reported; the main thread kept its niceness.
      const lowered = [...after].filter(([tid, nice]) => nice === reported && before.get(tid) !== reported);
      expect(lowered).toHaveLength(1);
      expect(after.get(process.pid)).toBe(base);
    } finally {
      await worker.terminate();
    }
  });
});
