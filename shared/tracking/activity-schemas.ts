import * as z from 'zod/mini';
import { addDays, utcToday } from '../kit/dates.ts';
import { calendarDate, multilineText, trimmedText } from '../kit/schemas.ts';
import { ACTIVITY_COLORS, ACTIVITY_ICON_NAMES } from './appearance.ts';
import { Amount } from './entry-schemas.ts';
import { MAX_INTERVAL_DAYS, MAX_REMINDERS_PER_ACTIVITY, TEXT_LIMITS, WEEKDAYS } from './limits.ts';

/**
 * The activity schemas a tracking file is checked against (cadence, appearance, the creation body,
 * plan dates), apart from the request schemas of the routes (schemas.ts re-exports them), so the
 * import consumer's bundle carries none of those.
 */
export { EntryStatus } from './entry-schemas.ts';
export { MAX_INTERVAL_DAYS };
export { MAX_ACTIVITIES_PER_USER, WEEKDAYS } from './limits.ts';

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
export const Text = (max: number) => trimmedText(max);
/** Text over several lines (description, note). */
export const LongText = (max: number) => multilineText(max);
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


/** A date for planning (pauses, deadlines): real, from 1970, up to five years ahead. */
export const PlanDate = calendarDate().check(
  z.refine((d) => d <= addDays(utcToday(), 5 * 366), 'must be within five years from today'),
);
