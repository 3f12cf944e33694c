import { isDeepStrictEqual } from 'node:util';
import { newMark } from '../db/pending.ts';
import { domainEvent } from '../events/domain-events.ts';
import type { IsoDate } from '../kit/dates.ts';
import { toStorableNumber } from '../kit/numbers.ts';
import { statusOn } from './activities.ts';
import { goalCurrentValue } from './analytics/goals.ts';
import { advanceStats, foldHistory } from './analytics/stats.ts';
import { isAtRisk } from './analytics/suggestions.ts';
import { userToday, type TrackingDeps } from './deps.ts';
import type { EntryRecord } from './entry-repository.ts';
import { EMPTY_STATS, type Activity, type ActivityStats, type DaySlot, type Entry, type Goal, type History } from './model.ts';
import { recomputeStats } from './rollups.ts';
import type { SlotKind, StoredSlotView, UserSlots } from './rollup-repository.ts';

/**
 * The repair of one user's derived data (`npm run admin -- repair <email>`): everything the
 * entry-rollups consumer keeps — day and month roll-ups, activity stats, goal progress — and the
 * at-risk flags of the risk scan, recomputed from the raw entries and compared with what is
 * stored; in write mode, what differs is written and the pending marks it makes moot are settled.
 * The recomputation and the comparison are pure; {@link repairUser} reads, writes and reports.
 */

/** One slot as the entries say it must be: the entry's status and value, at its change time. */
export interface ExpectedSlot {
  slot: DaySlot;
  at: number;
}

/** A user's derived data, recomputed from their entries. */
export interface DerivedData {
  /** By activity, then date (ascending): what the day roll-ups and the month roll-ups must both hold. */
  slots: Map<string, Map<IsoDate, ExpectedSlot>>;
  stats: Map<string, ActivityStats>;
  atRisk: Map<string, boolean>;
  /** Goal id → current value. */
  goals: Map<string, number>;
  /** The user's local date the data was recomputed for. */
  today: IsoDate;
}

/**
 * Recomputes a user's derived data from their activities, goals and live entries, as of `today`
 * (the user's local date; at-risk depends on it). Entries of activities that no longer exist are
 * ignored, as every reader ignores them. The same functions the consumer uses (foldHistory,
 * goalCurrentValue, the risk scan's rule), so a consumer that saw every change agrees exactly.
 */
export function recomputeDerived(input: {
  activities: readonly Activity[];
  goals: readonly Goal[];
  entries: readonly Entry[];
  today: IsoDate;
}): DerivedData {
  const known = new Set(input.activities.map((a) => a.id));
  const slots = new Map<string, Map<IsoDate, ExpectedSlot>>();
  for (const e of [...input.entries].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))) {
    if (!known.has(e.activityId)) continue;
    let byDate = slots.get(e.activityId);
    if (!byDate) slots.set(e.activityId, (byDate = new Map<IsoDate, ExpectedSlot>()));
    byDate.set(e.date, { slot: { status: e.status, value: e.value }, at: Date.parse(e.updatedAt) });
  }
  const histories = new Map<string, History>();
  for (const [activityId, byDate] of slots) histories.set(activityId, new Map([...byDate].map(([d, s]) => [d, s.slot])));
  const stats = new Map<string, ActivityStats>();
  const atRisk = new Map<string, boolean>();
  for (const activity of input.activities) {
    const history = histories.get(activity.id) ?? new Map<IsoDate, DaySlot>();
    const dates = [...history.keys()];
    // As recomputeStats: folded through the user's today; no history, no stats yet.
    const folded = dates.length ? foldHistory(activity, history, input.today) : EMPTY_STATS;
    stats.set(activity.id, folded);
    // As the risk scan: an active activity whose stats, rolled forward to today, show the misses.
    atRisk.set(activity.id, statusOn(activity, input.today) === 'active' && isAtRisk(advanceStats(activity, folded, input.today)));
  }
  const goals = new Map(input.goals.map((g) => [g.id, toStorableNumber(goalCurrentValue(g, histories))]));
  return { slots, stats, atRisk, goals, today: input.today };
}

/** One difference between what is stored and what the entries say. */
export type RepairChange =
  | {
      kind: SlotKind;
      activityId: string;
      date: IsoDate;
      stored: StoredSlotView | undefined;
      /** The slot to write: null for a tombstone (there is no entry). */
      expected: { slot: DaySlot | null; at: number };
    }
  | { kind: 'stats'; activityId: string; stored: ActivityStats; expected: ActivityStats }
  | { kind: 'atRisk'; activityId: string; stored: boolean; expected: boolean }
  | { kind: 'goal'; goalId: string; stored: number; expected: number; /** It reaches its target now: stamp and announce. */ completes: boolean };

