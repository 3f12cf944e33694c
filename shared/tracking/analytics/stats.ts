import { MIN_STORABLE_MAGNITUDE } from '../../kit/numbers.ts';
import { dayNumber, fromDayNumber, type IsoDate } from '../../kit/dates.ts';
import {
  compileSchedule,
  DAYS_PER_MONTH,
  isoWeekdayOfDay,
  periodCadence,
  periodRequirement,
  trackingSince,
  type CompiledSchedule,
  type Schedule,
} from '../cadence.ts';
import { EMPTY_STATS, type Activity, type ActivityStats, type AheadSlot, type DaySlot, type History } from '../model.ts';
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
    case 'interval':
      // f = 1/N per day over an occasion of N days: 0.5^(N·√(1/N) / 13) = 0.5^(√N / 13).
      return 0.5 ** (Math.sqrt(cadence.everyDays) / STRENGTH_HALF_LIFE);
    case 'monthly':
      // f = N / P per day over an occasion of P = 365.25/12 days: 0.5^(√(P·N) / 13).
      return 0.5 ** (Math.sqrt(DAYS_PER_MONTH * cadence.timesPerMonth) / STRENGTH_HALF_LIFE);
  }
}

/** One strength update: s' = s·m + c·(1 − m), with c the occasion's completion (0–1). */
export function strengthStep(previous: number, completion: number, multiplier: number): number {
  return previous * multiplier + completion * (1 - multiplier);
}

/** What the fold reads of an activity: its schedule, and its direction and goal (for credit). */
export type FoldActivity = Schedule & Partial<Pick<Activity, 'direction' | 'goal'>>;

/**
 * The completion credit c (0–1) of a missed day that has a value (Loop's numeric habits):
 * positive with a target g > 0 → min(1, value / g) (4.9 of 5 km → 0.98); negative with a limit
 * g > 0 → clamp(1 − (value − g) / g) (45 min on a 30 min limit → 0.5, twice the limit → 0);
 * otherwise 0.
 */
export function partialCredit(activity: Partial<Pick<Activity, 'direction' | 'goal'>>, slot: DaySlot): number {
  const goal = activity.goal ?? null;
  if (goal === null || goal <= 0 || slot.value === null) return 0;
  const ratio = slot.value / goal;
  const credit = activity.direction === 'negative' ? 2 - ratio : ratio;
  return Math.min(1, Math.max(0, credit));
}

/**
 * True when an empty day counts as kept: a negative (limit / avoid) activity, as Loop treats a
 * day without a check-mark of an "at most" habit — only the bad days need logging.
 */
export function emptyDayKept(activity: Partial<Pick<Activity, 'direction'>>): boolean {
  return activity.direction === 'negative';
}

interface Context {
  schedule: CompiledSchedule;
  multiplier: number;
  /** Period cadences (weekly, monthly): completions per full period; null for day cadences. */
  timesPerWeek: number | null;
  /** First day (day number) of the period holding a day, and the length of a period. */
  startOf(day: number): number;
  lengthOf(start: number): number;
  /** An empty day that is over counts as done (negative activities). */
  emptyKept: boolean;
  /** Credit of a missed slot. */
  credit(slot: DaySlot): number;
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
const monthStartOf = (day: number) => dayNumber(`${fromDayNumber(day).slice(0, 7)}-01`);
const monthLength = (start: number) => monthStartOf(start + 31) - start;

/** True when the current week has met its requirement, counting days up to `day`. */
function weekSatisfied(s: State, ctx: Context, day: number): boolean {
  if (s.weekDone === 0) return false;
  // Days after `day` this week already known to be inactive (paused, deactivated) lower it too.
  let laterOff = 0;
  const length = ctx.lengthOf(s.weekStart);
  for (let d = day + 1; d < s.weekStart + length; d++) if (!ctx.schedule.active(d)) laterOff++;
  const required = periodRequirement(ctx.timesPerWeek!, length - s.weekOff - laterOff, length);
  return required > 0 && s.weekDone >= required;
}

/** Judges the week in the state once its last day is over. */
function closeWeek(s: State, ctx: Context): void {
  if (Number.isNaN(s.weekStart)) return;
  const length = ctx.lengthOf(s.weekStart);
  const required = periodRequirement(ctx.timesPerWeek!, length - s.weekOff, length);
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
    // A kept (empty) day of a negative activity is judged once over: today waits, unfolded.
    if (ctx.emptyKept && day === to && slot === undefined && schedule.active(day) && schedule.cadenceDay(day)) return;
    if (ctx.timesPerWeek !== null) {
      const monday = ctx.startOf(day);
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
      } else if (slot === undefined && ctx.emptyKept) {
        s.weekDone++;
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
      if (ctx.emptyKept) hit(s, ctx);
      else miss(s, ctx, 0);
    } else if (slot.status === 'done') {
      hit(s, ctx);
      s.lastDone = day;
    } else if (slot.status === 'skipped') {
      s.skippedCount++;
    } else {
      miss(s, ctx, ctx.credit(slot));
    }
    s.asOf = day;
  }
}

