import { addDays, dateRange, type IsoDate } from '../../kit/dates.ts';
import { dueActivitiesOn, isActiveOn, trackingSince } from '../cadence.ts';
import type { Activity, DayRollup, DaySlot, Goal, History } from '../model.ts';
import { goalProgress, type GoalProgress } from './goals.ts';
import { consistencyScore } from './series.ts';
import { emptyDayKept } from './stats.ts';

/**
 * Seed 000's `/stats/progress` dashboard from plain data (docs/metrics.md §5): the user's
 * activities, their day roll-ups for the last 30 days, their goals and today's date.
 * "Expected on a day" is {@link dueActivitiesOn} minus the activities skipped that day. Rates and
 * shares are fractions rounded to 4 decimals.
 */

/** Days the dashboard looks back over, today included. */
export const DASHBOARD_DAYS = 30;
/** How many activities the "most consistent" list holds. */
export const TOP_CONSISTENT = 5;

const round4 = (value: number) => Math.round(value * 1e4) / 1e4;
const mean = (values: readonly number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
const mean4 = (values: readonly number[]) => {
  const m = mean(values);
  return m === null ? null : round4(m);
};

/**
 * Turns per-user day roll-ups (date → activity → slot) into per-activity histories
 * (activity → date → slot, dates ascending), so per-activity analytics can be reused on them.
 */
export function historiesFromRollups(rollups: ReadonlyMap<IsoDate, DayRollup>): Map<string, Map<IsoDate, DaySlot>> {
  const out = new Map<string, Map<IsoDate, DaySlot>>();
  for (const date of [...rollups.keys()].sort()) {
    for (const [activityId, slot] of rollups.get(date)!) {
      let history = out.get(activityId);
      if (!history) out.set(activityId, (history = new Map<IsoDate, DaySlot>()));
      history.set(date, slot);
    }
  }
  return out;
}

/**
 * Goal fulfilment of one expected activity on one day, 0–1: min(1, value / goal) for a positive
 * activity with a goal above 0 and a recorded value; otherwise 1 when done, else 0.
 */
export function fulfilment(activity: Pick<Activity, 'direction' | 'goal'>, slot: DaySlot | undefined): number {
  if (activity.direction === 'positive' && activity.goal !== null && activity.goal > 0 && slot && slot.value !== null) {
    return Math.min(1, slot.value / activity.goal);
  }
  return slot?.status === 'done' ? 1 : 0;
}

/** Completion of one day. */
export interface DayCompletion {
  date: IsoDate;
  /** Activities expected that day (due, not skipped). */
  expected: number;
  /** Of those, the ones done. */
  done: number;
  /** done / expected; null when nothing was expected. */
  rate: number | null;
  /** At least one activity has a done entry that day. */
  active: boolean;
}

/** A category's goal fulfilment over the window. */
export interface CategoryBaseline {
  category: string;
  /** Mean of R(d, c) over the days with at least one expected activity of the category. */
  baseline: number | null;
  /** Pooled fulfilment: mean over every expected (activity, day) pair of the category. */
  fulfilment: number | null;
  /** R(today, c): today's fulfilment as it stands; null when none of the category is expected. */
  today: number | null;
  /** Days with at least one expected activity of the category. */
  days: number;
  /** Expected (activity, day) pairs. */
  pairs: number;
}

/** Done occasions of positive versus negative activities. */
export interface DirectionRatio {
  positiveDone: number;
  negativeDone: number;
  /** positiveDone / negativeDone; null when there is no negative one. */
  ratio: number | null;
  positiveShare: number | null;
  negativeShare: number | null;
}

/** An entry of the "most consistent" list. */
export interface ConsistentActivity {
  activityId: string;
  name: string;
  category: string;
  score: number;
  completed: number;
  expected: number;
}

/** The `/stats/progress` payload. */
export interface ProgressDashboard {
  date: IsoDate;
  /** First day of the 30-day window. */
  from: IsoDate;
  today: DayCompletion;
  /** Means of the daily completion rate over the days (of the last 7 / 30) with something expected. */
  averages: { last7: number | null; last30: number | null };
  /** The 30 days, oldest first, with their completion and active flag. */
  days: DayCompletion[];
  activeDays: number;
  categories: CategoryBaseline[];
  direction: DirectionRatio;
  topConsistent: ConsistentActivity[];
  goals: GoalProgress[];
}

/** What the dashboard is computed from. */
export interface DashboardInput {
  activities: readonly Activity[];
  /** Day roll-ups by date; the last 30 days (older ones are ignored). */
  rollups: ReadonlyMap<IsoDate, DayRollup>;
  goals: readonly Goal[];
  today: IsoDate;
}

/**
 * Computes the progress dashboard:
 * - daily completion c(d) = done / expected activities on d; today's, and its means over the last
 *   7 and 30 days (days with nothing expected left out; today counts as it stands);
 * - active days: days with at least one done entry;
 * - category baselines: R(d, c) = mean fulfilment of the activities of c expected on d; baseline
 *   = mean of R(d, c) over the days with one; pooled fulfilment and today's R alongside;
 * - positive vs negative: done entries (on active days) of positive vs negative activities;
 * - top consistent: the 5 active activities with the best 30-day consistency score (ties by name);
 * - goals: {@link goalProgress} of each goal.
 */
export function progressDashboard(input: DashboardInput): ProgressDashboard {
  const { activities, today } = input;
  const from = addDays(today, 1 - DASHBOARD_DAYS);
  const dates = dateRange(from, today);
  const windowRollups = new Map([...input.rollups].filter(([d]) => d >= from && d <= today));
  const histories: Map<string, History> = historiesFromRollups(windowRollups);
  const known = new Map(activities.map((a) => [a.id, a]));
  const slotOf = (id: string, date: IsoDate) => histories.get(id)?.get(date);
  // A negative activity's empty day that is over is kept: done (docs/metrics.md §1).
  const doneOn = (a: Activity, date: IsoDate) => {
    const slot = slotOf(a.id, date);
    return slot ? slot.status === 'done' : emptyDayKept(a) && date < today;
  };
  const fulfilmentOn = (a: Activity, date: IsoDate) => {
    const slot = slotOf(a.id, date);
    return slot ? fulfilment(a, slot) : doneOn(a, date) ? 1 : 0;
  };

  const categories = new Map<string, { perDay: number[]; all: number[]; today: number | null }>();
  // Unrounded daily rates (null: nothing expected), so the averages do not add rounding error.
  const rawRates: (number | null)[] = [];
  const days: DayCompletion[] = dates.map((date) => {
    const expected = dueActivitiesOn(activities, date, histories).filter((a) => slotOf(a.id, date)?.status !== 'skipped');
    const done = expected.filter((a) => doneOn(a, date)).length;
    const byCategory = new Map<string, number[]>();
    for (const a of expected) {
      const list = byCategory.get(a.category) ?? [];
      list.push(fulfilmentOn(a, date));
      byCategory.set(a.category, list);
    }
    for (const [category, values] of byCategory) {
      const entry = categories.get(category) ?? { perDay: [], all: [], today: null };
      const r = mean(values)!;
      entry.perDay.push(r);
      entry.all.push(...values);
      if (date === today) entry.today = round4(r);
      categories.set(category, entry);
    }
    const rollup = windowRollups.get(date);
    const active = rollup !== undefined && [...rollup].some(([id, slot]) => known.has(id) && slot.status === 'done');
    const rate = expected.length ? done / expected.length : null;
    rawRates.push(rate);
    return { date, expected: expected.length, done, rate: rate === null ? null : round4(rate), active };
  });

  const rates = (n: number) => rawRates.slice(-n).filter((r): r is number => r !== null);

  let positiveDone = 0;
  let negativeDone = 0;
  for (const a of activities) {
    const history = histories.get(a.id);
    if (!history) continue;
    const since = trackingSince(a, history);
    for (const [date, slot] of history) {
      if (slot.status !== 'done' || !isActiveOn(a, date, since)) continue;
      if (a.direction === 'positive') positiveDone++;
      else negativeDone++;
    }
  }
  const total = positiveDone + negativeDone;

  const topConsistent = activities
    .filter((a) => a.status === 'active')
    .map((a) => ({ a, c: consistencyScore(a, histories.get(a.id) ?? new Map(), today, DASHBOARD_DAYS) }))
    .filter((x): x is { a: Activity; c: typeof x.c & { score: number } } => x.c.score !== null)
    .sort((x, y) => y.c.score - x.c.score || x.a.name.localeCompare(y.a.name) || (x.a.id < y.a.id ? -1 : 1))
    .slice(0, TOP_CONSISTENT)
    .map(({ a, c }) => ({ activityId: a.id, name: a.name, category: a.category, score: c.score, completed: c.completed, expected: c.expected }));

  return {
    date: today,
    from,
    today: days[days.length - 1]!,
    averages: { last7: mean4(rates(7)), last30: mean4(rates(DASHBOARD_DAYS)) },
    days,
    activeDays: days.filter((d) => d.active).length,
    categories: [...categories]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([category, e]) => ({
        category,
        baseline: mean4(e.perDay),
        fulfilment: mean4(e.all),
        today: e.today,
        days: e.perDay.length,
        pairs: e.all.length,
      })),
    direction: {
      positiveDone,
      negativeDone,
      ratio: negativeDone ? round4(positiveDone / negativeDone) : null,
      positiveShare: total ? round4(positiveDone / total) : null,
      negativeShare: total ? round4(negativeDone / total) : null,
    },
    topConsistent,
    goals: input.goals.map((g) => goalProgress(g, today)),
  };
}
