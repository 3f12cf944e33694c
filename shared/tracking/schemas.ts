import * as z from 'zod/mini';
import { addDays, utcToday } from '../kit/dates.ts';
import { calendarDate, Id, LocalDate, multilineText, PageQuery, storableNumber, trimmedText } from '../kit/schemas.ts';
import { ACTIVITY_COLORS, ACTIVITY_ICON_NAMES } from './appearance.ts';
import { Amount } from './entry-schemas.ts';
import { MAX_INTERVAL_DAYS, MAX_LINKS_PER_GOAL, MAX_REMINDERS_PER_ACTIVITY, TEXT_LIMITS, WEEKDAYS } from './limits.ts';

// Entry bodies live apart so a bundle that checks only them (the MCP function's) carries none of the rest.
export { EntryStatus, PutEntryBody } from './entry-schemas.ts';
export { MAX_INTERVAL_DAYS };

export const Weekday = z.enum(WEEKDAYS);

export type Weekday = z.infer<typeof Weekday>;


/**
 * How often an activity is due: every day; N times in each ISO week (any days); on named
 * weekdays; every N days (from its start date); or N times in each calendar month (any days).
 * `timesPerWeek` may accompany `weekdays` only when the two agree.
 */
export const Cadence = z.pipe(
  z
    .object({
      type: z.enum(['daily', 'weekly', 'weekdays', 'interval', 'monthly']),
      timesPerWeek: z.optional(z.number().check(z.int(), z.gte(1), z.lte(7))),
      weekdays: z.optional(z.array(Weekday).check(z.minLength(1), z.maxLength(7))),
      everyDays: z.optional(z.number().check(z.int(), z.gte(2), z.lte(MAX_INTERVAL_DAYS))),
      timesPerMonth: z.optional(z.number().check(z.int(), z.gte(1), z.lte(28))),
    })
    .check(
      z.superRefine((c, ctx) => {
        if (c.type === 'weekly' && c.timesPerWeek === undefined)
          ctx.addIssue({ code: 'custom', path: ['timesPerWeek'], message: 'is required for a weekly cadence' });
        if (c.type === 'weekly' && c.weekdays !== undefined)
          ctx.addIssue({ code: 'custom', path: ['weekdays'], message: 'a weekly cadence has no fixed weekdays; use type "weekdays"' });
        if (c.type === 'weekdays' && c.weekdays === undefined)
          ctx.addIssue({ code: 'custom', path: ['weekdays'], message: 'is required for a weekdays cadence' });
        if (c.weekdays && new Set(c.weekdays).size !== c.weekdays.length)
          ctx.addIssue({ code: 'custom', path: ['weekdays'], message: 'must not repeat a day' });
        if (c.type === 'weekdays' && c.weekdays && c.timesPerWeek !== undefined && c.timesPerWeek !== c.weekdays.length)
          ctx.addIssue({
            code: 'custom',
            path: ['timesPerWeek'],
            message: `says ${c.timesPerWeek} times per week but ${c.weekdays.length} weekdays are given`,
          });
        if (c.type === 'daily' && (c.timesPerWeek ?? 7) !== 7)
          ctx.addIssue({ code: 'custom', path: ['timesPerWeek'], message: 'a daily cadence is 7 times per week' });
        if (c.type === 'interval' && c.everyDays === undefined)
          ctx.addIssue({ code: 'custom', path: ['everyDays'], message: 'is required for an interval cadence (every N days)' });
        if (c.type === 'monthly' && c.timesPerMonth === undefined)
          ctx.addIssue({ code: 'custom', path: ['timesPerMonth'], message: 'is required for a monthly cadence' });
        if (c.everyDays !== undefined && c.type !== 'interval')
          ctx.addIssue({ code: 'custom', path: ['everyDays'], message: 'belongs to an interval cadence only' });
        if (c.timesPerMonth !== undefined && c.type !== 'monthly')
          ctx.addIssue({ code: 'custom', path: ['timesPerMonth'], message: 'belongs to a monthly cadence only' });
        if ((c.type === 'interval' || c.type === 'monthly') && (c.timesPerWeek !== undefined || c.weekdays !== undefined))
          ctx.addIssue({ code: 'custom', path: ['type'], message: `a ${c.type} cadence has no timesPerWeek or weekdays` });
      }),
    ),
  z.transform((c) =>
    c.type === 'daily'
      ? { type: 'daily' as const }
      : c.type === 'weekly'
        ? { type: 'weekly' as const, timesPerWeek: c.timesPerWeek! }
        : c.type === 'interval'
          ? { type: 'interval' as const, everyDays: c.everyDays! }
          : c.type === 'monthly'
            ? { type: 'monthly' as const, timesPerMonth: c.timesPerMonth! }
            : { type: 'weekdays' as const, weekdays: WEEKDAYS.filter((d) => c.weekdays!.includes(d)) },
  ),
);
export type Cadence = z.output<typeof Cadence>;

