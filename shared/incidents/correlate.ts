/**
 * Correlation: each signal of a project joins an incident or opens one. Reads per signal are
 * bounded (the signal's record, its fingerprint, its group, one incident and at most a few
 * merge hops), whatever the number of past incidents. Writes are single-item conditional writes
 * (no transactions): the incident, fingerprint and group items carry versions, and a lost race
 * is retried from a fresh read. An incident remembers the last signals it applied, so a retry
 * after a partial write never counts a signal twice.
 */
import {
  ESCALATE_COUNT,
  ESCALATE_RATE_PER_MINUTE,
  GROUP_INTERVAL_MS,
  MAX_MEMBERS_PER_INCIDENT,
} from './limits.ts';
import { defaultGroupKey, fingerprintOf } from './fingerprint.ts';
import {
  SEVERITIES,
  SEVERITY_RANK,
  type Incident,
  type IncidentMember,
  type Severity,
  type Signal,
  type TimelineEntry,
} from './model.ts';

/** What is remembered per fingerprint of a project. */
export interface FingerprintState {
  fingerprint: string;
  /** The incident it last joined. */
  incidentId?: string;
  /** Its group, when a merge or split set one (remembered); else the default group. */
  groupKey?: string;
  /** Incidents it has been part of. */
  incidents: number;
  lastResolvedAt?: string;
  /** When an opening claimed it (before its incident is written). */
  claimedAt?: string;
  version: number;
}

/**
 * How long a fingerprint's claim may point at an incident not yet written before it reads as a
 * crashed opening: until then a racing signal waits for the incident instead of opening another.
 */
const CLAIM_SETTLE_MS = 30_000;

/** The incident a group currently feeds, and when it last took a signal. */
export interface GroupState {
  groupKey: string;
  incidentId: string;
  lastSignalAt: string;
  version: number;
}

export class VersionConflict extends Error {
  constructor() {
    super('version conflict');
    this.name = 'VersionConflict';
  }
}

/** The correlation's storage; every put is conditional on the version read (0: absent). */
export interface CorrelationStore {
  signalSeen(projectId: string, signalId: string): Promise<boolean>;
  recordSignal(projectId: string, signalId: string, record: { incidentId?: string; fingerprint: string; signal: Signal; receivedAt: string; rawKey?: string; itemsRead?: number }): Promise<void>;
  getFingerprint(projectId: string, fingerprint: string): Promise<FingerprintState | undefined>;
  putFingerprint(projectId: string, state: FingerprintState, expectedVersion: number): Promise<void>;
  getGroup(projectId: string, groupKey: string): Promise<GroupState | undefined>;
  putGroup(projectId: string, state: GroupState, expectedVersion: number): Promise<void>;
  getIncident(projectId: string, incidentId: string): Promise<Incident | undefined>;
  /** Writes the incident if its stored version is `expectedVersion` (0: it must not exist). */
  putIncident(incident: Incident & { recentSignals?: string[] }, expectedVersion: number): Promise<void>;
  deleteIncident(projectId: string, incidentId: string): Promise<void>;
  addTimeline(projectId: string, incidentId: string, entries: TimelineEntry[]): Promise<void>;
}

export type IncidentChange = 'opened' | 'updated' | 'resolved' | 'unchanged';

export interface CorrelationResult {
  signalId: string;
  fingerprint: string;
  incidentId?: string;
  change: IncidentChange;
  incident?: Incident;
  /** The incident's severity before this signal (joins). */
  previousSeverity?: Incident['severity'];
  duplicate?: boolean;
}

export interface CorrelateDeps {
  store: CorrelationStore;
  /** Items read so far by this unit of work (for the per-signal read count); absent: not counted. */
  readsSoFar?: () => number;
  newId: (at: Date) => string;
  now: () => Date;
}

export function maxSeverity(values: Severity[]): Severity {
  let best: Severity = 'info';
  for (const v of values) if (SEVERITY_RANK[v] > SEVERITY_RANK[best]) best = v;
  return best;
}

