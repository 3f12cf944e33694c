/**
 * What people do with incidents: acknowledge, resolve, reopen, comment, merge and split. Each
 * is a versioned single-item write of the incident (plus the fingerprints it moves), and each
 * leaves a timeline entry naming who did it.
 */
import { BadRequestError, ConflictError, NotFoundError } from '../kit/errors.ts';
import { baseSeverityOf, isActive, VersionConflict, type CorrelationStore } from './correlate.ts';
import type { Incident, TimelineEntry } from './model.ts';
import { plural } from '../kit/plural.ts';

export interface Actor {
  id: string;
  name: string;
}

export interface ActionDeps {
  store: CorrelationStore;
  newId: (at: Date) => string;
  now: () => Date;
}

export type ActionChange = 'updated' | 'resolved' | 'opened';

export interface ActionResult {
  incident: Incident;
  /** Incidents whose state changed, with what happened to each (for the bus). */
  changes: Array<{ incident: Incident; change: ActionChange }>;
}

function stamp(deps: ActionDeps, actor: Actor, kind: TimelineEntry['kind'], text: string, data: Record<string, unknown> = {}): TimelineEntry {
  const at = deps.now();
  return { id: deps.newId(at), at: at.toISOString(), kind, actor, text, data };
}

async function load(deps: ActionDeps, projectId: string, incidentId: string): Promise<Incident> {
  const incident = await deps.store.getIncident(projectId, incidentId);
  if (!incident) throw new NotFoundError('The incident');
  return incident;
}

/** Runs a read-modify-write of one incident, retrying lost races. */
async function update(
  deps: ActionDeps,
  projectId: string,
  incidentId: string,
  change: (incident: Incident) => { next: Incident; entry: TimelineEntry } | undefined,
): Promise<{ before: Incident; after: Incident; changed: boolean }> {
  for (let attempt = 0; ; attempt++) {
    const incident = await load(deps, projectId, incidentId);
    const planned = change(incident);
    if (!planned) return { before: incident, after: incident, changed: false };
    const next = { ...planned.next, version: incident.version + 1 };
    try {
      await deps.store.putIncident(next, incident.version);
      await deps.store.addTimeline(projectId, incidentId, [planned.entry]);
      return { before: incident, after: next, changed: true };
    } catch (error) {
      if (!(error instanceof VersionConflict) || attempt >= 5) throw error;
    }
  }
}

/** Acknowledges an open incident (someone is on it); a no-op when already acknowledged. */
export async function acknowledge(deps: ActionDeps, projectId: string, incidentId: string, actor: Actor): Promise<ActionResult> {
  const { after, changed } = await update(deps, projectId, incidentId, (i) => {
    if (i.state === 'acknowledged') return undefined;
    if (i.state !== 'open') throw new ConflictError(`A ${i.state} incident cannot be acknowledged; reopen it first.`);
    const at = deps.now().toISOString();
    return { next: { ...i, state: 'acknowledged', acknowledgedAt: at, acknowledgedBy: actor.id }, entry: stamp(deps, actor, 'acknowledged', `${actor.name} acknowledged.`) };
  });
  return { incident: after, changes: changed ? [{ incident: after, change: 'updated' }] : [] };
}

/** Resolves an incident by hand; later signals of its fingerprints open a new, linked incident. */
export async function resolveByHand(deps: ActionDeps, projectId: string, incidentId: string, actor: Actor): Promise<ActionResult> {
  const { after, changed } = await update(deps, projectId, incidentId, (i) => {
    if (i.state === 'resolved') return undefined;
    if (i.state === 'merged') throw new ConflictError('This incident was merged into another; resolve that one.');
    const at = deps.now().toISOString();
    return { next: { ...i, state: 'resolved', resolvedAt: at, resolvedBy: actor.id }, entry: stamp(deps, actor, 'resolved', `${actor.name} resolved.`) };
  });
  return { incident: after, changes: changed ? [{ incident: after, change: 'resolved' }] : [] };
}

/** Reopens a resolved incident (it takes signals again). */
export async function reopen(deps: ActionDeps, projectId: string, incidentId: string, actor: Actor): Promise<ActionResult> {
  const { after, changed } = await update(deps, projectId, incidentId, (i) => {
    if (isActive(i)) return undefined;
    if (i.state === 'merged') throw new ConflictError('This incident was merged into another; it cannot be reopened.');
    const { resolvedAt: _r, resolvedBy: _b, ...rest } = i;
    return { next: { ...rest, state: 'open' }, entry: stamp(deps, actor, 'reopened', `${actor.name} reopened.`) };
  });
  if (changed) {
    // Its fingerprints point at it again, so their next signals join it.
    for (const m of after.members) await pointFingerprint(deps.store, projectId, m.fingerprint, after.id, undefined);
  }
  return { incident: after, changes: changed ? [{ incident: after, change: 'opened' }] : [] };
}

/** Adds a comment to the timeline. */
export async function comment(deps: ActionDeps, projectId: string, incidentId: string, actor: Actor, text: string): Promise<TimelineEntry> {
  await load(deps, projectId, incidentId);
  const note = stamp(deps, actor, 'comment', text);
  await deps.store.addTimeline(projectId, incidentId, [note]);
  return note;
}

/** Points a fingerprint at an incident (and, when given, a group), retrying lost races. */
async function pointFingerprint(store: CorrelationStore, projectId: string, fingerprint: string, incidentId: string, groupKey: string | undefined): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const fp = await store.getFingerprint(projectId, fingerprint);
    const next = {
      fingerprint,
      incidentId,
      incidents: fp?.incidents ?? 1,
      ...(groupKey ? { groupKey } : fp?.groupKey ? { groupKey: fp.groupKey } : {}),
      ...(fp?.lastResolvedAt ? { lastResolvedAt: fp.lastResolvedAt } : {}),
      version: (fp?.version ?? 0) + 1,
    };
    try {
      await store.putFingerprint(projectId, next, fp?.version ?? 0);
      return;
    } catch (error) {
      if (!(error instanceof VersionConflict) || attempt >= 5) throw error;
    }
  }
}