export const Direction = z.enum(['positive', 'negative']);
export type Direction = z.infer<typeof Direction>;
export const Difficulty = z.enum(['easy', 'medium', 'hard']);
export type Difficulty = z.infer<typeof Difficulty>;
export const Priority = z.enum(['low', 'medium', 'high']);
export type Priority = z.infer<typeof Priority>;
export const ActivityColor = z.enum(ACTIVITY_COLORS);
export type ActivityColor = z.infer<typeof ActivityColor>;
export const ActivityIcon = z.enum(ACTIVITY_ICON_NAMES);
export type ActivityIcon = z.infer<typeof ActivityIcon>;
export const ActivityStatus = z.enum(['active', 'paused', 'archived']);
export type ActivityStatus = z.infer<typeof ActivityStatus>;

const ActivityName = trimmedText(TEXT_LIMITS.name, 1);
/** One line of text (category, unit). */
const Text = (max: number) => trimmedText(max);
/** Text over several lines (description, note). */
const LongText = (max: number) => multilineText(max);
const GoalValue = Amount(1_000_000);

/** A local wall-clock time, `HH:MM` (24-hour). */
export const ReminderTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM (00:00 to 23:59)'));

/**
 * Reminder times of an activity in the user's time zone (shared/reminders): at most
 * MAX_REMINDERS_PER_ACTIVITY, no time twice; stored sorted. An empty list turns reminders off.
 */
export const Reminders = z.pipe(
  z.array(ReminderTime).check(
    z.maxLength(MAX_REMINDERS_PER_ACTIVITY, `at most ${MAX_REMINDERS_PER_ACTIVITY} reminder times`),
    z.refine((times) => new Set(times).size === times.length, 'must not repeat a time'),
  ),
  z.transform((times) => [...times].sort()),
);

export const CreateActivityBody = z.object({
  name: ActivityName,
  description: z.optional(LongText(TEXT_LIMITS.description)),
  category: z.optional(Text(TEXT_LIMITS.category)),
  unit: z.optional(Text(TEXT_LIMITS.unit)),
  goal: z.optional(z.nullable(GoalValue)),
  direction: z.optional(Direction),
  cadence: z.optional(Cadence),
  difficulty: z.optional(Difficulty),
  priority: z.optional(Priority),
  color: z.optional(ActivityColor),
  /** null takes the icon away. */
  icon: z.optional(z.nullable(ActivityIcon)),
  reminders: z.optional(Reminders),
});
export type CreateActivityBody = z.infer<typeof CreateActivityBody>;

/** At least one field of an update is set. */
const somethingToChange = (b: Record<string, unknown>) => Object.values(b).some((v) => v !== undefined);

/** Any subset of the creation fields (at least one). */
export const UpdateActivityBody = z.partial(CreateActivityBody).check(z.refine(somethingToChange, 'nothing to change'));
export type UpdateActivityBody = z.infer<typeof UpdateActivityBody>;

export const ActivityParams = z.object({ id: Id });
export type ActivityParams = z.infer<typeof ActivityParams>;

/** Where to move an activity in the user's order: right before or right after another one. */
export const MoveActivityBody = z
  .object({ before: z.optional(Id), after: z.optional(Id) })
  .check(
    z.refine((b) => (b.before === undefined) !== (b.after === undefined), { message: 'give either before or after', path: ['before'] }),
  );
export type MoveActivityBody = z.infer<typeof MoveActivityBody>;