function raise(severity: Severity, levels: number): Severity {
  return SEVERITIES[Math.min(SEVERITIES.length - 1, SEVERITY_RANK[severity] + levels)]!;
}

/** The members' maximum latest state (firing members; all resolved: every member). */
export function baseSeverityOf(members: IncidentMember[]): Severity {
  const firing = members.filter((m) => m.status === 'firing');
  return maxSeverity((firing.length ? firing : members).map((m) => m.severity));
}

/**
 * Escalation: one level for ESCALATE_COUNT signals, one for ESCALATE_RATE_PER_MINUTE signals in
 * the last minute (`recent`: the times of the last signals), never past critical.
 */
export function escalated(base: Severity, signalCount: number, recent: string[], now: Date): Severity {
  let levels = 0;
  if (signalCount >= ESCALATE_COUNT) levels += 1;
  const lastMinute = recent.filter((t) => now.getTime() - Date.parse(t) <= 60_000).length;
  if (lastMinute >= ESCALATE_RATE_PER_MINUTE) levels += 1;
  return raise(base, levels);
}

const ACTIVE = new Set(['open', 'acknowledged']);
export const isActive = (incident: Incident) => ACTIVE.has(incident.state);

type StoredIncident = Incident & { recentSignals?: string[]; recentTimes?: string[] };

const RECENT_SIGNALS = 50;
const RECENT_TIMES = 10;
const MAX_MERGE_HOPS = 5;

function titleOf(signal: Signal): string {
  return signal.title.slice(0, 300) || signal.kind;
}

const resourceOf = (signal: Signal): string | undefined => signal.resource?.slice(0, 300) || undefined;

function memberOf(signal: Signal, fingerprint: string, template: string | undefined): IncidentMember {
  const resource = resourceOf(signal);
  return {
    fingerprint,
    source: signal.source,
    title: titleOf(signal),
    status: signal.status,
    severity: signal.severity,
    count: 0,
    firstAt: signal.at,
    lastAt: signal.at,
    ...(signal.identity ? { identity: signal.identity } : {}),
    ...(signal.service ? { service: signal.service } : {}),
    ...(resource ? { resource } : {}),
    ...(signal.url ? { url: signal.url } : {}),
    ...(template ? { template } : {}),
  };
}

/** Follows merges from an incident to the one that absorbed it (bounded). */
async function resolveMerges(store: CorrelationStore, projectId: string, incident: StoredIncident | undefined): Promise<StoredIncident | undefined> {
  let current = incident;
  for (let hop = 0; current?.state === 'merged' && current.mergedInto && hop < MAX_MERGE_HOPS; hop++) {
    current = await store.getIncident(projectId, current.mergedInto);
  }
  return current;
}

function entry(deps: CorrelateDeps, at: Date, kind: TimelineEntry['kind'], text: string, data: Record<string, unknown> = {}): TimelineEntry {
  return { id: deps.newId(at), at: at.toISOString(), kind, text, data };
}

/**
 * Applies one signal to its project's incidents. Idempotent by `signalId`: a repeated signal
 * changes nothing. A resolved incident never takes a new signal: a firing signal of one of its
 * fingerprints opens a new incident that links back to it.
 */
export async function correlateSignal(
  deps: CorrelateDeps,
  input: { projectId: string; signalId: string; signal: Signal; receivedAt: string; rawKey?: string; templateId?: string; template?: string },
): Promise<CorrelationResult> {
  const { store } = deps;
  const { projectId, signalId, signal } = input;
  const fingerprint = fingerprintOf(signal, input.templateId);
  const readsAtStart = deps.readsSoFar?.() ?? 0;
  // The two first reads at once: a repeated signal (rare) pays one read more, every other one a round trip less.
  const [seen, firstFingerprint] = await Promise.all([store.signalSeen(projectId, signalId), store.getFingerprint(projectId, fingerprint)]);
  if (seen) return { signalId, fingerprint, change: 'unchanged', duplicate: true };
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await applyOnce(deps, input, fingerprint, attempt === 0 ? { fp: firstFingerprint } : undefined);
      await store.recordSignal(projectId, signalId, {
        fingerprint,
        signal,
        receivedAt: input.receivedAt,
        ...(result.incidentId ? { incidentId: result.incidentId } : {}),
        ...(input.rawKey ? { rawKey: input.rawKey } : {}),
        ...(deps.readsSoFar ? { itemsRead: deps.readsSoFar() - readsAtStart } : {}),
      });
      return result;
    } catch (error) {
      if (!(error instanceof VersionConflict) || attempt >= 8) throw error;
    }
  }
}