export type RepairKind = RepairChange['kind'];

function sameSlot(a: DaySlot | null | undefined, b: DaySlot | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.status === b.status && a.value === b.value;
}

/** A stored map as plain data (attributes that are undefined are not stored). */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

/**
 * Compares the stored derived data with the recomputed one. Slots of activities that no longer
 * exist are not compared (every reader ignores them); a stored tombstone where there is no entry
 * is as good as no slot.
 */
export function diffDerived(
  expected: DerivedData,
  stored: { slots: UserSlots; activities: readonly Activity[]; goals: readonly Goal[] },
): RepairChange[] {
  const changes: RepairChange[] = [];
  for (const activity of stored.activities) {
    const want = expected.slots.get(activity.id) ?? new Map<IsoDate, ExpectedSlot>();
    for (const kind of ['day', 'month'] as const) {
      const have = (kind === 'day' ? stored.slots.days : stored.slots.months).get(activity.id) ?? new Map<IsoDate, StoredSlotView>();
      const dates = [...new Set([...want.keys(), ...have.keys()])].sort();
      for (const date of dates) {
        const w = want.get(date);
        const h = have.get(date);
        if (sameSlot(w?.slot, h?.slot)) continue;
        // No entry: a tombstone at the stored change's time (a later write still wins over it).
        const slot = w ?? { slot: null, at: h!.at };
        changes.push({ kind, activityId: activity.id, date, stored: h, expected: slot });
      }
    }
    const stats = expected.stats.get(activity.id) ?? EMPTY_STATS;
    // Stats folded on an earlier day are compared as every reader sees them: rolled forward.
    const seen = (s: ActivityStats) => plain(advanceStats(activity, s, expected.today));
    if (!isDeepStrictEqual(seen(activity.stats), seen(stats))) {
      changes.push({ kind: 'stats', activityId: activity.id, stored: activity.stats, expected: stats });
    }
    const risk = expected.atRisk.get(activity.id) ?? false;
    if (activity.atRisk !== risk) changes.push({ kind: 'atRisk', activityId: activity.id, stored: activity.atRisk, expected: risk });
  }
  for (const goal of stored.goals) {
    const value = expected.goals.get(goal.id) ?? 0;
    const completes = goal.completedAt === null && value >= goal.targetValue;
    if (value !== goal.currentValue || completes) {
      changes.push({ kind: 'goal', goalId: goal.id, stored: goal.currentValue, expected: value, completes });
    }
  }
  return changes;
}

const slotText = (slot: DaySlot | null | undefined) =>
  slot ? `${slot.status}${slot.value === null ? '' : ` ${slot.value}`}` : 'none';

/** One line about a change, for the verbose report. */
export function describeChange(change: RepairChange): string {
  switch (change.kind) {
    case 'day':
    case 'month':
      return `${change.kind} ${change.date} activity ${change.activityId}: ${slotText(change.stored?.slot)} → ${slotText(change.expected.slot)}`;
    case 'stats': {
      const fields = Object.keys({ ...change.stored, ...change.expected }).filter(
        (k) => !isDeepStrictEqual(plain(change.stored[k as keyof ActivityStats] ?? null), plain(change.expected[k as keyof ActivityStats] ?? null)),
      );
      const show = (s: ActivityStats) => fields.map((k) => `${k}=${JSON.stringify(s[k as keyof ActivityStats] ?? null)}`).join(' ');
      return `stats activity ${change.activityId}: ${show(change.stored)} → ${show(change.expected)}`;
    }
    case 'atRisk':
      return `at-risk activity ${change.activityId}: ${change.stored} → ${change.expected}`;
    case 'goal':
      return `goal ${change.goalId}: ${change.stored} → ${change.expected}${change.completes ? ' (reaches its target: completed and announced)' : ''}`;
  }
}

/** Event types whose marks the repair's recomputation covers (others — a deletion, an import — wait for their own consumer). */
const DERIVED_EVENTS = new Set(['entry.logged', 'entry.deleted', 'activity.changed', 'goal.changed']);
const covered = (events: ReadonlyArray<{ type: string }>) => events.every((e) => DERIVED_EVENTS.has(e.type));

/** What the repair found, and did (or, in a dry run, would do). */
export interface RepairReport {
  userId: string;
  dryRun: boolean;
  /** Differences found, by kind. */
  counts: Record<RepairKind, number>;
  changes: RepairChange[];
  /** Pending marks settled (or to settle): their work is covered by the recomputation. */
  marks: number;
  /** Tombstones of deleted entries removed with their marks. */
  tombstones: number;
  /** Writes that lost to a concurrent change (that change carries its own mark, so it converges). */
  conflicts: number;
}