export const ListActivitiesQuery = z.extend(PageQuery, {
  status: z._default(z.enum(['active', 'paused', 'archived', 'all']), 'all'),
});
export type ListActivitiesQuery = z.infer<typeof ListActivitiesQuery>;


export const EntryParams = z.object({ date: LocalDate, activityId: Id });
export type EntryParams = z.infer<typeof EntryParams>;


export const DayParams = z.object({ date: LocalDate });
export type DayParams = z.infer<typeof DayParams>;

export const TodayQuery = z.object({ date: z.optional(LocalDate) });
export type TodayQuery = z.infer<typeof TodayQuery>;

/** A date for planning (pauses, deadlines): real, from 1970, up to five years ahead. */
export const PlanDate = calendarDate().check(
  z.refine((d) => d <= addDays(utcToday(), 5 * 366), 'must be within five years from today'),
);

export const PauseBody = z
  .object({ from: PlanDate, to: z.optional(PlanDate) })
  .check(z.refine((p) => p.to === undefined || p.to >= p.from, { message: 'must not be before from', path: ['to'] }));
export type PauseBody = z.infer<typeof PauseBody>;

export const PauseParams = z.object({ id: Id, from: PlanDate });
export type PauseParams = z.infer<typeof PauseParams>;

export const ListEntriesQuery = z
  .extend(PageQuery, {
    from: z.optional(LocalDate),
    to: z.optional(LocalDate),
    activityId: z.optional(Id),
    category: z.optional(trimmedText(TEXT_LIMITS.category, 1)),
    /** `asc`: oldest first (default); `desc`: newest first. */
    order: z._default(z.enum(['asc', 'desc']), 'asc'),
  })
  .check(z.refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after to', path: ['from'] }));
export type ListEntriesQuery = z.infer<typeof ListEntriesQuery>;

/** Most goals one user may keep, and activities one goal may link. */

/** A number above 0 and at most `max`. */
const Positive = (max: number) => storableNumber().check(z.gt(0, 'must be positive'), z.lte(max));

export const GoalLinkInput = z.object({
  activityId: Id,
  weight: Positive(1000),
});

export const GoalLinks = z
  .array(GoalLinkInput)
  .check(
    z.maxLength(MAX_LINKS_PER_GOAL),
    z.refine((links) => new Set(links.map((l) => l.activityId)).size === links.length, 'must not link an activity twice'),
  );

const GoalName = trimmedText(TEXT_LIMITS.name, 1);
const TargetValue = Positive(1e9);

export const CreateGoalBody = z
  .object({
    name: GoalName,
    description: z.optional(LongText(TEXT_LIMITS.description)),
    targetValue: TargetValue,
    unit: z.optional(Text(TEXT_LIMITS.unit)),
    startDate: z.optional(LocalDate),
    deadline: z.optional(z.nullable(PlanDate)),
    links: z.optional(GoalLinks),
  })
  .check(
    z.refine((g) => !g.deadline || !g.startDate || g.deadline >= g.startDate, {
      message: 'must not be before startDate',
      path: ['deadline'],
    }),
  );
export type CreateGoalBody = z.infer<typeof CreateGoalBody>;

export const UpdateGoalBody = z
  .object({
    name: z.optional(GoalName),
    description: z.optional(LongText(TEXT_LIMITS.description)),
    targetValue: z.optional(TargetValue),
    unit: z.optional(Text(TEXT_LIMITS.unit)),
    startDate: z.optional(LocalDate),
    deadline: z.optional(z.nullable(PlanDate)),
  })
  .check(z.refine(somethingToChange, 'nothing to change'));
export type UpdateGoalBody = z.infer<typeof UpdateGoalBody>;

export const GoalLinksBody = z.object({ links: GoalLinks });
export type GoalLinksBody = z.infer<typeof GoalLinksBody>;

export const GoalParams = z.object({ id: Id });
export type GoalParams = z.infer<typeof GoalParams>;

export const StatsQuery = z.object({ date: z.optional(LocalDate) });
export type StatsQuery = z.infer<typeof StatsQuery>;

/** Re-exported for the code that reads them beside the schemas. */
export { MAX_ACTIVITIES_PER_USER, MAX_GOALS_PER_USER, MAX_LINKS_PER_GOAL, WEEKDAYS } from './limits.ts';
