/**
 * What the tracking routes answer: activities, entries, today, goals, analytics, imports and
 * exports (see shared/kit/responses.ts). Each mirrors a domain type the web app also reads
 * (ActivityView, Entry, TodayView, GoalView, ActivityInsights, ProgressDashboard, ImportJobView,
 * ExportResult); the integration test parses real answers with these.
 *
 * The enums come from the input schemas, which are built with zod/mini (they go into Lambda
 * bundles; these never do): a field that describes one wraps it with classic zod's functions
 * (`z.nullable(…)`) or restates its values (`z.enum(X.options)`), as mini schemas have no methods.
 */
import * as z from 'zod';
import { count, day, fraction, Page, percentage, timestamp } from '../kit/responses.ts';
import { ACTIVITY_COLORS, ACTIVITY_ICON_NAMES } from './appearance.ts';
import { ImportFormat } from './import-model.ts';
import { ActivityStatus, Difficulty, Direction, EntryStatus, Priority, Weekday } from './schemas.ts';

const activityId = z.uuid().describe('An activity id');
const goalId = z.uuid().describe('A goal id');

// ── activities ───────────────────────────────────────────────────────────────────────────────

/** How often an activity is due, normalised (the form create and update answer with). */
export const Cadence = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('daily') }).describe('Every day'),
    z
      .strictObject({
        type: z.literal('weekly'),
        timesPerWeek: z.number().int().min(1).max(7).describe('Completions wanted in each ISO week (Monday\u2013Sunday), on any days'),
      })
      .describe('N times a week'),
    z
      .strictObject({
        type: z.literal('interval'),
        everyDays: z.number().int().min(2).max(366).describe('Due every N days, counted from the start date'),
      })
      .describe('Every N days'),
    z
      .strictObject({
        type: z.literal('monthly'),
        timesPerMonth: z.number().int().min(1).max(28).describe('Completions wanted in each calendar month, on any days'),
      })
      .describe('N times a month'),
    z
      .strictObject({
        type: z.literal('weekdays'),
        weekdays: z.array(Weekday).min(1).max(7).describe('The due weekdays, Monday first, no repeats'),
      })
      .describe('On named weekdays'),
  ])
  .meta({ id: 'Cadence', description: 'How often an activity is due' });

/** A pause: both ends included, local dates; open-ended without `to`. */
export const DateRange = z
  .strictObject({
    from: day('First paused day (the user\u2019s local date)'),
    to: day('Last paused day, included; absent while the pause is open-ended').optional(),
  })
  .meta({ id: 'DateRange', description: 'A range of the user\u2019s local dates, both ends included' });

/** DayOutcome (analytics/series.ts). */
export const DayOutcome = z
  .enum(['done', 'over', 'missed', 'kept', 'skipped', 'pending', 'rest'])
  .meta({
    id: 'DayOutcome',
    description:
      'done; over (a limit exceeded); missed; kept (a limit\u2019s empty day that is over); skipped; pending (today, still open); rest (an empty day of a weekly habit: the week is judged whole)',
  });

/** ActivityStats (model.ts), rolled forward to the date the answer is about. */
export const ActivityStats = z
  .strictObject({
    asOf: day().nullable().describe('Last day folded into these numbers (the day before, while that day is due with no entry yet)'),
    currentStreak: count('Consecutive done occasions up to asOf: days, or ISO weeks for a weekly cadence'),
    longestStreak: count('Longest run of done occasions ever'),
    strength: fraction(
      'Habit strength, a fraction 0\u20131 (not a percentage): rises on completions, decays on misses (docs/metrics.md)',
    ),
    doneCount: count('Occasions done: days, or ISO weeks for a weekly cadence'),
    skippedCount: count('Due days skipped (any skipped day, for a weekly cadence)'),
    missedCount: count('Occasions missed: days, or ISO weeks for a weekly cadence'),
    dueCount: count('Occasions judged so far (done + missed): skipped and paused ones are not due'),
    lastDoneDate: day().nullable().describe('Last local date with a done entry'),
    consecutiveMisses: count('Due occasions missed in a row, up to asOf (2 or more: at risk)'),
    weekDone: count('Weekly cadence only: completions in the ISO week holding asOf').optional(),
    weekOff: count('Weekly cadence only: days of that week up to asOf that do not count (inactive or skipped)').optional(),
    since: day('Tracking start, when entries predate startDate (every view counts from it)').optional(),
    ahead: z
      .array(
        z.strictObject({
          date: day(),
          status: EntryStatus,
          value: z.number().nullable(),
        }),
      )
      .optional()
      .describe('Entries dated after asOf\u2019s day (planned ahead): they count once their day comes'),
  })
  .meta({ id: 'ActivityStats', description: 'Streaks, strength and counts, folded from the activity\u2019s history' });

