import { VersionConflict, type CorrelationStore, type FingerprintState, type GroupState } from '../../shared/incidents/correlate.ts';
import type { CorrelationBatchStore } from '../../shared/incidents/correlation-batch.ts';
import type { Incident, TimelineEntry } from '../../shared/incidents/model.ts';

/** The correlation store in memory, with the same conditional-write rules as the table's; counts reads. */
export function memoryCorrelationStore() {
  const signals = new Map<string, unknown>();
  const fps = new Map<string, FingerprintState>();
  const groups = new Map<string, GroupState>();
  const incidents = new Map<string, Incident>();
  const timelines = new Map<string, TimelineEntry[]>();
  let reads = 0;
  const k = (p: string, id: string) => `${p}|${id}`;
  const check = (stored: { version: number } | undefined, expected: number) => {
    if ((stored?.version ?? 0) !== expected) throw new VersionConflict();
  };
  const store: CorrelationStore = {
    async signalSeen(p, id) {
      reads++;
      return signals.has(k(p, id));
    },
    async recordSignal(p, id, record) {
      signals.set(k(p, id), record);
    },
    async getFingerprint(p, fp) {
      reads++;
      const v = fps.get(k(p, fp));
      return v && structuredClone(v);
    },
    async putFingerprint(p, state, expected) {
      check(fps.get(k(p, state.fingerprint)), expected);
      fps.set(k(p, state.fingerprint), structuredClone(state));
    },
    async getGroup(p, g) {
      reads++;
      const v = groups.get(k(p, g));
      return v && structuredClone(v);
    },
    async putGroup(p, state, expected) {
      check(groups.get(k(p, state.groupKey)), expected);
      groups.set(k(p, state.groupKey), structuredClone(state));
    },
    async getIncident(p, id) {
      reads++;
      const v = incidents.get(k(p, id));
      return v && structuredClone(v);
    },
    async putIncident(incident, expected) {
      check(incidents.get(k(incident.projectId, incident.id)), expected);
      incidents.set(k(incident.projectId, incident.id), structuredClone(incident));
    },
    async deleteIncident(p, id) {
      incidents.delete(k(p, id));
    },
    async addTimeline(p, id, entries) {
      timelines.set(k(p, id), [...(timelines.get(k(p, id)) ?? []), ...entries]);
    },
  };
  let batchReads = 0;
  /** The batch reads and writes over the same maps (BatchGetItem, BatchWriteItem). */
  const many: CorrelationBatchStore = {
    async readMany(refs) {
      batchReads++;
      const maps = { signal: signals, fingerprint: fps, group: groups, incident: incidents } as const;
      return refs.flatMap((ref) => {
        const value = maps[ref.kind].get(k(ref.projectId, ref.id));
        return value === undefined ? [] : [{ ref, value: structuredClone(value) }];
      });
    },
    async recordSignals(records) {
      for (const r of records) signals.set(k(r.projectId, r.signalId), r.record);
    },
  };
  return {
    store,
    many,
    batchReads: () => batchReads,
    signalRecorded: (p: string, id: string) => signals.has(k(p, id)),
    incidents: (p: string) => [...incidents.values()].filter((i) => i.projectId === p),
    timeline: (p: string, id: string) => timelines.get(k(p, id)) ?? [],
    reads: () => reads,
  };
}
