import { MIN_STORABLE_MAGNITUDE } from '../../kit/numbers.ts';
import { dayNumber, fromDayNumber, type IsoDate } from '../../kit/dates.ts';
import { compileSchedule, isoWeekdayOfDay, trackingSince, weekRequirement, type CompiledSchedule } from '../cadence.ts';
import { EMPTY_STATS, type Activity, type ActivityStats, type DaySlot, type History } from '../model.ts';
import type { Cadence } from '../schemas.ts';

/**
 * The stats fold (docs/metrics.md §3): one pass over an activity's days, in its own cadence.
 *
 * Occasions are due days (daily, weekdays) or ISO weeks (weekly). Each occasion ends as
 * - done: a `done` entry on the due day; for a week, the moment it reaches its requirement;
 * - missed: an explicit `missed` entry, or an empty due day once it is over; for a week, the
 *   week ending short of its requirement;
 * - frozen: a skipped due day, a paused / inactive day, a week with no open day. Frozen occasions
 *   change neither the streak, nor the strength, nor the miss run.
 * The day being folded to (`through` / `today`) is not over: if it is a due day with no entry it
 * is left for later and `asOf` stays on the day before. A week is judged once its Sunday is over.
 */

/** Loop Habit Tracker's decay constant: a daily habit's strength halves in 13 missed days. */
export const STRENGTH_HALF_LIFE = 13;

/**
 * What the fold keeps: {@link ActivityStats} plus, for a weekly cadence, `weekOff` — the days of
 * the week holding `asOf`, up to `asOf`, that do not count toward the week's requirement (not
 * active, or skipped). It is what lets {@link advanceStats} finish that week without the history.
 */
export interface FoldStats extends ActivityStats {
  weekOff?: number;
}

/**
 * The per-occasion multiplier m of the strength update (Loop's `0.5^(√f / 13)` per calendar day,
 * compounded over the days one occasion spans): daily 0.5^(1/13); weekdays with k days
 * 0.5^(√(7/k) / 13); N times per week 0.5^(√(7N) / 13).
 */
export function strengthMultiplier(cadence: Cadence): number {
  switch (cadence.type) {
    case 'daily':
      return 0.5 ** (1 / STRENGTH_HALF_LIFE);
    case 'weekdays':
      return 0.5 ** (Math.sqrt(7 / cadence.weekdays.length) / STRENGTH_HALF_LIFE);
    case 'weekly':
      return 0.5 ** (Math.sqrt(7 * cadence.timesPerWeek) / STRENGTH_HALF_LIFE);
  }
}

/** One strength update: s' = s·m + c·(1 − m), with c the occasion's completion (0–1). */
export function strengthStep(previous: number, completion: number, multiplier: number): number {
  return previous * multiplier + completion * (1 - multiplier);
}

interface Context {
  schedule: CompiledSchedule;
  multiplier: number;
  /** Weekly cadence: completions per full week; null for day cadences. */
  timesPerWeek: number | null;
}

/** The fold's working state (day numbers rather than date strings, for speed). */
interface State {
  asOf: number | null;
  currentStreak: number;
  longestStreak: number;
  strength: number;
  doneCount: number;
  skippedCount: number;
  missedCount: number;
  dueCount: number;
  lastDone: number | null;
  consecutiveMisses: number;
  weekStart: number;
  weekDone: number;
  weekOff: number;
}

function hit(s: State, ctx: Context): void {
  s.doneCount++;
  s.dueCount++;
  s.currentStreak++;
  if (s.currentStreak > s.longestStreak) s.longestStreak = s.currentStreak;
  s.strength = strengthStep(s.strength, 1, ctx.multiplier);
  s.consecutiveMisses = 0;
}

function miss(s: State, ctx: Context, completion: number): void {
  s.missedCount++;
  s.dueCount++;
  s.currentStreak = 0;
  s.strength = strengthStep(s.strength, completion, ctx.multiplier);
  s.consecutiveMisses++;
}

const mondayOf = (day: number) => day - isoWeekdayOfDay(day) + 1;