/** ActivityView (activities.ts). */
export const Activity = z
  .strictObject({
    id: activityId,
    name: z.string().min(1).describe('Unique per user, ignoring case and width'),
    description: z.string().describe('Empty when none was given'),
    category: z.string().describe('Free text; empty when none was given'),
    unit: z.string().describe('Unit of entry values (e.g. km); empty for none'),
    goal: z
      .number()
      .nullable()
      .describe('Per due day: a target for a positive activity, a limit for a negative one; null for a plain check-in'),
    direction: z.enum(Direction.options).describe('positive: something to do; negative: something to avoid or limit'),
    cadence: Cadence,
    difficulty: Difficulty,
    priority: Priority,
    color: z.enum(ACTIVITY_COLORS).describe('From a fixed palette; the app picks the shade for its theme'),
    icon: z.enum(ACTIVITY_ICON_NAMES).nullable().describe('From a fixed set of icon names; null for none'),
    position: z.number().describe('Sort key of the user\u2019s order, lower first (ties: by name); PUT …/position moves one'),
    status: z.enum(ActivityStatus.options).describe('paused is derived: today (in the user\u2019s time zone) lies inside one of `pauses`'),
    pauses: z.array(DateRange).describe('Paused ranges, oldest first; they never overlap'),
    atRisk: z.boolean().describe('Set by the hourly risk scan: two or more due occasions missed in a row'),
    lastLoggedDate: day().nullable().describe('Last date the user logged an entry for (finalize’s missed entries do not count); null before any'),
    startDate: day('Local date from which the activity is due'),
    reminders: z.array(z.string()).describe('Reminder times (HH:MM, sorted) in the user\u2019s time zone; empty for none'),
    createdAt: timestamp(),
    updatedAt: timestamp(),
    deactivatedAt: timestamp().nullable().describe('When it was archived; null unless archived'),
    stats: ActivityStats,
  })
  .meta({
    id: 'Activity',
    description: 'An activity (= habit); its stats rolled forward to the user\u2019s today (to the date asked, in /today)',
  });

export const ActivityPage = Page(Activity, 'ActivityPage');

// ── entries and today ────────────────────────────────────────────────────────────────────────

/** Entry (model.ts). */
export const Entry = z
  .strictObject({
    activityId,
    date: day('The user\u2019s local date the entry is for'),
    value: z.number().nullable().describe('In the activity\u2019s unit; null when only a status was recorded'),
    note: z.string().describe('Empty when none was given'),
    status: EntryStatus,
    statusSource: z
      .enum(['explicit', 'derived', 'finalized'])
      .describe(
        'explicit: sent by the client; derived: from the value against the goal and direction when written; finalized: recorded as missed by finalize',
      ),
    source: z.literal('wearable').optional().describe('Present when a wearable mapping rule wrote the entry from device data'),
    createdAt: timestamp(),
    updatedAt: timestamp('Time of the last change'),
  })
  .meta({ id: 'Entry', description: 'One activity on one local date' });

export const EntryPage = Page(Entry, 'EntryPage');

export const FinalizeResult = z
  .strictObject({
    date: day('The finalized local date'),
    recorded: count('Missed entries this call recorded (0 when the day was already finalized)'),
  })
  .meta({ id: 'FinalizeResult', description: 'What finalizing a day recorded' });

/** TodayView (today.ts). */
export const Today = z
  .strictObject({
    date: day('The local date shown: today in the user\u2019s time zone unless `date` was asked'),
    timezone: z.string().describe('The user\u2019s IANA time zone'),
    items: z
      .array(
        z.strictObject({
          activity: Activity,
          entry: Entry.nullable().describe('The entry on `date`; null when there is none'),
          due: z
            .boolean()
            .describe(
              'Expected on `date`: its cadence, pauses and tracking start (a weekly one: until its week has the completions it needs, skips lowering that)',
            ),
          outcome: DayOutcome.nullable().describe('What the day amounts to, as the stats and the heatmap say (docs/metrics.md \u00a74)'),
        }),
      )
      .describe('Every activity active on `date`, by priority (high first), then name'),
    summary: z.strictObject({
      activities: count('Items'),
      due: count('Items due on the date'),
      done: count('Items with a done entry'),
      skipped: count('Items with a skipped entry'),
      missed: count('Items with a missed entry'),
      open: count('Due items with no entry yet that need one (a limit\u2019s empty day is kept, not open)'),
    }),
  })
  .meta({ id: 'Today', description: 'Every active activity with its entry for one date' });