function context(activity: FoldActivity, schedule: CompiledSchedule): Context {
  const { cadence } = activity;
  const period = periodCadence(cadence);
  const monthly = period?.unit === 'month';
  return {
    schedule,
    multiplier: strengthMultiplier(cadence),
    timesPerWeek: period?.times ?? null,
    startOf: monthly ? monthStartOf : mondayOf,
    lengthOf: monthly ? monthLength : () => 7,
    emptyKept: emptyDayKept(activity),
    credit: (slot) => partialCredit(activity, slot),
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

/** Extras carried beside the fold's state: the tracking start and entries after `asOf`'s day. */
interface Carried {
  since: IsoDate | null;
  ahead: AheadSlot[];
}

function output(s: State, ctx: Context, carried: Carried): FoldStats {
  const extras: Partial<FoldStats> = {};
  if (carried.since !== null) extras.since = carried.since;
  if (carried.ahead.length) extras.ahead = carried.ahead;
  if (s.asOf === null) return { ...EMPTY_STATS, ...extras };
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
  return { ...out, ...extras };
}

/** Starts the period bookkeeping on the first walked day: the period's earlier days are not active. */
function startWeek(s: State, ctx: Context, firstDay: number): void {
  s.weekStart = ctx.startOf(firstDay);
  s.weekDone = 0;
  s.weekOff = firstDay - s.weekStart;
}

/**
 * Folds an activity's history into its stats as of `through`, walking every day from
 * min(startDate, first history date) to `through`. `through` is treated as the current day: an
 * empty due day there is not (yet) missed and is not folded, so `asOf` is then the day before.
 * Entries after `through` (a day planned ahead) do not count yet; they are carried in `ahead`
 * so that {@link advanceStats} counts them once their day comes. The tracking start is carried in
 * `since` when it is before `startDate`. Returns {@link EMPTY_STATS} (plus those) when no day was folded.
 */
export function foldHistory(activity: FoldActivity, history: History, through: IsoDate): FoldStats {
  // From the history itself: stats' own `since` may be stale (an early entry deleted since).
  const since = trackingSince({ startDate: activity.startDate }, history);
  const from = dayNumber(since);
  const to = dayNumber(through);
  const ctx = context(activity, compileSchedule(activity, since));
  const s = stateOf(EMPTY_STATS);
  const ahead: AheadSlot[] = [];
  // Day-number keys, converted once per entry rather than once per walked day.
  const slots = new Map<number, DaySlot>();
  for (const [date, slot] of history) {
    if (date <= through) slots.set(dayNumber(date), slot);
    else ahead.push({ date, status: slot.status, value: slot.value });
  }
  const carried: Carried = { since: since < activity.startDate ? since : null, ahead };
  if (to < from) return output(s, ctx, carried);
  if (ctx.timesPerWeek !== null) startWeek(s, ctx, from);
  walk(s, ctx, from, to, (day) => slots.get(day));
  return output(s, ctx, carried);
}

/**
 * Rolls stats forward from `stats.asOf` to `today`, assuming no entries after `asOf`: every due
 * occasion that ended in between is missed; `today` itself is not missed yet. Pure, no history:
 * for any history h with no entry after d1, advanceStats(a, foldHistory(a, h, d1), d2) equals
 * foldHistory(a, h, d2). Stats already at or past `today` are returned unchanged. Stats with no
 * `asOf` start from the activity's `startDate`. Weekly stats without `weekOff` (written before it
 * existed) are finished as if the week had no skipped day.
 */
export function advanceStats(activity: FoldActivity, stats: ActivityStats, today: IsoDate): FoldStats {
  if (stats.asOf !== null && today <= stats.asOf) return stats;
  const to = dayNumber(today);
  const s = stateOf(stats);
  const start = stats.since !== undefined && stats.since < activity.startDate ? stats.since : activity.startDate;
  const planned = new Map((stats.ahead ?? []).map((a) => [dayNumber(a.date), { status: a.status, value: a.value }]));
  const carried: Carried = { since: stats.since ?? null, ahead: (stats.ahead ?? []).filter((a) => a.date > today) };
  let from: number;
  let ctx: Context;
  if (s.asOf === null) {
    from = dayNumber(start);
    if (to < from) return stats;
    ctx = context(activity, compileSchedule(activity, start));
    if (ctx.timesPerWeek !== null) startWeek(s, ctx, from);
  } else {
    from = s.asOf + 1;
    // Every day after asOf is within the tracked span, even if startDate is later (backfill).
    const since = fromDayNumber(Math.min(dayNumber(start), from));
    ctx = context(activity, compileSchedule(activity, since));
    if (ctx.timesPerWeek !== null) {
      s.weekStart = ctx.startOf(s.asOf);
      s.weekDone = stats.weekDone ?? 0;
      const stored = stats.weekOff;
      if (stored !== undefined) s.weekOff = stored;
      else {
        const legacy = compileSchedule(activity);
        for (let d = s.weekStart; d <= s.asOf; d++) if (!legacy.active(d)) s.weekOff++;
      }
    }
  }
  walk(s, ctx, from, to, (day) => planned.get(day));
  return output(s, ctx, carried);
}