/**
 * Merges `sourceId` into `targetId`: the target takes the source's members; the source is
 * marked merged. The merge is remembered: the source's fingerprints join the target's group, so
 * their later signals group with the target's even after both are resolved.
 */
export async function merge(deps: ActionDeps, projectId: string, sourceId: string, targetId: string, actor: Actor): Promise<ActionResult> {
  if (sourceId === targetId) throw new BadRequestError('same_incident', 'An incident cannot be merged into itself.');
  const source = await load(deps, projectId, sourceId);
  if (source.state === 'merged') throw new ConflictError('This incident was already merged.');
  const probe = await load(deps, projectId, targetId);
  if (probe.state === 'merged') throw new ConflictError('The target incident was itself merged; merge into the one it went to.');
  const target = await update(deps, projectId, targetId, (t) => {
    const known = new Set(t.members.map((m) => m.fingerprint));
    const members = [...t.members, ...source.members.filter((m) => !known.has(m.fingerprint))];
    const baseSeverity = baseSeverityOf(members);
    const severity = [t.severity, source.severity, baseSeverity].reduce((a, b) => (rank(b) > rank(a) ? b : a));
    return {
      next: {
        ...t,
        members,
        baseSeverity,
        severity,
        signalCount: t.signalCount + source.signalCount,
        mergedFrom: [...t.mergedFrom, source.id],
        lastSignalAt: t.lastSignalAt > source.lastSignalAt ? t.lastSignalAt : source.lastSignalAt,
      },
      entry: stamp(deps, actor, 'merged', `${actor.name} merged “${source.title}” into this incident.`, { incidentId: source.id }),
    };
  });
  const merged = await update(deps, projectId, sourceId, (s) => ({
    next: { ...s, state: 'merged', mergedInto: targetId },
    entry: stamp(deps, actor, 'merged_into', `${actor.name} merged this into “${probe.title}”.`, { incidentId: targetId }),
  }));
  for (const m of source.members) await pointFingerprint(deps.store, projectId, m.fingerprint, targetId, target.after.groupKey);
  return {
    incident: target.after,
    changes: [
      { incident: target.after, change: 'updated' },
      { incident: merged.after, change: 'updated' },
    ],
  };
}

function rank(s: Incident['severity']): number {
  return ['info', 'low', 'medium', 'high', 'critical'].indexOf(s);
}

/**
 * Splits fingerprints out of an incident into a new one (with their own group, remembered, so
 * they no longer group with the rest).
 */
export async function split(deps: ActionDeps, projectId: string, incidentId: string, fingerprints: string[], actor: Actor): Promise<ActionResult> {
  const original = await load(deps, projectId, incidentId);
  if (original.state === 'merged') throw new ConflictError('This incident was merged into another; split that one.');
  const moving = new Set(fingerprints);
  const taken = original.members.filter((m) => moving.has(m.fingerprint));
  if (taken.length !== moving.size) throw new BadRequestError('unknown_fingerprint', 'Every fingerprint to split off must be a member of the incident.');
  if (taken.length === original.members.length) throw new BadRequestError('nothing_left', 'Splitting off every member would leave the incident empty.');
  const now = deps.now();
  const id = deps.newId(now);
  const groupKey = `split:${id}`;
  const baseSeverity = baseSeverityOf(taken);
  const allResolved = taken.every((m) => m.status === 'resolved');
  const created: Incident = {
    id,
    projectId,
    title: taken[0]!.title,
    state: allResolved ? 'resolved' : 'open',
    severity: baseSeverity,
    baseSeverity,
    groupKey,
    members: taken,
    extraMembers: 0,
    signalCount: taken.reduce((n, m) => n + m.count, 0),
    openedAt: now.toISOString(),
    lastSignalAt: taken.map((m) => m.lastAt).sort().at(-1)!,
    occurrence: 1,
    mergedFrom: [],
    splitFrom: incidentId,
    ...(allResolved ? { resolvedAt: now.toISOString(), resolvedBy: actor.id } : {}),
    version: 1,
  };
  await deps.store.putIncident(created, 0);
  await deps.store.addTimeline(projectId, id, [stamp(deps, actor, 'split_from', `${actor.name} split this off “${original.title}”.`, { incidentId })]);
  const rest = await update(deps, projectId, incidentId, (i) => {
    const members = i.members.filter((m) => !moving.has(m.fingerprint));
    const remainingResolved = members.length > 0 && members.every((m) => m.status === 'resolved');
    return {
      next: {
        ...i,
        members,
        baseSeverity: baseSeverityOf(members),
        severity: baseSeverityOf(members),
        signalCount: Math.max(0, i.signalCount - created.signalCount),
        ...(remainingResolved && isActive(i) ? { state: 'resolved' as const, resolvedAt: now.toISOString(), resolvedBy: actor.id } : {}),
      },
      entry: stamp(deps, actor, 'split', `${actor.name} split ${taken.length} ${plural(taken.length, 'member')} off into a new incident.`, { incidentId: id, fingerprints }),
    };
  });
  for (const m of taken) await pointFingerprint(deps.store, projectId, m.fingerprint, id, groupKey);
  return {
    incident: created,
    changes: [
      { incident: created, change: created.state === 'resolved' ? 'resolved' : 'opened' },
      { incident: rest.after, change: rest.after.state === 'resolved' && rest.before.state !== 'resolved' ? 'resolved' : 'updated' },
    ],
  };
}