// ── analytics ────────────────────────────────────────────────────────────────────────────────

const rate = fraction().nullable().describe('done / due, a fraction 0\u20131 with 4 decimals; null when nothing was due');

const occasionCounts = {
  due: count('Judged occasions: done + missed (skipped and pending ones are left out)'),
  done: count(),
  skipped: count(),
  missed: count(),
  pending: count('Occasions not over yet (today, or the current week of a weekly cadence)'),
  rate,
};

export const OccasionCounts = z
  .strictObject(occasionCounts)
  .meta({
    id: 'OccasionCounts',
    description: 'Occasions by outcome: due days, or completions for a weekly cadence (skipped: days) \u2014 the units of the consistency score',
  });

export const Consistency = z
  .strictObject({
    score: percentage().nullable().describe('100 \u00d7 completed / expected, a percentage with 1 decimal; null when nothing was expected'),
    completed: count('Completions that count'),
    expected: count('Completions expected (due days, or the completions the weeks needed)'),
    from: day('First local date of the window'),
    to: day('Last local date of the window'),
  })
  .meta({ id: 'Consistency', description: 'Consistency score over a 30-day window (docs/metrics.md)' });

export const HeatCell = z
  .strictObject({
    date: day('Local date'),
    status: z.nullable(EntryStatus).describe('The entry\u2019s status; null without an entry'),
    value: z.number().nullable().describe('The entry\u2019s value; null without one'),
    due: z.boolean().describe('Expected that day: a due day, or an open day of an unsatisfied week'),
    outcome: DayOutcome.nullable().describe('What the day amounts to; null when it is not a due day (docs/metrics.md \u00a74)'),
    level: z.number().int().min(0).max(4).describe('Intensity 0\u20134 (0: no done entry; docs/metrics.md)'),
  })
  .meta({ id: 'HeatCell', description: 'One day of the heatmap' });

export const PeriodRow = z
  .strictObject({
    period: z.string().describe('The ISO week\u2019s Monday (YYYY-MM-DD) in `weekly`; YYYY-MM in `monthly`'),
    from: day('First local date of the period'),
    to: day('Last local date of the period'),
    ...occasionCounts,
    valueSum: z.number().describe('Sum of the values recorded in the period (any status), in the activity\u2019s unit'),
  })
  .meta({ id: 'PeriodRow', description: 'One ISO week or calendar month of a series' });

export const TrendPoint = z
  .strictObject({
    weekStart: day('Monday of the sampled week'),
    date: day('The day sampled: the week\u2019s Sunday, or the answer\u2019s date for the current week'),
    score: percentage().nullable().describe('The 30-day consistency score at `date`, a percentage; null when nothing was expected'),
  })
  .meta({ id: 'TrendPoint', description: 'One weekly sample of the consistency score' });

const windowDays = count('Days looked back over, today included');

export const Suggestion = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('lower_frequency'),
      message: z.string(),
      evidence: z.strictObject({
        failureRate: fraction('missed / due over the window, a fraction'),
        missed: count(),
        due: count(),
        windowDays,
      }),
      proposal: z.strictObject({ cadence: Cadence }),
    }),
    z.strictObject({
      kind: z.literal('make_easier'),
      message: z.string(),
      evidence: z.strictObject({
        consistency: percentage('The consistency score, a percentage'),
        completed: z.number().min(0),
        expected: z.number().min(0),
        windowDays,
      }),
      proposal: z.strictObject({
        difficulty: z.optional(Difficulty).describe('One step easier'),
        goal: z.number().optional().describe('An easier goal (a lower target, or a higher limit)'),
      }),
    }),
    z.strictObject({
      kind: z.literal('restart_smaller'),
      message: z.string(),
      evidence: z.strictObject({ longestStreak: count(), currentStreak: count(), consecutiveMisses: count() }),
      proposal: z.strictObject({
        targetStreak: z.number().int().min(1).describe('A first streak to aim for, in occasions'),
        goal: z.number().optional().describe('An easier goal to go with it'),
      }),
    }),
  ])
  .meta({ id: 'Suggestion', description: 'An adaptive suggestion, the numbers that triggered it and what it proposes' });

/** ActivityInsights (insights.ts). */
export const ActivityInsights = z
  .strictObject({
    activity: Activity,
    date: day('The local date the analytics are as of: the user\u2019s today unless `date` was asked'),
    consistency: Consistency,
    completion: OccasionCounts,
    heatmap: z.array(HeatCell).describe('The year ending at `date` (365 or 366 days), oldest first'),
    weekly: z.array(PeriodRow).describe('The 12 ISO weeks ending with the one holding `date`, oldest first'),
    monthly: z.array(PeriodRow).describe('The 12 calendar months ending with the one holding `date`, oldest first'),
    trend: z.array(TrendPoint).describe('12 weekly samples, oldest first'),
    suggestions: z.array(Suggestion).describe('Empty unless the activity is active and one applies'),
  })
  .meta({ id: 'ActivityInsights', description: 'Everything about one activity\u2019s progress, as of a date' });

