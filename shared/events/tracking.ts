import * as z from 'zod/mini';
import { EntryStatus } from '../tracking/entry-schemas.ts';
import { BaseDetail, type EventSpecs } from './event-spec.ts';

/** A calendar date, `YYYY-MM-DD`. */
const IsoDate = z.iso.date();

/** A string that is not empty (ids). */
const NonEmpty = z.string().check(z.minLength(1));

const ActivityRef = z.extend(BaseDetail, { activityId: NonEmpty });
const GoalRef = z.extend(BaseDetail, { goalId: NonEmpty });

/** Detail of `entry.logged` / `entry.deleted` (status, value and source only on `entry.logged`). */
export const EntryChanged = z.extend(ActivityRef, {
  date: IsoDate,
  status: z.optional(EntryStatus),
  value: z.optional(z.nullable(z.number())),
  /** How the entry got its status; `finalized` entries were not logged by the user. */
  source: z.optional(z.enum(['explicit', 'derived', 'finalized'])),
  /** Epoch ms of the change; orders deliveries. */
  at: z.number(),
});
export type EntryChanged = z.infer<typeof EntryChanged>;

/** The tracking area's events. */
export const trackingEvents = {
  'entry.logged': {
    area: 'tracking',
    description: 'An entry was recorded or replaced (by the user, an import or finalize).',
    detail: EntryChanged,
    client: true,
  },
  'entry.deleted': {
    area: 'tracking',
    description: 'An entry was deleted.',
    detail: EntryChanged,
    client: true,
  },
  'activity.changed': {
    area: 'tracking',
    description: 'An activity was created or its settings changed (its stats must be recomputed).',
    detail: ActivityRef,
    client: true,
  },
  'activity.deleted': {
    area: 'tracking',
    description: 'An archived activity was deleted with its entries.',
    detail: ActivityRef,
    client: true,
  },
  'activity.at_risk': {
    area: 'tracking',
    description: 'An active activity missed its last two due occasions (published once when it becomes at risk).',
    detail: z.extend(ActivityRef, { name: z.string(), consecutiveMisses: z.number(), date: IsoDate }),
    client: true,
  },
  'stats.updated': {
    area: 'tracking',
    description: "An activity's roll-ups and stats (and the progress of the goals it feeds) were recomputed after a change.",
    detail: z.extend(ActivityRef, { date: z.optional(IsoDate) }),
    client: true,
  },
  'nudge.sent': {
    area: 'tracking',
    description: 'A nudge (in-app reminder) was made for an activity not logged for two days or more.',
    detail: z.extend(ActivityRef, { name: z.string(), notificationId: NonEmpty }),
    client: true,
  },
  'reminder.due': {
    area: 'tracking',
    description: 'A reminder time of an activity came while the activity was due and not yet done or skipped (shared/reminders).',
    detail: z.extend(ActivityRef, { name: z.string(), date: IsoDate, time: z.string(), notificationId: NonEmpty }),
    client: true,
  },
  'goal.changed': {
    area: 'tracking',
    description: 'A goal or its links changed (its progress must be recomputed).',
    detail: GoalRef,
    client: true,
  },
  'goal.progressed': {
    area: 'tracking',
    description: "A goal's progress was recomputed after the goal or its links changed (clients re-read it then).",
    detail: GoalRef,
    client: true,
  },
  'goal.completed': {
    area: 'tracking',
    description: 'A goal reached its target (published once per goal).',
    detail: z.extend(GoalRef, { name: z.string(), targetValue: z.number(), currentValue: z.number() }),
    client: true,
  },
  'import.requested': {
    area: 'tracking',
    description: 'An uploaded file is ready to be imported, or a stalled import is to be resumed from its checkpoint.',
    detail: z.extend(BaseDetail, {
      importId: NonEmpty,
      /** Set by the sweeper: the token that lets this message take over a stalled run. */
      resume: z.optional(NonEmpty),
    }),
  },
  'import.progress': {
    area: 'tracking',
    description: 'A running import got further (at most every 2 seconds): rows read and applied, and the total once known.',
    detail: z.extend(BaseDetail, {
      importId: NonEmpty,
      format: z.string(),
      /** `checking`: the file is read through once without writing (Apple Health); `writing`: rows are applied. */
      phase: z.enum(['checking', 'writing']),
      rowsRead: z.number(),
      rowsApplied: z.number(),
      /** Rows the file holds, once a first pass has counted them. */
      total: z.optional(z.number()),
    }),
    client: true,
  },
  'import.completed': {
    area: 'tracking',
    description: 'An import finished; the detail holds its counts.',
    detail: z.extend(BaseDetail, {
      importId: NonEmpty,
      summary: z.object({ imported: z.number(), updated: z.number(), unchanged: z.number(), rejected: z.number() }),
    }),
    client: true,
  },
} satisfies EventSpecs;
