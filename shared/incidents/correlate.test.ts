import { describe, expect, it } from 'vitest';
import { memoryCorrelationStore } from '../../test/support/memory-incidents.ts';
import { acknowledge, comment, merge, reopen, resolveByHand, split } from './actions.ts';
import { correlateSignal } from './correlate.ts';
import type { Signal } from './model.ts';

const P = 'proj-1';
const actor = { id: 'u1', name: 'Ada' };

function setup(start = Date.parse('2026-03-01T10:00:00Z')) {
  const mem = memoryCorrelationStore();
  let clock = start;
  let seq = 0;
  const deps = { store: mem.store, newId: () => `id-${String(++seq).padStart(4, '0')}`, now: () => new Date(clock) };
  let n = 0;
  const send = (signal: Partial<Signal> & Pick<Signal, 'status'>, signalId = `s${++n}`) =>
    correlateSignal(deps, {
      projectId: P,
      signalId,
      receivedAt: new Date(clock).toISOString(),
      signal: { source: 'cloudwatch', kind: 'alarm', severity: 'high', title: 'CPU high', message: '', labels: {}, identity: 'arn:alarm:cpu', at: new Date(clock).toISOString(), ...signal },
    });
  return { mem, deps, send, advance: (ms: number) => (clock += ms) };
}

describe('correlation', () => {
  it('opens an incident on a firing and resolves it when the source resolves', async () => {
    const { mem, send, advance } = setup();
    const opened = await send({ status: 'firing' });
    expect(opened.change).toBe('opened');
    advance(60_000);
    const resolved = await send({ status: 'resolved', severity: 'info' });
    expect(resolved.change).toBe('resolved');
    expect(resolved.incidentId).toBe(opened.incidentId);
    expect(mem.incidents(P)).toHaveLength(1);
    // The resolution (severity info, as sources send it) does not make the incident look minor.
    expect(resolved.incident).toMatchObject({ state: 'resolved', severity: 'high', baseSeverity: 'high' });
    expect(resolved.incident!.members[0]).toMatchObject({ status: 'resolved', severity: 'high' });
  });

  it('a signal racing an opening of its fingerprint waits for that incident instead of opening another', async () => {
    const { mem, send } = setup();
    // The opening's incident write is slow: the racing signal finds the claim before the incident.
    const putIncident = mem.store.putIncident.bind(mem.store);
    mem.store.putIncident = async (...args) => {
      await new Promise((r) => setTimeout(r, 30));
      return putIncident(...args);
    };
    const [a, b] = await Promise.all([send({ status: 'firing' }), send({ status: 'firing' })]);
    expect(mem.incidents(P)).toHaveLength(1);
    expect([a.change, b.change].sort()).toEqual(['opened', 'updated']);
    expect(b.incidentId).toBe(a.incidentId);
  });

  it('drops a repeated signal id', async () => {
    const { mem, send } = setup();
    await send({ status: 'firing' }, 'same');
    const again = await send({ status: 'firing' }, 'same');
    expect(again.duplicate).toBe(true);
    expect(mem.incidents(P)[0]!.signalCount).toBe(1);
  });

  it('resolves only when every member says resolved (each by its own status)', async () => {
    const { send } = setup();
    const a = await send({ status: 'firing', identity: 'a', service: 'api' });
    const b = await send({ status: 'firing', identity: 'b', service: 'api', source: 'sentry', severity: 'critical' });
    expect(b.incidentId).toBe(a.incidentId);
    expect(b.incident!.severity).toBe('critical');
    const ra = await send({ status: 'resolved', identity: 'a', service: 'api' });
    expect(ra.change).toBe('updated');
    expect(ra.incident!.state).toBe('open');
    const rb = await send({ status: 'resolved', identity: 'b', service: 'api', source: 'sentry' });
    expect(rb.change).toBe('resolved');
  });

  it('members and signal entries name the resource and link to the source, as their latest signal says', async () => {
    const { mem, send } = setup();
    const signal = { source: 'alertmanager', kind: 'alert', identity: 'fp-1', service: 'checkout', title: 'HighErrorRate: 5xx above 5%' } as const;
    const opened = await send({ ...signal, status: 'firing', resource: '10.0.3.7:8080', message: 'Error rate is 7.3% on 10.0.3.7:8080\nrunbook: …', url: 'http://prom/graph?a' });
    const later = await send({ ...signal, status: 'firing', resource: '10.0.3.9:8080', message: 'HighErrorRate: 5xx above 5%', url: 'http://prom/graph?b' });
    expect(later.incident!.members).toMatchObject([{ fingerprint: expect.any(String), resource: '10.0.3.9:8080', url: 'http://prom/graph?b', count: 2 }]);
    const signals = mem.timeline(P, opened.incidentId!).filter((e) => e.kind === 'signal');
    expect(signals.map((e) => e.text)).toEqual([
      'alertmanager firing: HighErrorRate: 5xx above 5% (10.0.3.7:8080)',
      'alertmanager firing: HighErrorRate: 5xx above 5% (10.0.3.9:8080)',
    ]);
    // The message's first line when it adds to the title; none when it repeats it.
    expect(signals.map((e) => e.data.detail)).toEqual(['Error rate is 7.3% on 10.0.3.7:8080', undefined]);
    expect(signals.map((e) => e.data.url)).toEqual(['http://prom/graph?a', 'http://prom/graph?b']);
  });

  it('never lets a resolved incident absorb: a new linked one opens and counts occurrences', async () => {
    const { mem, send, advance } = setup();
    const first = await send({ status: 'firing' });
    await send({ status: 'resolved' });
    advance(10 * 60_000);
    const second = await send({ status: 'firing' });
    expect(second.change).toBe('opened');
    expect(second.incidentId).not.toBe(first.incidentId);
    expect(second.incident!.previousId).toBe(first.incidentId);
    expect(second.incident!.occurrence).toBe(2);
    expect(mem.timeline(P, second.incidentId!)[0]!.text).toMatch(/Seen 2 times; last resolved/);
    // A resolved signal of what is resolved changes nothing.
    advance(1000);
    await send({ status: 'resolved' });
    const third = await send({ status: 'resolved' });
    expect(third.change).toBe('unchanged');
  });

  it('groups different fingerprints of one service within the group interval, not after it', async () => {
    const { send, advance } = setup();
    const a = await send({ status: 'firing', identity: 'a', service: 'web' });
    advance(60_000);
    const b = await send({ status: 'firing', identity: 'b', service: 'web' });
    expect(b.incidentId).toBe(a.incidentId);
    advance(6 * 60_000);
    const c = await send({ status: 'firing', identity: 'c', service: 'web' });
    expect(c.incidentId).not.toBe(a.incidentId);
  });

  it('escalates by count and rate', async () => {
    const { send } = setup();
    let last;
    for (let i = 0; i < 10; i++) last = await send({ status: 'firing', severity: 'low' });
    // 10 signals (count) and ≥5 in the last minute (rate): low → high.
    expect(last!.incident!.severity).toBe('high');
    expect(last!.incident!.baseSeverity).toBe('low');
  });

  it('reads a bounded number of items per signal, however many past incidents', async () => {
    const { mem, send, advance } = setup();
    for (let i = 0; i < 200; i++) {
      await send({ status: 'firing', identity: `x${i}` });
      await send({ status: 'resolved', identity: `x${i}` });
      advance(1000);
    }
    const before = mem.reads();
    await send({ status: 'firing', identity: 'x3' });
    const heavy = mem.reads() - before;
    const fresh = setup();
    const b2 = fresh.mem.reads();
    await fresh.send({ status: 'firing', identity: 'x3' });
    await fresh.send({ status: 'resolved', identity: 'x3' });
    const b3 = fresh.mem.reads();
    await fresh.send({ status: 'firing', identity: 'x3' });
    expect(heavy).toBe(fresh.mem.reads() - b3);
    expect(heavy).toBeLessThanOrEqual(5);
    expect(b2).toBe(0);
  });
});