// ── goals ────────────────────────────────────────────────────────────────────────────────────

export const GoalLink = z
  .strictObject({
    activityId,
    weight: z.number().positive().max(1000).describe('What each unit of the activity (or each done check-in) counts'),
  })
  .meta({ id: 'GoalLink', description: 'An activity feeding a goal' });

/** GoalProgress (analytics/goals.ts). */
export const GoalProgress = z
  .strictObject({
    goalId,
    name: z.string(),
    unit: z.string(),
    currentValue: z.number().describe('Weighted sum of the linked activities\u2019 contributions so far'),
    targetValue: z.number(),
    progress: fraction('currentValue / targetValue capped to 0\u20131, a fraction with 4 decimals (not a percentage)'),
    remaining: z.number().min(0).describe('max(0, targetValue \u2212 currentValue)'),
    reached: z.boolean().describe('currentValue \u2265 targetValue'),
    deadline: day().nullable().describe('Last local date that counts; null without one'),
    daysToDeadline: z.number().int().nullable().describe('Days from the answer\u2019s date to the deadline (negative once passed); null without one'),
  })
  .meta({ id: 'GoalProgress', description: 'Where a goal stands' });

/** GoalView (goals.ts). */
export const Goal = z
  .strictObject({
    id: goalId,
    name: z.string().min(1),
    description: z.string().describe('Empty when none was given'),
    targetValue: z.number().positive(),
    unit: z.string().describe('Empty for none'),
    startDate: day('Entries on or after this local date count'),
    deadline: day().nullable().describe('Entries after this local date do not count; null without one'),
    links: z.array(GoalLink),
    currentValue: z.number().describe('Weighted sum so far, kept by a consumer: it follows a write within moments'),
    completedAt: timestamp().nullable().describe('When the target was first reached; it stays set if the value later drops'),
    createdAt: timestamp(),
    updatedAt: timestamp(),
    progress: GoalProgress,
  })
  .meta({ id: 'Goal', description: 'A long-term goal fed by activities, with its progress' });

export const GoalPage = Page(Goal, 'GoalPage');

// ── dashboard ────────────────────────────────────────────────────────────────────────────────

export const DayCompletion = z
  .strictObject({
    date: day('Local date'),
    expected: count('Activities expected that day (due and not skipped)'),
    done: count('Of those, the ones done'),
    rate: fraction().nullable().describe('done / expected, a fraction with 4 decimals; null when nothing was expected'),
    active: z.boolean().describe('At least one activity has a done entry that day'),
  })
  .meta({ id: 'DayCompletion', description: 'Completion of one day' });

/** ProgressDashboard (analytics/dashboard.ts). */
export const Dashboard = z
  .strictObject({
    date: day('The local date the dashboard is as of: the user\u2019s today unless `date` was asked'),
    from: day('First local date of the 30-day window'),
    today: DayCompletion,
    averages: z.strictObject({
      last7: fraction().nullable().describe('Mean daily completion rate over the last 7 days with something expected, a fraction; null when none'),
      last30: fraction().nullable().describe('The same over 30 days'),
    }),
    days: z.array(DayCompletion).describe('The 30 days, oldest first'),
    activeDays: count('Days of the 30 with at least one done entry'),
    categories: z
      .array(
        z.strictObject({
          category: z.string().describe('Empty for activities without one'),
          baseline: fraction().nullable().describe('Mean over the days of the category\u2019s daily goal fulfilment, a fraction'),
          fulfilment: fraction().nullable().describe('Mean fulfilment over every expected (activity, day) pair, a fraction'),
          today: fraction().nullable().describe('Fulfilment on `date`, a fraction; null when none of the category is expected'),
          days: count('Days with at least one expected activity of the category'),
          pairs: count('Expected (activity, day) pairs'),
        }),
      )
      .describe('Goal fulfilment per category, by category name'),
    direction: z.strictObject({
      positiveDone: count('Done entries of positive activities in the window'),
      negativeDone: count('Done entries of negative activities in the window'),
      ratio: z.number().min(0).nullable().describe('positiveDone / negativeDone (4 decimals); null when negativeDone is 0'),
      positiveShare: fraction().nullable().describe('positiveDone / all done, a fraction; null when nothing was done'),
      negativeShare: fraction().nullable().describe('negativeDone / all done, a fraction; null when nothing was done'),
    }),
    topConsistent: z
      .array(
        z.strictObject({
          activityId,
          name: z.string(),
          category: z.string(),
          score: percentage('30-day consistency score, a percentage with 1 decimal'),
          completed: z.number().min(0),
          expected: z.number().min(0),
        }),
      )
      .max(5)
      .describe('The five active activities with the best 30-day consistency (ties by name)'),
    goals: z.array(GoalProgress),
  })
  .meta({ id: 'Dashboard', description: 'The progress dashboard over the 30 days ending at `date` (docs/metrics.md)' });