async function applyOnce(
  deps: CorrelateDeps,
  input: { projectId: string; signalId: string; signal: Signal; template?: string },
  fingerprint: string,
  prefetched?: { fp: FingerprintState | undefined },
): Promise<CorrelationResult> {
  const { store } = deps;
  const { projectId, signalId, signal } = input;
  const now = deps.now();
  // After a lost race the fingerprint is read afresh.
  const fp = prefetched ? prefetched.fp : await store.getFingerprint(projectId, fingerprint);
  const groupKey = fp?.groupKey ?? defaultGroupKey(signal, fingerprint);
  const claimed = fp?.incidentId ? await store.getIncident(projectId, fp.incidentId) : undefined;
  if (fp?.incidentId && !claimed && fp.claimedAt && now.getTime() - Date.parse(fp.claimedAt) < CLAIM_SETTLE_MS) {
    // Another consumer claimed this fingerprint and is writing its incident: read again shortly.
    await new Promise((r) => setTimeout(r, 100));
    throw new VersionConflict();
  }
  let incident = await resolveMerges(store, projectId, claimed);
  let group: GroupState | undefined;

  if (incident && !isActive(incident)) {
    // Resolved: it never absorbs. A resolution or repeat of what is already resolved is noted
    // on its timeline; a firing opens a new, linked incident below.
    if (signal.status === 'resolved') {
      if (!(incident).recentSignals?.includes(signalId)) {
        await store.addTimeline(projectId, incident.id, [signalEntry(deps, now, signal, fingerprint, signalId)]);
      }
      return { signalId, fingerprint, incidentId: incident.id, change: 'unchanged' };
    }
  }
  const previous = incident && !isActive(incident) ? incident : undefined;
  if (!incident || !isActive(incident)) {
    incident = undefined;
    // A resolution of something never seen firing joins nothing (not even its group's incident).
    if (signal.status === 'resolved') return { signalId, fingerprint, change: 'unchanged' };
    group = await store.getGroup(projectId, groupKey);
    if (group) {
      // The group's incident takes a new fingerprint while it is active and took a signal
      // within the group interval (its own last signal: the group item is written on open only).
      const candidate = await resolveMerges(store, projectId, await store.getIncident(projectId, group.incidentId));
      if (candidate && isActive(candidate) && now.getTime() - Date.parse(candidate.lastSignalAt) <= GROUP_INTERVAL_MS) incident = candidate;
    }
  }

  if (!incident) {
    if (signal.status === 'resolved') {
      // Nothing open to resolve (a resolution we never saw fire): kept as a signal only.
      return { signalId, fingerprint, change: 'unchanged' };
    }
    return openIncident(deps, input, fingerprint, groupKey, fp, group, previous, now);
  }
  return joinIncident(deps, input, fingerprint, groupKey, fp, group, incident, now);
}

/** The first line of a signal's message, when it says more than its title (shown under a timeline entry). */
function detailOf(signal: Signal): string | undefined {
  const line = signal.message.split('\n', 1)[0]!.trim().slice(0, 300);
  return line && line !== signal.title && !signal.title.includes(line) ? line : undefined;
}

function signalEntry(deps: CorrelateDeps, now: Date, signal: Signal, fingerprint: string, signalId: string): TimelineEntry {
  const resource = resourceOf(signal);
  const detail = detailOf(signal);
  return entry(deps, now, 'signal', `${signal.source} ${signal.status}: ${titleOf(signal)}${resource ? ` (${resource})` : ''}`, {
    signalId,
    fingerprint,
    source: signal.source,
    status: signal.status,
    severity: signal.severity,
    at: signal.at,
    ...(resource ? { resource } : {}),
    ...(detail ? { detail } : {}),
    ...(signal.url ? { url: signal.url } : {}),
  });
}

