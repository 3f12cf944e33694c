import { describe, expect, it } from 'vitest';
import type { Notification } from '../notifications/model.ts';
import { batchNotifyDeps, notifyIncident, type IncidentEventIn, type NotifyDeps, type OutgoingJob } from './notify.ts';

const opened = (incidentId: string): IncidentEventIn =>
  ({
    id: `ev-${incidentId}`,
    time: '2026-11-28T10:00:00Z',
    type: 'incident.opened',
    detail: { userId: 'system', occurredAt: '2026-11-28T10:00:00Z', projectId: 'p1', incidentId, title: `Disk ${incidentId}`, severity: 'high', state: 'open', signalCount: 1, occurrence: 1 },
  }) as unknown as IncidentEventIn;

describe('notify in batches', () => {
  it('reads a project, its members and its webhooks once for a batch of its events', async () => {
    const reads = { project: 0, members: 0, outgoing: 0 };
    const added: Array<[string, Notification]> = [];
    const jobs: OutgoingJob[] = [];
    const base: NotifyDeps = {
      project: async (id) => (reads.project++, { id, name: 'Shop', description: '', ownerId: 'u1', system: false, groupWaitSeconds: 0 }) as never,
      members: async () => (reads.members++, [{ userId: 'u1' }, { userId: 'u2' }] as never),
      notifications: { add: async (userId: string, n: Notification) => (added.push([userId, n]), true) } as never,
      outgoing: { list: async () => (reads.outgoing++, [{ id: 'w1' }] as never) },
      sendJobs: async (more) => void jobs.push(...more),
      now: () => new Date('2026-11-28T10:00:01Z'),
    };
    const deps = batchNotifyDeps(base);
    for (const id of ['i1', 'i2', 'i3']) expect(await notifyIncident(deps, opened(id))).toEqual({ notified: 2, jobs: 1 });
    expect(reads).toEqual({ project: 1, members: 1, outgoing: 1 });
    expect(added.map(([u]) => u)).toEqual(['u1', 'u2', 'u1', 'u2', 'u1', 'u2']);
    expect(jobs.map((j) => j.incidentId)).toEqual(['i1', 'i2', 'i3']);
    expect(added[0]![1]).toMatchObject({ title: 'Incident opened: Disk i1', body: 'Shop · high · 1 signal' });
  });
});