// ── imports and exports ──────────────────────────────────────────────────────────────────────

const row = count('1-based row (line of the file, header included; 0 for a whole-activity problem)');
const file = z.string().optional().describe('The file inside a Loop ZIP; absent for a single file');

export const ImportSummary = z
  .strictObject({
    imported: count('Entries that did not exist before'),
    updated: count('Entries that existed and changed'),
    unchanged: count('Entries that existed with the same value, note and status'),
    rejected: count('Rows rejected (all of them, even beyond the listed ones)'),
    activitiesCreated: count('Activities the import created'),
    rejections: z
      .array(z.strictObject({ file, row, reason: z.string() }))
      .max(500)
      .describe('The first 500 rejections'),
    warnings: z
      .array(z.strictObject({ file, row, message: z.string() }))
      .max(500)
      .describe('Things that stopped nothing (e.g. a Loop note on a day without an entry)'),
  })
  .meta({ id: 'ImportSummary', description: 'What an import did, row by row' });

/** ImportJobView (imports.ts). */
export const ImportJob = z
  .strictObject({
    id: z.string().regex(/^[0-9a-z]{10,40}$/).describe('Time-ordered import id'),
    format: ImportFormat,
    fileName: z.string().min(1),
    status: z
      .enum(['awaiting_upload', 'queued', 'processing', 'completed', 'failed'])
      .describe('awaiting_upload \u2192 queued \u2192 processing \u2192 completed or failed'),
    rowsRead: count('Rows read so far (progress while processing)'),
    rowsApplied: count('Entries written (or found unchanged) so far; a resumed import carries on from here'),
    attempts: count('Runs since the import last got further; it fails after 3'),
    summary: ImportSummary.nullable().describe('Set once completed'),
    error: z
      .strictObject({ code: z.string(), message: z.string() })
      .nullable()
      .describe('Why it failed (a whole-file problem: header, encoding, size; or what made its last attempt fail); null otherwise'),
    allHabits: z.boolean().optional().describe('Loop exports: the habits without check-marks are imported too'),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  })
  .meta({ id: 'ImportJob', description: 'An import of one file, from upload to summary' });

export const ImportJobPage = Page(ImportJob, 'ImportJobPage');

/** A presigned URL on the app's origin (shared/aws/s3-objects.ts onAppOrigin): `/_files/<bucket>/…`. */
const FileUrl = z.string().regex(/^\/_files\/[a-z0-9-]+\/[^?]+\?.*X-Amz-Signature=/);

export const CreatedImport = z
  .strictObject({
    import: ImportJob,
    upload: z
      .strictObject({
        url: z
          .string()
          .regex(/^\/_files\/[a-z0-9-]+\/$/)
          .describe('Where to POST the form (multipart/form-data), relative to the API\'s origin (`/_files/imports/`)'),
        method: z.literal('POST'),
        fields: z
          .record(z.string(), z.string())
          .describe('Form fields to send as they are, before the file; the file goes last, in the field `file`'),
        maxBytes: z.number().int().min(1).describe('The largest file the form accepts: the declared `size`'),
        expiresAt: timestamp('When the form stops working'),
      })
      .optional()
      .describe('Present when `size` was sent: upload the file, then POST /v1/imports/{id}/start. Absent for inline content (queued at once)'),
  })
  .meta({ id: 'CreatedImport', description: 'A new import, and where to upload its file' });

/** ExportResult (exports.ts). */
export const Export = z
  .strictObject({
    id: z.string().regex(/^[0-9a-z]+$/),
    format: z.enum(['csv', 'json']),
    fileName: z.string().describe('Name the download is saved under'),
    url: FileUrl.describe('Presigned download URL, relative to the API\'s origin (`/_files/exports/…`)'),
    expiresAt: timestamp('When the URL stops working'),
    bytes: count('Size of the file'),
    activities: count('Activities exported'),
    entries: count('Entries exported'),
  })
  .meta({ id: 'Export', description: 'A finished export and its short-lived download URL' });
