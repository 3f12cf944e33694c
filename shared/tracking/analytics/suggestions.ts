import { addDays, daysBetween, type IsoDate } from '../../kit/dates.ts';
import { isDueDay, periodCadence, weekdayOf } from '../cadence.ts';
import type { Activity, ActivityStats, History } from '../model.ts';
import { MAX_INTERVAL_DAYS, WEEKDAYS } from '../limits.ts';
import type { Cadence, Difficulty, Weekday } from '../schemas.ts';
import { advanceStats } from './stats.ts';
import { completionRate, consistencyScore, occasionsBetween } from './series.ts';

/**
 * Seed 003's adaptive suggestions, risk and nudges (docs/metrics.md §6). Each suggestion carries
 * the numbers that triggered it and a concrete proposal the client can apply as an update.
 */

/** Days the suggestions look back over, today included. */
export const SUGGESTION_WINDOW_DAYS = 30;
/** A failure rate above this suggests a lower frequency. */
export const FAILURE_RATE_THRESHOLD = 0.5;
/** A consistency score below this (percent) suggests making the activity easier. */
export const LOW_CONSISTENCY_THRESHOLD = 30;
/** A broken streak is one of at least this length that is now 0. */
export const BROKEN_STREAK_MIN = 3;
/** Judged occasions (or expected completions) needed before a rate is trusted enough to suggest. */
export const MIN_EVIDENCE = 3;
/** Consecutive missed occasions that make an activity at risk. */
export const RISK_MISSES = 2;
/** Days without any entry after which an activity due today gets a nudge. */
export const NUDGE_DAYS = 2;

/** What a suggestion proposes to change. */
export interface SuggestionProposal {
  cadence?: Cadence;
  difficulty?: Difficulty;
  goal?: number;
  /** A first streak to aim for when restarting. */
  targetStreak?: number;
}

/** One adaptive suggestion. */
export interface Suggestion {
  kind: 'lower_frequency' | 'make_easier' | 'restart_smaller';
  message: string;
  /** The numbers that triggered it. */
  evidence: Record<string, number | string | null>;
  proposal: SuggestionProposal;
}

/** True when the stats show 2 or more consecutive missed due occasions (pass stats advanced to today). */
export function isAtRisk(stats: Pick<ActivityStats, 'consecutiveMisses'>): boolean {
  return stats.consecutiveMisses >= RISK_MISSES;
}

/**
 * True when an active activity due today has had no entry for 2 or more days: the last logged
 * date (or, never logged, the day before its start) is at least 2 days before `today`. Paused and
 * archived activities (by status, pause range or deactivation) are never nudged, nor negative
 * ones (an unlogged day of a limit is a kept day).
 */
export function needsNudge(
  activity: Pick<Activity, 'status' | 'cadence' | 'startDate' | 'pauses' | 'deactivatedAt'> & { direction?: Activity['direction'] },
  lastLoggedDate: IsoDate | null,
  today: IsoDate,
): boolean {
  // A limit / avoid activity is logged on its bad days only: silence is a kept day.
  if (activity.direction === 'negative') return false;
  if (activity.status !== 'active' || !isDueDay(activity, today)) return false;
  const last = lastLoggedDate ?? addDays(activity.startDate, -1);
  return daysBetween(last, today) >= NUDGE_DAYS;
}

/**
 * Rounds a proposed goal "sensibly": a whole-number goal stays whole, anything else keeps two
 * significant digits.
 */