describe('incident actions', () => {
  it('acknowledges, resolves, reopens and comments with a timeline of who did what', async () => {
    const { mem, deps, send } = setup();
    const { incidentId } = await send({ status: 'firing' });
    await acknowledge(deps, P, incidentId!, actor);
    await comment(deps, P, incidentId!, actor, 'Looking at the ASG');
    const resolved = await resolveByHand(deps, P, incidentId!, actor);
    expect(resolved.incident.state).toBe('resolved');
    expect(resolved.incident.resolvedBy).toBe('u1');
    const reopened = await reopen(deps, P, incidentId!, actor);
    expect(reopened.incident.state).toBe('open');
    const again = await send({ status: 'firing' });
    expect(again.incidentId).toBe(incidentId);
    const kinds = mem.timeline(P, incidentId!).map((e) => e.kind);
    expect(kinds).toEqual(['opened', 'signal', 'acknowledged', 'comment', 'resolved', 'reopened', 'signal']);
    expect(mem.timeline(P, incidentId!)[2]!.actor).toEqual(actor);
  });

  it('remembers a merge: later signals of both group together after both resolved', async () => {
    const { deps, send, advance } = setup();
    const a = await send({ status: 'firing', identity: 'a' });
    const b = await send({ status: 'firing', identity: 'b' });
    expect(b.incidentId).not.toBe(a.incidentId);
    const merged = await merge(deps, P, b.incidentId!, a.incidentId!, actor);
    expect(merged.incident.members.map((m) => m.fingerprint).sort()).toEqual(['cloudwatch:a', 'cloudwatch:b']);
    const rb = await send({ status: 'resolved', identity: 'b' });
    expect(rb.incidentId).toBe(a.incidentId);
    const ra = await send({ status: 'resolved', identity: 'a' });
    expect(ra.change).toBe('resolved');
    advance(60_000);
    const a2 = await send({ status: 'firing', identity: 'a' });
    const b2 = await send({ status: 'firing', identity: 'b' });
    expect(a2.incidentId).not.toBe(a.incidentId);
    expect(b2.incidentId).toBe(a2.incidentId);
  });

  it('splits members off into their own incident, which stays apart', async () => {
    const { deps, send } = setup();
    const a = await send({ status: 'firing', identity: 'a', service: 'api' });
    await send({ status: 'firing', identity: 'b', service: 'api' });
    const result = await split(deps, P, a.incidentId!, ['cloudwatch:b'], actor);
    expect(result.incident.members.map((m) => m.fingerprint)).toEqual(['cloudwatch:b']);
    const b2 = await send({ status: 'firing', identity: 'b', service: 'api' });
    expect(b2.incidentId).toBe(result.incident.id);
    await expect(split(deps, P, a.incidentId!, ['cloudwatch:a'], actor)).rejects.toThrow(/empty/);
  });
});
