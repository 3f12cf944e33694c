import { z } from 'zod';
import { Id, LocalDate, PageQuery } from '../kit/schemas.ts';

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

export const UpdateActivityBody = z
  .object({
    name: ActivityName.optional(),
    description: Text(500).optional(),
    category: Text(40).optional(),
    unit: Text(20).optional(),
    goal: GoalValue.nullable().optional(),
    direction: Direction.optional(),
    cadence: Cadence.optional(),
    difficulty: Difficulty.optional(),
    priority: Priority.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'nothing to change');
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
