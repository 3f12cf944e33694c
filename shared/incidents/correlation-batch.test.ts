import { describe, expect, it } from 'vitest';
import { memoryCorrelationStore } from '../../test/support/memory-incidents.ts';
import { correlateSignal, type CorrelationResult } from './correlate.ts';
import { CorrelationBatch } from './correlation-batch.ts';
import type { Signal } from './model.ts';

const P = 'proj-1';
const at = '2026-03-01T10:00:00.000Z';

const signal = (identity: string, service: string, status: Signal['status'] = 'firing'): Signal => ({
  source: 'alertmanager', kind: 'alert', status, severity: 'high', title: `Alert ${identity}`, message: '', labels: {}, identity, service, at,
});

function setup() {
  const mem = memoryCorrelationStore();
  let seq = 0;
  let served = 0;
  const batch = new CorrelationBatch(mem.store, mem.many, (n) => (served += n));
  const deps = (store = batch.store) => ({ store, newId: () => `id-${String(++seq).padStart(4, '0')}`, now: () => new Date(at) });
  const send = (signalId: string, s: Signal, store = batch.store) =>
    correlateSignal(deps(store), { projectId: P, signalId, receivedAt: at, signal: s });
  return { mem, batch, send, served: () => served };
}

describe('correlation in batches', () => {
  it('reads a batch up front in a few batch reads and correlates from them, as one by one would', async () => {
    const { mem, batch, send, served } = setup();
    const signals = [signal('a', 'api'), signal('b', 'api'), signal('c', 'web'), signal('a', 'api', 'resolved')];
    // Earlier work, one by one without the batch: an open incident for service "api".
    await send('s0', signal('a', 'api'), mem.store);
    const readsBefore = mem.reads();
    await batch.prefetch(signals.map((s, i) => ({ projectId: P, signalId: `s${i + 1}`, signal: s })));
    expect(mem.batchReads()).toBeLessThanOrEqual(4);
    const results: CorrelationResult[] = [];
    for (const [i, s] of signals.entries()) results.push(await send(`s${i + 1}`, s));
    // Everything the correlation read came from the batch reads.
    expect(mem.reads()).toBe(readsBefore);
    expect(served()).toBeGreaterThan(0);
    expect(results.map((r) => r.change)).toEqual(['updated', 'updated', 'opened', 'updated']);
    expect(results[1]!.incidentId).toBe(results[0]!.incidentId);
    const api = mem.incidents(P).find((i) => i.id === results[0]!.incidentId)!;
    expect(api.signalCount).toBe(4);
    expect(api.members.find((m) => m.identity === 'a')!.status).toBe('resolved');
  });

  it('writes signal records only at flush, and a repeat within the batch is a duplicate', async () => {
    const { mem, batch, send } = setup();
    await batch.prefetch([{ projectId: P, signalId: 'd#0', signal: signal('x', 'api') }]);
    await send('d#0', signal('x', 'api'));
    const again = await send('d#0', signal('x', 'api'));
    expect(again.duplicate).toBe(true);
    expect(mem.signalRecorded(P, 'd#0')).toBe(false);
    await batch.flush();
    expect(mem.signalRecorded(P, 'd#0')).toBe(true);
    expect(mem.incidents(P)[0]!.signalCount).toBe(1);
  });

  it('a write by someone else after the batch read: the conditional write fails, the cache empties and the retry reads afresh', async () => {
    const { mem, batch, send } = setup();
    await send('s0', signal('a', 'api'), mem.store);
    await batch.prefetch([{ projectId: P, signalId: 's1', signal: signal('a', 'api') }]);
    // Another consumer joins the same incident meanwhile.
    await send('s-other', signal('a', 'api'), mem.store);
    const readsBefore = mem.reads();
    const joined = await send('s1', signal('a', 'api'));
    expect(joined.change).toBe('updated');
    expect(mem.reads()).toBeGreaterThan(readsBefore);
    expect(mem.incidents(P)[0]!.signalCount).toBe(3);
  });

  it('a replay racing its original (another consumer): one incident is written, none shows and vanishes', async () => {
    const { mem } = setup();
    let opened = 0;
    const store = { ...mem.store, putIncident: (i: Parameters<typeof mem.store.putIncident>[0], v: number) => { if (v === 0) opened++; return mem.store.putIncident(i, v); } };
    // Two batches, each with its own read of the same absent fingerprint.
    const one = new CorrelationBatch(store, mem.many);
    const two = new CorrelationBatch(store, mem.many);
    const s = signal('r', 'api');
    await Promise.all([one.prefetch([{ projectId: P, signalId: 'dup#0', signal: s }]), two.prefetch([{ projectId: P, signalId: 'dup#0', signal: s }])]);
    let seq = 0;
    const deps = (b: CorrelationBatch) => ({ store: b.store, newId: () => `id-${++seq}`, now: () => new Date(at) });
    const results = await Promise.all([one, two].map((b) => correlateSignal(deps(b), { projectId: P, signalId: 'dup#0', receivedAt: at, signal: s })));
    expect(results.map((r) => r.change).sort()).toEqual(['opened', 'unchanged']);
    expect(opened).toBe(1);
    expect(mem.incidents(P)).toHaveLength(1);
    expect(mem.incidents(P)[0]!.signalCount).toBe(1);
  });

  it('runs the work of one lane one after another, of different lanes at once', async () => {
    const { batch } = setup();
    const log: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const a = batch.serial('p1', async () => { log.push('a start'); await gate; log.push('a end'); });
    const b = batch.serial('p1', async () => void log.push('b'));
    await batch.serial('p2', async () => void log.push('c'));
    expect(log).toEqual(['a start', 'c']);
    open();
    await Promise.all([a, b]);
    expect(log).toEqual(['a start', 'c', 'a end', 'b']);
    // A delivery's lane: its project and the group of its first signal (a merge's group when the batch read one).
    expect(batch.laneOf(P, [signal('a', 'API')])).toBe(`${P}|svc:api`);
    expect(batch.laneOf(P, [{ ...signal('a', 'api'), identity: undefined }])).toBe(P);
  });
});
