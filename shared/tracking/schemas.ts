import * as z from 'zod';
import { addDays, isRealDate, utcToday } from '../kit/dates.ts';
import { EARLIEST_DATE, Id, LocalDate, PageQuery } from '../kit/schemas.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;

/** Most activities one user may keep (archived ones included). */
export const MAX_ACTIVITIES_PER_USER = 200;

/**
 * How often an activity is due: every day; N times in each ISO week (any days); or on named
 * weekdays. `timesPerWeek` may accompany `weekdays` only when the two agree.
 */
export const Cadence = z
  .object({
    type: z.enum(['daily', 'weekly', 'weekdays']),
    timesPerWeek: z.number().int().min(1).max(7).optional(),
    weekdays: z.array(Weekday).min(1).max(7).optional(),
  })
  .superRefine((c, ctx) => {
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
  })
  .transform((c) =>
    c.type === 'daily'
      ? { type: 'daily' as const }
      : c.type === 'weekly'
        ? { type: 'weekly' as const, timesPerWeek: c.timesPerWeek! }
        : { type: 'weekdays' as const, weekdays: WEEKDAYS.filter((d) => c.weekdays!.includes(d)) },
  );
export type Cadence = z.output<typeof Cadence>;

export const Direction = z.enum(['positive', 'negative']);
export type Direction = z.infer<typeof Direction>;
export const Difficulty = z.enum(['easy', 'medium', 'hard']);
export type Difficulty = z.infer<typeof Difficulty>;
export const Priority = z.enum(['low', 'medium', 'high']);
export type Priority = z.infer<typeof Priority>;
export const ActivityStatus = z.enum(['active', 'paused', 'archived']);
export type ActivityStatus = z.infer<typeof ActivityStatus>;

const ActivityName = z.string().trim().min(1).max(80);
const Text = (max: number) => z.string().trim().max(max);
const GoalValue = z.number().finite().min(0).max(1_000_000);

export const CreateActivityBody = z.object({
  name: ActivityName,
  description: Text(500).optional(),
  category: Text(40).optional(),
  unit: Text(20).optional(),
  goal: GoalValue.nullable().optional(),
  direction: Direction.optional(),
  cadence: Cadence.optional(),
  difficulty: Difficulty.optional(),
  priority: Priority.optional(),
});
export type CreateActivityBody = z.infer<typeof CreateActivityBody>;

/** Any subset of the creation fields (at least one). */
export const UpdateActivityBody = CreateActivityBody.partial().refine(
  (b) => Object.values(b).some((v) => v !== undefined),
  'nothing to change',
);
export type UpdateActivityBody = z.infer<typeof UpdateActivityBody>;

export const ActivityParams = z.object({ id: Id });
export type ActivityParams = z.infer<typeof ActivityParams>;

export const ListActivitiesQuery = PageQuery.extend({
  status: z.enum(['active', 'paused', 'archived', 'all']).default('all'),
});
export type ListActivitiesQuery = z.infer<typeof ListActivitiesQuery>;

export const EntryStatus = z.enum(['done', 'skipped', 'missed']);
export type EntryStatus = z.infer<typeof EntryStatus>;

export const EntryParams = z.object({ date: LocalDate, activityId: Id });
export type EntryParams = z.infer<typeof EntryParams>;

export const PutEntryBody = z
  .object({
    value: z.number().finite().min(0).max(1_000_000).nullable().optional(),
    note: Text(1000).optional(),
    status: EntryStatus.optional(),
  })
  .refine((b) => b.value != null || b.status !== undefined, {
    message: 'give a value, a status, or both',
    path: ['value'],
  });
export type PutEntryBody = z.infer<typeof PutEntryBody>;

export const DayParams = z.object({ date: LocalDate });
export type DayParams = z.infer<typeof DayParams>;

export const TodayQuery = z.object({ date: LocalDate.optional() });
export type TodayQuery = z.infer<typeof TodayQuery>;

/** A date for planning (pauses, deadlines): real, from 1970, up to five years ahead. */
export const PlanDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(isRealDate, 'is not a real calendar date')
  .refine((d) => d >= EARLIEST_DATE, `must not be before ${EARLIEST_DATE}`)
  .refine((d) => d <= addDays(utcToday(), 5 * 366), 'must be within five years from today');

export const PauseBody = z
  .object({ from: PlanDate, to: PlanDate.optional() })
  .refine((p) => p.to === undefined || p.to >= p.from, { message: 'must not be before from', path: ['to'] });
export type PauseBody = z.infer<typeof PauseBody>;

export const PauseParams = z.object({ id: Id, from: PlanDate });
export type PauseParams = z.infer<typeof PauseParams>;

export const ListEntriesQuery = PageQuery.extend({
  from: LocalDate.optional(),
  to: LocalDate.optional(),
  activityId: Id.optional(),
  category: z.string().trim().min(1).max(40).optional(),
  /** `asc`: oldest first (default); `desc`: newest first. */
  order: z.enum(['asc', 'desc']).default('asc'),
}).refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after to', path: ['from'] });
export type ListEntriesQuery = z.infer<typeof ListEntriesQuery>;

/** Most goals one user may keep, and activities one goal may link. */
export const MAX_GOALS_PER_USER = 100;
export const MAX_LINKS_PER_GOAL = 20;

export const GoalLinkInput = z.object({
  activityId: Id,
  weight: z.number().finite().gt(0, 'must be positive').max(1000),
});

export const GoalLinks = z
  .array(GoalLinkInput)
  .max(MAX_LINKS_PER_GOAL)
  .refine((links) => new Set(links.map((l) => l.activityId)).size === links.length, 'must not link an activity twice');

const GoalName = z.string().trim().min(1).max(80);

export const CreateGoalBody = z
  .object({
    name: GoalName,
    description: Text(500).optional(),
    targetValue: z.number().finite().gt(0, 'must be positive').max(1e9),
    unit: Text(20).optional(),
    startDate: LocalDate.optional(),
    deadline: PlanDate.nullable().optional(),
    links: GoalLinks.optional(),
  })
  .refine((g) => !g.deadline || !g.startDate || g.deadline >= g.startDate, {
    message: 'must not be before startDate',
    path: ['deadline'],
  });
export type CreateGoalBody = z.infer<typeof CreateGoalBody>;

export const UpdateGoalBody = z
  .object({
    name: GoalName.optional(),
    description: Text(500).optional(),
    targetValue: z.number().finite().gt(0, 'must be positive').max(1e9).optional(),
    unit: Text(20).optional(),
    startDate: LocalDate.optional(),
    deadline: PlanDate.nullable().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'nothing to change');
export type UpdateGoalBody = z.infer<typeof UpdateGoalBody>;

export const GoalLinksBody = z.object({ links: GoalLinks });
export type GoalLinksBody = z.infer<typeof GoalLinksBody>;

export const GoalParams = z.object({ id: Id });
export type GoalParams = z.infer<typeof GoalParams>;

export const StatsQuery = z.object({ date: LocalDate.optional() });
export type StatsQuery = z.infer<typeof StatsQuery>;
