import type { IsoDate } from '../kit/dates.ts';
import type {
  ActivityColor,
  ActivityIcon,
  ActivityStatus,
  Cadence,
  Difficulty,
  Direction,
  EntryStatus,
  Priority,
} from './schemas.ts';

/** A closed (or, without `to`, open-ended) range of local dates, both ends included. */
export interface DateRange {
  from: IsoDate;
  to?: IsoDate;
}

/**
 * What the analytics fold keeps for one activity, as of `asOf` (the last date it has seen).
 * Kept current on the activity item by the entry-rollups consumer; readers roll it forward to
 * their own date with `advanceStats` (no reads needed: days after `asOf` have no entries).
 */
export interface ActivityStats {
  /** Last day folded (the day before, when that day is due with no entry yet); null before any. */
  asOf: IsoDate | null;
  currentStreak: number;
  longestStreak: number;
  /** Habit strength, 0–1, rising on completions and decaying on misses (docs/metrics.md). */
  strength: number;
  /** Occasions done / missed: days, or ISO weeks for a weekly cadence (docs/metrics.md). */
  doneCount: number;
  skippedCount: number;
  missedCount: number;
  /** Due occasions so far (days, or weeks for a weekly cadence) excluding skipped and paused ones. */
  dueCount: number;
  lastDoneDate: IsoDate | null;
  /** Consecutive due occasions missed, most recent last (drives "at risk"). */
  consecutiveMisses: number;
  /** Weekly cadence only: completions in the week holding `asOf`. */
  weekDone?: number;
  /** Weekly cadence only: days of that week so far that do not count (inactive or skipped). */
  weekOff?: number;
  /**
   * The tracking start when entries predate `startDate` (docs/metrics.md §1): every view reads
   * it, so a window of history judges the same days as the whole history.
   */
  since?: IsoDate;
  /** Entries dated after the day folded to (planned ahead): they count once their day comes. */
  ahead?: AheadSlot[];
}

/** An entry after the stats' day, kept with the stats. */
export interface AheadSlot extends DaySlot {
  date: IsoDate;
}

/** Activity = habit: one thing a user tracks over days. */
export interface Activity {
  id: string;
  userId: string;
  name: string;
  description: string;
  category: string;
  unit: string;
  /** Target value per due day; null when the activity is a plain check-in. */
  goal: number | null;
  direction: Direction;
  cadence: Cadence;
  difficulty: Difficulty;
  priority: Priority;
  /** From the fixed palette (appearance.ts). */
  color: ActivityColor;
  /** From the fixed icon set (appearance.ts); null for none. */
  icon: ActivityIcon | null;
  /** Sort key of the user's order (ordering.ts): lower first. */
  position: number;
  status: ActivityStatus;
  /** Date ranges during which the activity is paused (travel, illness). */
  pauses: DateRange[];
  /** Derived by the hourly risk scan: 2+ consecutive missed due days. */
  atRisk: boolean;
  /** Last date the user recorded an entry for (finalize's missed entries do not count): nudges read it. */
  lastLoggedDate: IsoDate | null;
  /** Local date the activity starts being due. */
  startDate: IsoDate;
  /** Reminder times (`HH:MM`, sorted) in the user's time zone; shared/reminders delivers them. */
  reminders: string[];
  createdAt: string;
  updatedAt: string;
  deactivatedAt: string | null;
  stats: ActivityStats;
}

/** How an entry got its status. */
export type StatusSource = 'explicit' | 'derived' | 'finalized';

/** One activity on one local date. */
export interface Entry {
  activityId: string;
  date: IsoDate;
  value: number | null;
  note: string;
  status: EntryStatus;
  statusSource: StatusSource;
  /** `wearable` when written from device data by a mapping rule; absent for the user's own. */
  source?: 'wearable';
  createdAt: string;
  /** ISO time of the last change; its epoch ms orders roll-up updates. */
  updatedAt: string;
}

/** One day of one activity as the roll-ups keep it. */
export interface DaySlot {
  status: EntryStatus;
  value: number | null;
}

/** An activity's recorded days, by date. */
export type History = ReadonlyMap<IsoDate, DaySlot>;

export const EMPTY_STATS: ActivityStats = {
  asOf: null,
  currentStreak: 0,
  longestStreak: 0,
  strength: 0,
  doneCount: 0,
  skippedCount: 0,
  missedCount: 0,
  dueCount: 0,
  lastDoneDate: null,
  consecutiveMisses: 0,
};

/** One activity feeding a goal, with how much each unit of it counts. */
export interface GoalLink {
  activityId: string;
  weight: number;
}

/** A long-term target fed by activities (seed 003's goals with contribution weights). */
export interface Goal {
  id: string;
  userId: string;
  name: string;
  description: string;
  targetValue: number;
  unit: string;
  /** Entries on or after this date count. */
  startDate: IsoDate;
  deadline: IsoDate | null;
  links: GoalLink[];
  /** Weighted sum of linked contributions so far (kept by the entry-rollups consumer). */
  currentValue: number;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Every activity's slot on one date: the per-user daily roll-up the dashboard reads. */
export type DayRollup = ReadonlyMap<string, DaySlot>;
