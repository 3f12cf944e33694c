/**
 * Correlation of a consumer batch (up to 10 deliveries) at once: what its signals will read
 * (their records, fingerprints, groups and incidents) is read up front in a few BatchGetItem
 * calls, kept while the batch runs (write-through: a successful conditional write updates it),
 * and the signal records are written together at the end. Deliveries of one group run one
 * after another, so a batch's signals of one incident meet in the cache instead of racing.
 * Writes stay single-item and conditional: a lost race (a consumer running beside this one)
 * empties the cache and the correlation retries from fresh reads, as without a batch.
 */
import { VersionConflict, type CorrelationStore, type FingerprintState, type GroupState } from './correlate.ts';
import { defaultGroupKey, fingerprintOf } from './fingerprint.ts';
import type { Incident, Signal } from './model.ts';

export type ItemKind = 'signal' | 'fingerprint' | 'group' | 'incident';

/** One correlation item of a project: a signal record (by signal id), fingerprint, group or incident. */
export interface ItemRef {
  projectId: string;
  kind: ItemKind;
  id: string;
}

export type SignalRecord = Parameters<CorrelationStore['recordSignal']>[2];

/** The batch reads and writes of the correlation's storage. */
export interface CorrelationBatchStore {
  /** Reads many items at once (strongly consistent); returns those that exist. */
  readMany(refs: ItemRef[]): Promise<Array<{ ref: ItemRef; value: unknown }>>;
  /** Writes signal records at once. */
  recordSignals(records: Array<{ projectId: string; signalId: string; record: SignalRecord }>): Promise<void>;
}

/** A signal of the batch as prefetching sees it (fingerprints of templated signals are known only later). */
export interface BatchSignal {
  projectId: string;
  signalId: string;
  signal: Signal;
}

const refKey = (r: ItemRef) => `${r.kind}|${r.projectId}|${r.id}`;
const MAX_MERGE_HOPS = 5;

export class CorrelationBatch {
  /** What is known of an item: its value, or null when it does not exist. */
  private readonly known = new Map<string, unknown>();
  private readonly records = new Map<string, { projectId: string; signalId: string; record: SignalRecord }>();
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly base: CorrelationStore;
  private readonly many: CorrelationBatchStore;
  private readonly onServed: (items: number) => void;

  /**
   * @param base the single-item store (conditional writes, reads of what was not prefetched)
   * @param many its batch reads and writes
   * @param onServed told how many existing items a read took from the cache (the read meter)
   */
  constructor(base: CorrelationStore, many: CorrelationBatchStore, onServed: (items: number) => void = () => undefined) {
    this.base = base;
    this.many = many;
    this.onServed = onServed;
  }

  /**
   * Reads what the signals' correlation will read, in rounds of BatchGetItem: signal records and
   * fingerprints; then groups and the fingerprints' incidents; then the groups' incidents and
   * the incidents merges lead to (bounded hops).
   */
  async prefetch(signals: BatchSignal[]): Promise<void> {
    const first: ItemRef[] = [];
    for (const s of signals) {
      first.push({ projectId: s.projectId, kind: 'signal', id: s.signalId });
      // A templated signal's fingerprint needs the miner: read when correlated.
      if (s.signal.identity) first.push({ projectId: s.projectId, kind: 'fingerprint', id: fingerprintOf(s.signal) });
    }
    await this.read(first);
    const second: ItemRef[] = [];
    for (const s of signals) {
      if (!s.signal.identity) continue;
      const fingerprint = fingerprintOf(s.signal);
      const fp = this.known.get(refKey({ projectId: s.projectId, kind: 'fingerprint', id: fingerprint })) as FingerprintState | null | undefined;
      second.push({ projectId: s.projectId, kind: 'group', id: fp?.groupKey ?? defaultGroupKey(s.signal, fingerprint) });
      if (fp?.incidentId) second.push({ projectId: s.projectId, kind: 'incident', id: fp.incidentId });
    }
    await this.read(second);
    let next: ItemRef[] = second
      .filter((r) => r.kind === 'group')
      .flatMap((r) => {
        const group = this.known.get(refKey(r)) as GroupState | null | undefined;
        return group ? [{ projectId: r.projectId, kind: 'incident' as const, id: group.incidentId }] : [];
      });
    const incidents = () => second.filter((r) => r.kind === 'incident').concat(next);
    for (let hop = 0; hop <= MAX_MERGE_HOPS && next.length; hop++) {
      await this.read(next);
      next = incidents().flatMap((r) => {
        const incident = this.known.get(refKey(r)) as Incident | null | undefined;
        return incident?.state === 'merged' && incident.mergedInto ? [{ projectId: r.projectId, kind: 'incident' as const, id: incident.mergedInto }] : [];
      }).filter((r) => !this.known.has(refKey(r)));
    }
  }

