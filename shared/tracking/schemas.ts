import * as z from 'zod/mini';
import { Id, LocalDate, PageQuery, somethingToChange, storableNumber, trimmedText } from '../kit/schemas.ts';
import { CreateActivityBody, LongText, PlanDate, Text } from './activity-schemas.ts';
import { MAX_LINKS_PER_GOAL, TEXT_LIMITS } from './limits.ts';

// Entry bodies live apart so a bundle that checks only them (the MCP function's) carries none of the rest;
// so do the activity schemas a tracking file is checked against (the import consumer's).
export * from './activity-schemas.ts';
export { PutEntryBody } from './entry-schemas.ts';

/** At least one field of an update is set. */

/** Any subset of the creation fields (at least one). */
export const UpdateActivityBody = z.partial(CreateActivityBody).check(somethingToChange);
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
      message: 'must not be before the start date',
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
  .check(somethingToChange);
export type UpdateGoalBody = z.infer<typeof UpdateGoalBody>;

export const GoalLinksBody = z.object({ links: GoalLinks });
export type GoalLinksBody = z.infer<typeof GoalLinksBody>;

export const GoalParams = z.object({ id: Id });
export type GoalParams = z.infer<typeof GoalParams>;

export const StatsQuery = z.object({ date: z.optional(LocalDate) });
export type StatsQuery = z.infer<typeof StatsQuery>;

/** Re-exported for the code that reads them beside the schemas. */
export { MAX_ACTIVITIES_PER_USER, MAX_GOALS_PER_USER, MAX_LINKS_PER_GOAL, WEEKDAYS } from './limits.ts';