/** True when the current week has met its requirement, counting days up to `day`. */
function weekSatisfied(s: State, ctx: Context, day: number): boolean {
  if (s.weekDone === 0) return false;
  // Days after `day` this week already known to be inactive (paused, deactivated) lower it too.
  let laterOff = 0;
  for (let d = day + 1; d <= s.weekStart + 6; d++) if (!ctx.schedule.active(d)) laterOff++;
  const required = weekRequirement(ctx.timesPerWeek!, 7 - s.weekOff - laterOff);
  return required > 0 && s.weekDone >= required;
}

/** Judges the week in the state once its last day is over. */
function closeWeek(s: State, ctx: Context): void {
  const required = weekRequirement(ctx.timesPerWeek!, 7 - s.weekOff);
  if (required === 0) return; // no open day: frozen
  if (s.weekDone >= required) return; // counted when it was reached
  miss(s, ctx, s.weekDone / required);
}

/**
 * Walks days `from`…`to` (day numbers); `to` is "today", not over yet. Slots come from `slotAt`.
 */
function walk(s: State, ctx: Context, from: number, to: number, slotAt: (day: number) => DaySlot | undefined): void {
  const { schedule } = ctx;
  for (let day = from; day <= to; day++) {
    const slot = slotAt(day);
    if (ctx.timesPerWeek !== null) {
      const monday = mondayOf(day);
      if (monday !== s.weekStart) {
        closeWeek(s, ctx);
        s.weekStart = monday;
        s.weekDone = 0;
        s.weekOff = 0;
      }
      const wasSatisfied = weekSatisfied(s, ctx, day - 1);
      if (!schedule.active(day)) {
        s.weekOff++;
        if (slot?.status === 'done') s.lastDone = day;
      } else if (slot?.status === 'skipped') {
        s.weekOff++;
        s.skippedCount++;
      } else if (slot?.status === 'done') {
        s.weekDone++;
        s.lastDone = day;
      }
      if (!wasSatisfied && weekSatisfied(s, ctx, day)) hit(s, ctx);
      s.asOf = day;
      continue;
    }
    if (!schedule.active(day) || !schedule.cadenceDay(day)) {
      // Not an occasion; a done entry still is the last time it was done.
      if (slot?.status === 'done') s.lastDone = day;
    } else if (slot === undefined) {
      if (day === to) return; // today: not missed yet, and not folded
      miss(s, ctx, 0);
    } else if (slot.status === 'done') {
      hit(s, ctx);
      s.lastDone = day;
    } else if (slot.status === 'skipped') {
      s.skippedCount++;
    } else {
      miss(s, ctx, 0);
    }
    s.asOf = day;
  }
}

function context(activity: Pick<Activity, 'cadence'>, schedule: CompiledSchedule): Context {
  const { cadence } = activity;
  return {
    schedule,
    multiplier: strengthMultiplier(cadence),
    timesPerWeek: cadence.type === 'weekly' ? cadence.timesPerWeek : null,
  };
}

function stateOf(stats: ActivityStats): State {
  return {
    asOf: stats.asOf === null ? null : dayNumber(stats.asOf),
    currentStreak: stats.currentStreak,
    longestStreak: stats.longestStreak,
    strength: stats.strength,
    doneCount: stats.doneCount,
    skippedCount: stats.skippedCount,
    missedCount: stats.missedCount,
    dueCount: stats.dueCount,
    lastDone: stats.lastDoneDate === null ? null : dayNumber(stats.lastDoneDate),
    consecutiveMisses: stats.consecutiveMisses,
    weekStart: NaN,
    weekDone: 0,
    weekOff: 0,
  };
}