  private async read(refs: ItemRef[]): Promise<void> {
    const wanted = new Map<string, ItemRef>();
    for (const r of refs) if (!this.known.has(refKey(r))) wanted.set(refKey(r), r);
    if (!wanted.size) return;
    const found = await this.many.readMany([...wanted.values()]);
    for (const key of wanted.keys()) this.known.set(key, null);
    for (const { ref, value } of found) this.known.set(refKey(ref), ref.kind === 'signal' ? true : value);
  }

  /**
   * The lane of a delivery: its project and the group its first signal joins (as far as the
   * batch read tells). Deliveries of one lane run one after another, so signals of one incident
   * meet in the cache instead of racing; other lanes run at once (a rare race between lanes, a
   * merged group say, is settled by the conditional writes).
   */
  laneOf(projectId: string, signals: Signal[]): string {
    const first = signals.find((s) => s.identity);
    if (!first) return projectId;
    const fingerprint = fingerprintOf(first);
    const fp = this.known.get(refKey({ projectId, kind: 'fingerprint', id: fingerprint })) as FingerprintState | null | undefined;
    return `${projectId}|${fp?.groupKey ?? defaultGroupKey(first, fingerprint)}`;
  }

  /** Runs `work` after the batch's earlier work of the same lane. */
  serial<T>(lane: string, work: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(lane) ?? Promise.resolve();
    const run = previous.then(work, work);
    this.chains.set(lane, run.catch(() => undefined));
    return run;
  }

  /** Writes the batch's signal records (after its correlation: a record says "applied"). */
  async flush(): Promise<void> {
    const records = [...this.records.values()];
    this.records.clear();
    if (records.length) await this.many.recordSignals(records);
  }

  /** The correlation store the batch's signals use. */
  get store(): CorrelationStore {
    const { base } = this;
    const cached = async <T>(ref: ItemRef, read: () => Promise<T | undefined>): Promise<T | undefined> => {
      const key = refKey(ref);
      if (this.known.has(key)) {
        const value = this.known.get(key) as T | null;
        if (value === null) return undefined;
        this.onServed(1);
        return structuredClone(value);
      }
      const value = await read();
      this.known.set(key, value === undefined ? null : structuredClone(value));
      return value;
    };
    const written = async (ref: ItemRef, value: unknown, write: () => Promise<void>) => {
      try {
        await write();
        this.known.set(refKey(ref), structuredClone(value));
      } catch (error) {
        // Someone else wrote meanwhile: nothing cached can be trusted any more.
        if (error instanceof VersionConflict) this.known.clear();
        throw error;
      }
    };
    return {
      signalSeen: async (projectId, signalId) =>
        (await cached({ projectId, kind: 'signal', id: signalId }, async () => ((await base.signalSeen(projectId, signalId)) ? true : undefined))) === true,
      recordSignal: async (projectId, signalId, record) => {
        this.records.set(`${projectId}|${signalId}`, { projectId, signalId, record });
        this.known.set(refKey({ projectId, kind: 'signal', id: signalId }), true);
      },
      getFingerprint: (projectId, fingerprint) => cached({ projectId, kind: 'fingerprint', id: fingerprint }, () => base.getFingerprint(projectId, fingerprint)),
      putFingerprint: (projectId, state, expected) =>
        written({ projectId, kind: 'fingerprint', id: state.fingerprint }, state, () => base.putFingerprint(projectId, state, expected)),
      getGroup: (projectId, group) => cached({ projectId, kind: 'group', id: group }, () => base.getGroup(projectId, group)),
      putGroup: (projectId, state, expected) => written({ projectId, kind: 'group', id: state.groupKey }, state, () => base.putGroup(projectId, state, expected)),
      getIncident: (projectId, incidentId) => cached({ projectId, kind: 'incident', id: incidentId }, () => base.getIncident(projectId, incidentId)),
      putIncident: (incident, expected) =>
        written({ projectId: incident.projectId, kind: 'incident', id: incident.id }, incident, () => base.putIncident(incident, expected)),
      deleteIncident: async (projectId, incidentId) => {
        await base.deleteIncident(projectId, incidentId);
        this.known.set(refKey({ projectId, kind: 'incident', id: incidentId }), null);
      },
      addTimeline: (projectId, incidentId, entries) => base.addTimeline(projectId, incidentId, entries),
    };
  }
}