function roundGoal(value: number, wholeNumbers: boolean): number {
  if (wholeNumbers) return Math.round(value);
  if (value === 0) return 0;
  const digits = 2 - Math.ceil(Math.log10(Math.abs(value)));
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * An easier goal value, or null when there is none to propose. Positive direction (a target):
 * 75 % of it, rounded; a whole-number target goes down by at least 1 and never below 1. Negative
 * direction (a limit): 125 % of it, rounded, up by at least 1 for a whole number; a limit of 0
 * becomes 1.
 */
export function easierGoal(activity: Pick<Activity, 'direction' | 'goal'>): number | null {
  const { goal } = activity;
  if (goal === null) return null;
  const whole = Number.isInteger(goal);
  if (activity.direction === 'positive') {
    if (goal <= 0 || (whole && goal <= 1)) return null;
    let next = roundGoal(goal * 0.75, whole);
    if (next >= goal) next = whole ? goal - 1 : goal * 0.75;
    return next;
  }
  if (goal === 0) return 1;
  let next = roundGoal(goal * 1.25, whole);
  if (next <= goal) next = whole ? goal + 1 : goal * 1.25;
  return next;
}

const EASIER: Record<Difficulty, Difficulty | null> = { hard: 'medium', medium: 'easy', easy: null };

/**
 * A lower frequency, or null when there is none: daily → 5 times a week; N times a week →
 * N − 1 (not below 1); a weekdays list → the same list without the weekday missed most often in
 * the window (ties: the later weekday), unless it has a single day.
 */
export function lowerFrequency(activity: Pick<Activity, 'cadence' | 'startDate' | 'pauses' | 'deactivatedAt'>, history: History, today: IsoDate): Cadence | null {
  const { cadence } = activity;
  if (cadence.type === 'daily') return { type: 'weekly', timesPerWeek: 5 };
  if (cadence.type === 'weekly') return cadence.timesPerWeek > 1 ? { type: 'weekly', timesPerWeek: cadence.timesPerWeek - 1 } : null;
  if (cadence.type === 'monthly') return cadence.timesPerMonth > 1 ? { type: 'monthly', timesPerMonth: cadence.timesPerMonth - 1 } : null;
  if (cadence.type === 'interval') return cadence.everyDays < MAX_INTERVAL_DAYS ? { type: 'interval', everyDays: cadence.everyDays + 1 } : null;
  if (cadence.weekdays.length < 2) return null;
  const misses = new Map<Weekday, number>(cadence.weekdays.map((w) => [w, 0]));
  for (const o of occasionsBetween(activity, history, addDays(today, 1 - SUGGESTION_WINDOW_DAYS), today, today)) {
    if (o.outcome === 'missed') misses.set(weekdayOf(o.start), (misses.get(weekdayOf(o.start)) ?? 0) + 1);
  }
  let drop = cadence.weekdays[0]!;
  for (const w of cadence.weekdays) if (misses.get(w)! >= misses.get(drop)!) drop = w;
  return { type: 'weekdays', weekdays: WEEKDAYS.filter((w) => w !== drop && cadence.weekdays.includes(w)) };
}

function describe(cadence: Cadence): string {
  if (cadence.type === 'daily') return 'every day';
  if (cadence.type === 'weekly') return `${cadence.timesPerWeek}× a week`;
  if (cadence.type === 'monthly') return `${cadence.timesPerMonth}× a month`;
  if (cadence.type === 'interval') return `every ${cadence.everyDays} days`;
  return cadence.weekdays.join(', ');
}

/**
 * Adaptive suggestions for one active activity (none for paused or archived ones), from the last
 * 30 days of its history and its stats as of `today` (default: its stored stats advanced):
 * - failure rate = missed / (done + missed) occasions > 50 % (with ≥ 3 judged occasions) →
 *   `lower_frequency` ({@link lowerFrequency});
 * - consistency score < 30 % (with ≥ 3 expected completions) → `make_easier`: one difficulty
 *   step down and/or {@link easierGoal};
 * - longest streak ≥ 3 and current streak 0 → `restart_smaller`: a first streak of
 *   min(7, ⌈longest / 2⌉) occasions, with the easier goal when there is one.
 */
export function adaptiveSuggestions(
  activity: Activity,
  history: History,
  today: IsoDate,
  stats: ActivityStats = advanceStats(activity, activity.stats, today),
): Suggestion[] {
  if (activity.status !== 'active') return [];
  const out: Suggestion[] = [];
  const period = periodCadence(activity.cadence);
  const weekly = period !== null;
  const unit = period ? `${period.unit}s` : 'days';
  const limit = activity.direction === 'negative';

  const rate = completionRate(activity, history, today, SUGGESTION_WINDOW_DAYS);
  const failureRate = rate.due ? Math.round((rate.missed / rate.due) * 1e4) / 1e4 : null;
  const failing = failureRate !== null && rate.due >= MIN_EVIDENCE && failureRate > FAILURE_RATE_THRESHOLD;
  if (failing && limit) {
    // Doing a thing to avoid less often is not the fix: a looser limit to cut down first is.
    const goal = easierGoal(activity) ?? 1;
    out.push({
      kind: 'make_easier',
      message: `Over the limit on ${rate.missed} of ${rate.due} ${weekly ? 'completions' : 'days'} in the last ${SUGGESTION_WINDOW_DAYS} days: cut down step by step, with a limit of ${goal}${activity.goal !== null ? ` instead of ${activity.goal}` : ''}.`,
      evidence: { failureRate, missed: rate.missed, due: rate.due, windowDays: SUGGESTION_WINDOW_DAYS },
      proposal: { goal },
    });
  }
  if (failing && !limit) {
    const cadence = lowerFrequency(activity, history, today);
    if (cadence) {
      out.push({
        kind: 'lower_frequency',
        message: `Missed ${rate.missed} of ${rate.due} due ${weekly ? 'completions' : 'days'} in the last ${SUGGESTION_WINDOW_DAYS} days: try ${describe(cadence)} instead of ${describe(activity.cadence)}.`,
        evidence: { failureRate, missed: rate.missed, due: rate.due, windowDays: SUGGESTION_WINDOW_DAYS },
        proposal: { cadence },
      });
    }
  }

  const consistency = consistencyScore(activity, history, today, SUGGESTION_WINDOW_DAYS);
  const goal = easierGoal(activity);
  const easierAlready = out.some((x) => x.kind === 'make_easier');
  if (!easierAlready && consistency.score !== null && consistency.expected >= MIN_EVIDENCE && consistency.score < LOW_CONSISTENCY_THRESHOLD) {
    const difficulty = EASIER[activity.difficulty];
    const proposal: SuggestionProposal = {};
    if (difficulty) proposal.difficulty = difficulty;
    if (goal !== null) proposal.goal = goal;
    if (difficulty || goal !== null) {
      const changes = [difficulty && `difficulty ${difficulty}`, goal !== null && `${activity.direction === 'positive' ? 'goal' : 'limit'} ${goal}`]
        .filter(Boolean)
        .join(' and ');
      out.push({
        kind: 'make_easier',
        message: `Consistency is ${consistency.score}% over the last ${SUGGESTION_WINDOW_DAYS} days: make it easier (${changes}).`,
        evidence: { consistency: consistency.score, completed: consistency.completed, expected: consistency.expected, windowDays: SUGGESTION_WINDOW_DAYS },
        proposal,
      });
    }
  }

  if (stats.longestStreak >= BROKEN_STREAK_MIN && stats.currentStreak === 0) {
    const targetStreak = Math.min(7, Math.ceil(stats.longestStreak / 2));
    const proposal: SuggestionProposal = { targetStreak };
    if (goal !== null) proposal.goal = goal;
    out.push({
      kind: 'restart_smaller',
      message: `Your streak of ${stats.longestStreak} ${unit} is broken: restart small, aim for ${targetStreak} in a row${goal !== null ? ` with ${goal} as the goal` : ''}.`,
      evidence: { longestStreak: stats.longestStreak, currentStreak: stats.currentStreak, consecutiveMisses: stats.consecutiveMisses },
      proposal,
    });
  }
  return out;
}