async function openIncident(
  deps: CorrelateDeps,
  input: { projectId: string; signalId: string; signal: Signal; template?: string },
  fingerprint: string,
  groupKey: string,
  fp: FingerprintState | undefined,
  group: GroupState | undefined,
  previous: Incident | undefined,
  now: Date,
): Promise<CorrelationResult> {
  const { store } = deps;
  const { projectId, signalId, signal } = input;
  const member = { ...memberOf(signal, fingerprint, input.template), count: 1 };
  const occurrence = (fp?.incidents ?? 0) + 1;
  const incident: StoredIncident = {
    id: deps.newId(now),
    projectId,
    title: titleOf(signal),
    state: 'open',
    severity: signal.severity,
    baseSeverity: signal.severity,
    groupKey,
    members: [member],
    extraMembers: 0,
    signalCount: 1,
    openedAt: now.toISOString(),
    lastSignalAt: now.toISOString(),
    occurrence,
    mergedFrom: [],
    version: 1,
    recentSignals: [signalId],
    recentTimes: [now.toISOString()],
    ...(previous ? { previousId: previous.id } : {}),
  };
  // The fingerprint is claimed before the incident is written: a racing signal of it (a replay
  // on another consumer, a repeat of the alert) loses there, before anything shows. A claim
  // whose incident never got written (a crash) points at nothing, which reads as "no incident".
  const claim: FingerprintState = { fingerprint, incidentId: incident.id, ...(fp?.groupKey ? { groupKey: fp.groupKey } : {}), incidents: occurrence, ...(fp?.lastResolvedAt ? { lastResolvedAt: fp.lastResolvedAt } : {}), claimedAt: now.toISOString(), version: (fp?.version ?? 0) + 1 };
  await store.putFingerprint(projectId, claim, fp?.version ?? 0);
  // The incident (a new id: never a conflict) and the group at once; both settle before a failure is handled.
  const [written, grouped] = await Promise.allSettled([
    store.putIncident(incident, 0),
    store.putGroup(projectId, { groupKey, incidentId: incident.id, lastSignalAt: now.toISOString(), version: (group?.version ?? 0) + 1 }, group?.version ?? 0),
  ]);
  if (written.status === 'rejected') throw written.reason;
  if (grouped.status === 'rejected') {
    const error: unknown = grouped.reason;
    // Another fingerprint of the group opened first: undo ours, give the fingerprint back as it
    // was (unless someone moved on since) and run again from a fresh read (it will join).
    await store.deleteIncident(projectId, incident.id);
    await store.putFingerprint(projectId, { ...(fp ?? { fingerprint, incidents: 0 }), version: claim.version + 1 }, claim.version).catch((undo: unknown) => {
      if (!(undo instanceof VersionConflict)) throw undo;
    });
    throw error;
  }
  const seen = previous
    ? `Seen ${occurrence} times; last resolved ${previous.resolvedAt ?? previous.lastSignalAt}.`
    : 'First time seen.';
  await store.addTimeline(projectId, incident.id, [
    entry(deps, now, 'opened', `Opened by ${signal.source}: ${titleOf(signal)}. ${seen}`, { severity: signal.severity, ...(previous ? { previousId: previous.id } : {}) }),
    signalEntry(deps, now, signal, fingerprint, signalId),
  ]);
  return { signalId, fingerprint, incidentId: incident.id, change: 'opened', incident };
}