function output(s: State, ctx: Context): FoldStats {
  if (s.asOf === null) return { ...EMPTY_STATS };
  const out: FoldStats = {
    asOf: fromDayNumber(s.asOf),
    currentStreak: s.currentStreak,
    longestStreak: s.longestStreak,
    // Decades of misses decay it below what DynamoDB can store (1e-130): that is 0.
    strength: s.strength < MIN_STORABLE_MAGNITUDE ? 0 : s.strength,
    doneCount: s.doneCount,
    skippedCount: s.skippedCount,
    missedCount: s.missedCount,
    dueCount: s.dueCount,
    lastDoneDate: s.lastDone === null ? null : fromDayNumber(s.lastDone),
    consecutiveMisses: s.consecutiveMisses,
  };
  if (ctx.timesPerWeek !== null) {
    out.weekDone = s.weekDone;
    out.weekOff = s.weekOff;
  }
  return out;
}

/** Starts the week bookkeeping on the first walked day: the week's earlier days are not active. */
function startWeek(s: State, firstDay: number): void {
  s.weekStart = mondayOf(firstDay);
  s.weekDone = 0;
  s.weekOff = firstDay - s.weekStart;
}

/**
 * Folds an activity's history into its stats as of `through`, walking every day from
 * min(startDate, first history date) to `through`. Entries after `through` are ignored. `through`
 * is treated as the current day: an empty due day there is not (yet) missed and is not folded, so
 * `asOf` is then the day before. Returns {@link EMPTY_STATS} when no day was folded.
 */
export function foldHistory(
  activity: Pick<Activity, 'cadence' | 'startDate' | 'pauses' | 'deactivatedAt'>,
  history: History,
  through: IsoDate,
): FoldStats {
  const since = trackingSince(activity, history);
  const from = dayNumber(since);
  const to = dayNumber(through);
  const ctx = context(activity, compileSchedule(activity, since));
  const s = stateOf(EMPTY_STATS);
  if (to < from) return output(s, ctx);
  if (ctx.timesPerWeek !== null) startWeek(s, from);
  // Day-number keys, converted once per entry rather than once per walked day.
  const slots = new Map<number, DaySlot>();
  for (const [date, slot] of history) if (date <= through) slots.set(dayNumber(date), slot);
  walk(s, ctx, from, to, (day) => slots.get(day));
  return output(s, ctx);
}

/**
 * Rolls stats forward from `stats.asOf` to `today`, assuming no entries after `asOf`: every due
 * occasion that ended in between is missed; `today` itself is not missed yet. Pure, no history:
 * for any history h with no entry after d1, advanceStats(a, foldHistory(a, h, d1), d2) equals
 * foldHistory(a, h, d2). Stats already at or past `today` are returned unchanged. Stats with no
 * `asOf` start from the activity's `startDate`. Weekly stats without `weekOff` (written before it
 * existed) are finished as if the week had no skipped day.
 */
export function advanceStats(
  activity: Pick<Activity, 'cadence' | 'startDate' | 'pauses' | 'deactivatedAt'>,
  stats: ActivityStats,
  today: IsoDate,
): FoldStats {
  if (stats.asOf !== null && today <= stats.asOf) return stats;
  const to = dayNumber(today);
  const s = stateOf(stats);
  let from: number;
  let ctx: Context;
  if (s.asOf === null) {
    from = dayNumber(activity.startDate);
    if (to < from) return stats;
    ctx = context(activity, compileSchedule(activity));
    if (ctx.timesPerWeek !== null) startWeek(s, from);
  } else {
    from = s.asOf + 1;
    // Every day after asOf is within the tracked span, even if startDate is later (backfill).
    const since = fromDayNumber(Math.min(dayNumber(activity.startDate), from));
    ctx = context(activity, compileSchedule(activity, since));
    if (ctx.timesPerWeek !== null) {
      s.weekStart = mondayOf(s.asOf);
      s.weekDone = stats.weekDone ?? 0;
      const stored = stats.weekOff;
      if (stored !== undefined) s.weekOff = stored;
      else {
        const legacy = compileSchedule(activity);
        for (let d = s.weekStart; d <= s.asOf; d++) if (!legacy.active(d)) s.weekOff++;
      }
    }
  }
  walk(s, ctx, from, to, () => undefined);
  return output(s, ctx);
}