export type RepairDeps = Pick<TrackingDeps, 'activities' | 'entries' | 'rollups' | 'goals' | 'profiles' | 'now'>;

/**
 * Recomputes a user's derived data from their raw entries and compares it with what is stored;
 * unless `dryRun`, writes what differs — each write conditional on what it read, so a consumer
 * writing meanwhile wins — then settles the pending marks of the entries, activities and goals
 * it read (a tombstone goes with its mark). A goal that reaches its target gets a fresh
 * `goal.changed` mark, so the consumer announces `goal.completed` (the repair publishes nothing).
 * Newly at-risk activities are flagged without the risk scan's notification.
 */
export async function repairUser(deps: RepairDeps, userId: string, options: { dryRun: boolean }): Promise<RepairReport> {
  const { today } = await userToday(deps, userId);
  const activities = await deps.activities.listAll(userId);
  const goals = await deps.goals.listAll(userId);
  const records: EntryRecord[] = [];
  for await (const page of deps.entries.recordsOfUser(userId)) records.push(...page);
  const slots = await deps.rollups.slotsOfUser(userId);

  const live = records.flatMap((r) => (r.entry ? [r.entry] : []));
  const expected = recomputeDerived({ activities, goals, entries: live, today });
  const changes = diffDerived(expected, { slots, activities, goals });
  const counts: Record<RepairKind, number> = { day: 0, month: 0, stats: 0, atRisk: 0, goal: 0 };
  for (const c of changes) counts[c.kind]++;

  // Marks whose work the recomputation covers, read before any write (a write since has a newer one).
  const entryMarks = records.filter((r) => r.mark && covered(r.pending));
  const activityMarks: Array<{ id: string; mark: string }> = [];
  for (const a of activities) {
    const pending = await deps.activities.pending(userId, a.id);
    if (pending?.mark && !pending.deleting && covered(pending.events)) activityMarks.push({ id: a.id, mark: pending.mark });
  }
  const goalMarks: Array<{ id: string; mark: string }> = [];
  for (const g of goals) {
    const mark = (await deps.goals.get(userId, g.id, true))?.mark;
    if (mark) goalMarks.push({ id: g.id, mark });
  }
  const report: RepairReport = {
    userId,
    dryRun: options.dryRun,
    counts,
    changes,
    marks: entryMarks.length + activityMarks.length + goalMarks.length,
    tombstones: entryMarks.filter((r) => r.entry === null).length,
    conflicts: 0,
  };
  if (options.dryRun) return report;

  const refold = new Set<string>();
  for (const c of changes) {
    if (c.kind !== 'day' && c.kind !== 'month') continue;
    const wrote = await deps.rollups.replaceSlot(c.kind, userId, c.activityId, c.date, c.expected.slot, c.expected.at, c.stored?.at);
    if (!wrote) report.conflicts++;
    if (c.kind === 'month') refold.add(c.activityId);
  }
  for (const c of changes) if (c.kind === 'stats') refold.add(c.activityId);
  // Stats fold the (now repaired) month roll-ups, with the consumer's revision check.
  for (const activityId of refold) await recomputeStats(deps, userId, activityId);
  for (const c of changes) {
    if (c.kind !== 'atRisk') continue;
    const activity = activities.find((a) => a.id === c.activityId)!;
    await deps.activities.update(userId, activity, { atRisk: c.expected }).catch(() => report.conflicts++);
  }
  const announce = new Set<string>();
  for (const c of changes) {
    if (c.kind !== 'goal') continue;
    const goal = await deps.goals.get(userId, c.goalId, true);
    if (!goal) continue;
    const completedAt = goal.completedAt ?? (c.completes ? deps.now().toISOString() : null);
    const saved = await deps.goals.saveProgress(userId, c.goalId, { currentValue: c.expected, completedAt, announced: goal.announced }, goal.progressRev);
    if (!saved) report.conflicts++;
    else if (completedAt && !goal.announced) announce.add(c.goalId);
  }
  for (const r of entryMarks) await deps.entries.settle(userId, r.date, r.activityId, r.mark!, r.entry === null);
  for (const { id, mark } of activityMarks) await deps.activities.clearMark(userId, id, mark);
  for (const { id, mark } of goalMarks) if (!announce.has(id)) await deps.goals.clearMark(userId, id, mark);
  for (const goalId of announce) {
    await deps.goals.mark(userId, goalId, newMark([domainEvent('goal.changed', userId, { goalId })], deps.now()));
  }
  return report;
}
