import { daysBetween, type IsoDate } from '../../kit/dates.ts';
import type { Goal, History } from '../model.ts';

/**
 * Long-term goals fed by activities (seed 003, docs/metrics.md §7). A linked activity adds, for
 * every recorded day inside the goal's span (on or after `startDate`, and on or before `deadline`
 * when there is one), its value — or 1 for a `done` entry without a value, 0 otherwise — times
 * the link's weight.
 */

/** Sums are rounded to 6 decimals so that weights like 0.1 do not leave float dust behind. */
const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/** What one recorded day adds before weighting: its value, else 1 when done, else 0. */
export function dayContribution(slot: { status: string; value: number | null }): number {
  if (slot.value !== null) return slot.value;
  return slot.status === 'done' ? 1 : 0;
}

/**
 * The contribution of one linked activity to a goal: weight × Σ dayContribution over the days of
 * `history` within the goal's span. 0 when the activity is not linked to the goal.
 */
export function goalContribution(goal: Pick<Goal, 'links' | 'startDate' | 'deadline'>, activityId: string, history: History): number {
  const weight = goal.links.filter((l) => l.activityId === activityId).reduce((sum, l) => sum + l.weight, 0);
  if (weight === 0) return 0;
  let total = 0;
  for (const [date, slot] of history) {
    if (date < goal.startDate || (goal.deadline !== null && date > goal.deadline)) continue;
    total += dayContribution(slot);
  }
  return round6(weight * total);
}

/**
 * A goal's current value from its linked activities' histories: Σ over links of
 * {@link goalContribution} (a link whose history is missing adds 0).
 */
export function goalCurrentValue(goal: Pick<Goal, 'links' | 'startDate' | 'deadline'>, histories: ReadonlyMap<string, History>): number {
  const ids = [...new Set(goal.links.map((l) => l.activityId))];
  return round6(ids.reduce((sum, id) => sum + goalContribution(goal, id, histories.get(id) ?? new Map()), 0));
}

/** Where a goal stands. */
export interface GoalProgress {
  goalId: string;
  name: string;
  unit: string;
  currentValue: number;
  targetValue: number;
  /** currentValue / targetValue, capped to 0…1, 4 decimals (1 when the target is 0 or less). */
  progress: number;
  /** max(0, targetValue − currentValue). */
  remaining: number;
  /** currentValue ≥ targetValue. */
  reached: boolean;
  deadline: IsoDate | null;
  /** Days from `today` to the deadline (negative once passed); null without a deadline or `today`. */
  daysToDeadline: number | null;
}

/**
 * A goal's progress from its kept `currentValue`: the capped ratio to the target, what remains,
 * and (given `today`) the days left to its deadline.
 */
export function goalProgress(
  goal: Pick<Goal, 'id' | 'name' | 'unit' | 'currentValue' | 'targetValue' | 'deadline'>,
  today?: IsoDate,
): GoalProgress {
  const { currentValue, targetValue } = goal;
  const ratio = targetValue > 0 ? currentValue / targetValue : 1;
  return {
    goalId: goal.id,
    name: goal.name,
    unit: goal.unit,
    currentValue,
    targetValue,
    progress: Math.round(Math.min(1, Math.max(0, ratio)) * 1e4) / 1e4,
    remaining: round6(Math.max(0, targetValue - currentValue)),
    reached: currentValue >= targetValue,
    deadline: goal.deadline,
    daysToDeadline: goal.deadline !== null && today !== undefined ? daysBetween(today, goal.deadline) : null,
  };
}