async function joinIncident(
  deps: CorrelateDeps,
  input: { projectId: string; signalId: string; signal: Signal; template?: string },
  fingerprint: string,
  groupKey: string,
  fp: FingerprintState | undefined,
  group: GroupState | undefined,
  incident: StoredIncident,
  now: Date,
): Promise<CorrelationResult> {
  const { store } = deps;
  const { projectId, signalId, signal } = input;
  const alreadyApplied = incident.recentSignals?.includes(signalId) ?? false;
  let next: StoredIncident = incident;
  const timeline: TimelineEntry[] = [];
  if (!alreadyApplied) {
    const members = incident.members.map((m) => ({ ...m }));
    let extraMembers = incident.extraMembers;
    const existing = members.find((m) => m.fingerprint === fingerprint);
    if (existing) {
      existing.status = signal.status;
      // A resolution says the problem is over, not that it was minor: the member keeps the
      // severity it reached while firing, so a resolved incident still reads (and filters) as it was.
      if (signal.status === 'firing') existing.severity = signal.severity;
      existing.count += 1;
      if (signal.at > existing.lastAt) existing.lastAt = signal.at;
      existing.title = titleOf(signal);
      const resource = resourceOf(signal);
      if (resource) existing.resource = resource;
      if (signal.url) existing.url = signal.url;
    } else if (members.length < MAX_MEMBERS_PER_INCIDENT) {
      members.push({ ...memberOf(signal, fingerprint, input.template), count: 1 });
    } else {
      extraMembers += 1;
    }
    const recentTimes = [...(incident.recentTimes ?? []), now.toISOString()].slice(-RECENT_TIMES);
    const signalCount = incident.signalCount + 1;
    const baseSeverity = baseSeverityOf(members);
    const severity = escalated(baseSeverity, signalCount, recentTimes, now);
    const allResolved = members.every((m) => m.status === 'resolved');
    next = {
      ...incident,
      members,
      extraMembers,
      signalCount,
      baseSeverity,
      severity,
      lastSignalAt: now.toISOString(),
      recentSignals: [...(incident.recentSignals ?? []), signalId].slice(-RECENT_SIGNALS),
      recentTimes,
      version: incident.version + 1,
    };
    timeline.push(signalEntry(deps, now, signal, fingerprint, signalId));
    if (SEVERITY_RANK[severity] > SEVERITY_RANK[incident.severity]) {
      timeline.push(entry(deps, now, severity !== baseSeverity ? 'escalated' : 'signal', `Severity ${incident.severity} → ${severity}${severity !== baseSeverity ? ` (${signalCount} signals)` : ''}.`, { from: incident.severity, to: severity }));
    }
    if (allResolved) {
      next.state = 'resolved';
      next.resolvedAt = now.toISOString();
      delete next.resolvedBy;
      timeline.push(entry(deps, now, 'resolved', 'Resolved: every source says resolved.', {}));
    }
    await store.putIncident(next, incident.version);
  }
  // Once the incident is written, its fingerprint, group and timeline are independent writes: at once.
  const writes: Array<Promise<void>> = [];
  if (!fp || fp.incidentId !== next.id || (next.state === 'resolved' && fp.lastResolvedAt !== next.resolvedAt)) {
    writes.push(store.putFingerprint(
      projectId,
      {
        fingerprint,
        incidentId: next.id,
        ...(fp?.groupKey ? { groupKey: fp.groupKey } : {}),
        incidents: fp?.incidentId === next.id ? fp.incidents : (fp?.incidents ?? 0) + 1,
        ...(next.state === 'resolved' && next.resolvedAt ? { lastResolvedAt: next.resolvedAt } : fp?.lastResolvedAt ? { lastResolvedAt: fp.lastResolvedAt } : {}),
        version: (fp?.version ?? 0) + 1,
      },
      fp?.version ?? 0,
    ));
  }
  if (!alreadyApplied) {
    // A merge moved this fingerprint into another group: that group now leads to this incident.
    if (group && group.incidentId !== next.id) {
      writes.push(store.putGroup(projectId, { groupKey, incidentId: next.id, lastSignalAt: now.toISOString(), version: group.version + 1 }, group.version));
    }
    writes.push(store.addTimeline(projectId, next.id, timeline));
  }
  // Every write settles before a failure is passed on (a retry then finds the incident already applied).
  const failed = (await Promise.allSettled(writes)).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  const change: IncidentChange = alreadyApplied ? 'unchanged' : next.state === 'resolved' ? 'resolved' : 'updated';
  return { signalId, fingerprint, incidentId: next.id, change, incident: next, previousSeverity: incident.severity };
}
