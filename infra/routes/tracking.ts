/**
 * The tracking area's routes, consumers and schedules: activities (= habits), entries, today,
 * goals, analytics, imports and exports. `trackingRoutes` holds what the handlers need at run
 * time; `trackingDeployment` what only the CDK app, the local runtime and the docs read.
 */
import { contracts, route } from '../../shared/contract/routes.ts';
import { PageQuery } from '../../shared/kit/schemas.ts';
import { CreateImportBody, ExportBody, ImportParams, MAX_IMPORT_ATTEMPTS, MAX_INLINE_IMPORT_BYTES } from '../../shared/tracking/import-model.ts';
import {
  Activity,
  ActivityInsights,
  ActivityPage,
  CreatedImport,
  Dashboard,
  Entry,
  EntryPage,
  Export,
  FinalizeResult,
  Goal,
  GoalPage,
  ImportJob,
  ImportJobPage,
  Today,
} from '../../shared/tracking/responses.ts';
import {
  ActivityParams,
  CreateActivityBody,
  CreateGoalBody,
  DayParams,
  EntryParams,
  GoalLinksBody,
  GoalParams,
  ListActivitiesQuery,
  ListEntriesQuery,
  MoveActivityBody,
  PauseBody,
  PauseParams,
  PutEntryBody,
  StatsQuery,
  TodayQuery,
  UpdateActivityBody,
  UpdateGoalBody,
} from '../../shared/tracking/schemas.ts';
import type { ConsumerDef, Deployments, ScheduleDef } from './types.ts';

/** Small import files may come inline; base64 grows them by a third. */
const INLINE_IMPORT_BODY_BYTES = Math.ceil((MAX_INLINE_IMPORT_BYTES * 4) / 3) + 4096;

export const createActivityRoute = route('create-activity', { method: 'POST', path: '/v1/activities', auth: 'user', body: CreateActivityBody });
export const listActivitiesRoute = route('list-activities', { method: 'GET', path: '/v1/activities', auth: 'user', query: ListActivitiesQuery });
export const getActivityRoute = route('get-activity', { method: 'GET', path: '/v1/activities/{id}', auth: 'user', params: ActivityParams });
export const updateActivityRoute = route('update-activity', { method: 'PATCH', path: '/v1/activities/{id}', auth: 'user', params: ActivityParams, body: UpdateActivityBody });
export const deleteActivityRoute = route('delete-activity', { method: 'DELETE', path: '/v1/activities/{id}', auth: 'user', params: ActivityParams, successStatus: 204 });
export const activateActivityRoute = route('activate-activity', { method: 'POST', path: '/v1/activities/{id}/activate', auth: 'user', params: ActivityParams, successStatus: 200 });
export const deactivateActivityRoute = route('deactivate-activity', { method: 'POST', path: '/v1/activities/{id}/deactivate', auth: 'user', params: ActivityParams, successStatus: 200 });
export const moveActivityRoute = route('move-activity', { method: 'PUT', path: '/v1/activities/{id}/position', auth: 'user', params: ActivityParams, body: MoveActivityBody });
export const addPauseRoute = route('add-pause', { method: 'POST', path: '/v1/activities/{id}/pauses', auth: 'user', params: ActivityParams, body: PauseBody });
export const removePauseRoute = route('remove-pause', { method: 'DELETE', path: '/v1/activities/{id}/pauses/{from}', auth: 'user', params: PauseParams });
export const resumeActivityRoute = route('resume-activity', { method: 'POST', path: '/v1/activities/{id}/resume', auth: 'user', params: ActivityParams, successStatus: 200 });
export const getActivityStatsRoute = route('get-activity-stats', { method: 'GET', path: '/v1/activities/{id}/stats', auth: 'user', params: ActivityParams, query: StatsQuery });
// Idempotent: the web app's offline outbox sends a queued write again with the same key, and a
// late retry must not overwrite a newer value (it gets the first answer back instead).
export const putEntryRoute = route('put-entry', { method: 'PUT', path: '/v1/entries/{date}/{activityId}', auth: 'user', params: EntryParams, body: PutEntryBody, idempotent: true });
export const deleteEntryRoute = route('delete-entry', { method: 'DELETE', path: '/v1/entries/{date}/{activityId}', auth: 'user', params: EntryParams, successStatus: 204, idempotent: true });
export const finalizeDayRoute = route('finalize-day', { method: 'POST', path: '/v1/days/{date}/finalize', auth: 'user', params: DayParams, successStatus: 200 });
export const listEntriesRoute = route('list-entries', { method: 'GET', path: '/v1/entries', auth: 'user', query: ListEntriesQuery });
export const getTodayRoute = route('get-today', { method: 'GET', path: '/v1/today', auth: 'user', query: TodayQuery });
export const createGoalRoute = route('create-goal', { method: 'POST', path: '/v1/goals', auth: 'user', body: CreateGoalBody });
export const listGoalsRoute = route('list-goals', { method: 'GET', path: '/v1/goals', auth: 'user', query: PageQuery });
export const getGoalRoute = route('get-goal', { method: 'GET', path: '/v1/goals/{id}', auth: 'user', params: GoalParams });
export const updateGoalRoute = route('update-goal', { method: 'PATCH', path: '/v1/goals/{id}', auth: 'user', params: GoalParams, body: UpdateGoalBody });
export const setGoalLinksRoute = route('set-goal-links', { method: 'PUT', path: '/v1/goals/{id}/links', auth: 'user', params: GoalParams, body: GoalLinksBody });
export const deleteGoalRoute = route('delete-goal', { method: 'DELETE', path: '/v1/goals/{id}', auth: 'user', params: GoalParams, successStatus: 204 });
export const createImportRoute = route('create-import', { method: 'POST', path: '/v1/imports', auth: 'user', body: CreateImportBody, bodyBytes: INLINE_IMPORT_BODY_BYTES });
export const startImportRoute = route('start-import', { method: 'POST', path: '/v1/imports/{id}/start', auth: 'user', params: ImportParams, successStatus: 202 });
export const retryImportRoute = route('retry-import', { method: 'POST', path: '/v1/imports/{id}/retry', auth: 'user', params: ImportParams, successStatus: 202 });
export const getImportRoute = route('get-import', { method: 'GET', path: '/v1/imports/{id}', auth: 'user', params: ImportParams });
export const listImportsRoute = route('list-imports', { method: 'GET', path: '/v1/imports', auth: 'user', query: PageQuery });
export const createExportRoute = route('create-export', { method: 'POST', path: '/v1/exports', auth: 'user', body: ExportBody });
export const getDashboardRoute = route('get-dashboard', { method: 'GET', path: '/v1/dashboard', auth: 'user', query: StatsQuery });

export const trackingRoutes = contracts([
  createActivityRoute,
  listActivitiesRoute,
  getActivityRoute,
  updateActivityRoute,
  deleteActivityRoute,
  activateActivityRoute,
  deactivateActivityRoute,
  moveActivityRoute,
  addPauseRoute,
  removePauseRoute,
  resumeActivityRoute,
  getActivityStatsRoute,
  putEntryRoute,
  deleteEntryRoute,
  finalizeDayRoute,
  listEntriesRoute,
  getTodayRoute,
  createGoalRoute,
  listGoalsRoute,
  getGoalRoute,
  updateGoalRoute,
  setGoalLinksRoute,
  deleteGoalRoute,
  createImportRoute,
  startImportRoute,
  retryImportRoute,
  getImportRoute,
  listImportsRoute,
  createExportRoute,
  getDashboardRoute,
]);

export const trackingDeployment = {
  'create-activity': {
    handler: 'functions/activities/create-activity.ts',
    resources: { table: 'write' },
    summary: 'Create an activity',
    tag: 'activities',
    response: Activity,
  },
  'list-activities': {
    handler: 'functions/activities/list-activities.ts',
    resources: { table: 'read' },
    summary: 'List activities, a page at a time',
    tag: 'activities',
    response: ActivityPage,
  },
  'get-activity': {
    handler: 'functions/activities/get-activity.ts',
    resources: { table: 'read' },
    summary: 'One activity',
    tag: 'activities',
    response: Activity,
  },
  'update-activity': {
    handler: 'functions/activities/update-activity.ts',
    resources: { table: 'write', publishes: ['activity.changed'] },
    summary: 'Change an activity; its history stays attached',
    tag: 'activities',
    response: Activity,
  },
  'delete-activity': {
    handler: 'functions/activities/delete-activity.ts',
    resources: { table: 'write', publishes: ['activity.deleted', 'goal.changed'] },
    timeoutSeconds: 29,
    summary: 'Delete an archived activity and its entries (409 while it is not archived)',
    tag: 'activities',
  },
  'activate-activity': {
    handler: 'functions/activities/activate-activity.ts',
    resources: { table: 'write', publishes: ['activity.changed'] },
    summary: 'Make an archived or paused activity active again',
    tag: 'activities',
    response: Activity,
  },
  'deactivate-activity': {
    handler: 'functions/activities/deactivate-activity.ts',
    resources: { table: 'write', publishes: ['activity.changed'] },
    summary: 'Archive an activity: no longer due, history kept',
    tag: 'activities',
    response: Activity,
  },
  'move-activity': {
    handler: 'functions/activities/move-activity.ts',
    resources: { table: 'write' },
    summary: 'Move an activity right before or after another one in the user\u2019s order (one small write as a rule)',
    tag: 'activities',
    response: Activity,
  },
  'add-pause': {
    handler: 'functions/activities/add-pause.ts',
    resources: { table: 'write', publishes: ['activity.changed'] },
    summary: 'Pause an activity over a date range (open-ended without `to`); streaks stay intact',
    tag: 'activities',
    response: Activity,
  },
  'remove-pause': {
    handler: 'functions/activities/remove-pause.ts',
    resources: { table: 'write', publishes: ['activity.changed'] },
    summary: 'Remove the pause starting on a date',
    tag: 'activities',
    response: Activity,
  },
  'resume-activity': {
    handler: 'functions/activities/resume-activity.ts',
    resources: { table: 'write', publishes: ['activity.changed'] },
    summary: 'End the pause the activity is in today',
    tag: 'activities',
    response: Activity,
  },
  'get-activity-stats': {
    handler: 'functions/analytics/get-activity-stats.ts',
    resources: { table: 'read' },
    summary: 'Streaks, strength, consistency, heatmap, weekly/monthly series, trend and suggestions of one activity',
    tag: 'analytics',
    response: ActivityInsights,
  },
  'put-entry': {
    handler: 'functions/entries/put-entry.ts',
    resources: { table: 'write', publishes: ['entry.logged'] },
    summary: 'Record (or replace) the entry of one activity on one date',
    tag: 'entries',
    response: Entry,
  },
  'delete-entry': {
    handler: 'functions/entries/delete-entry.ts',
    resources: { table: 'write', publishes: ['entry.deleted'] },
    summary: 'Delete the entry of one activity on one date',
    tag: 'entries',
  },
  'finalize-day': {
    handler: 'functions/today/finalize-day.ts',
    resources: { table: 'write', publishes: ['entry.logged'] },
    summary: "Record 'missed' for every activity due that day without an entry (idempotent): a past day, or today",
    errors: { 409: 'The day has not begun in the user’s time zone' },
    tag: 'entries',
    response: FinalizeResult,
  },
  'list-entries': {
    handler: 'functions/entries/list-entries.ts',
    resources: { table: 'read' },
    summary: 'Entries filtered by date range, activity or category, a page at a time',
    errors: { 404: 'The `activityId` filter names no activity of the user' },
    tag: 'entries',
    response: EntryPage,
  },
  'get-today': {
    handler: 'functions/today/get-today.ts',
    resources: { table: 'read' },
    summary: 'Every active activity with its entry for a date (default: today in your time zone)',
    tag: 'entries',
    response: Today,
  },
  'create-goal': {
    handler: 'functions/goals/create-goal.ts',
    resources: { table: 'write', publishes: ['goal.changed'] },
    summary: 'Create a goal, optionally linked to activities with contribution weights',
    errors: { 404: 'A linked activity is not one of the user’s' },
    tag: 'goals',
    response: Goal,
  },
  'list-goals': {
    handler: 'functions/goals/list-goals.ts',
    resources: { table: 'read' },
    summary: 'Goals with their progress, a page at a time',
    tag: 'goals',
    response: GoalPage,
  },
  'get-goal': {
    handler: 'functions/goals/get-goal.ts',
    resources: { table: 'read' },
    summary: 'One goal with its progress',
    tag: 'goals',
    response: Goal,
  },
  'update-goal': {
    handler: 'functions/goals/update-goal.ts',
    resources: { table: 'write', publishes: ['goal.changed'] },
    summary: 'Change a goal',
    tag: 'goals',
    response: Goal,
  },
  'set-goal-links': {
    handler: 'functions/goals/set-goal-links.ts',
    resources: { table: 'write', publishes: ['goal.changed'] },
    summary: "Replace a goal's linked activities and their (positive) weights",
    tag: 'goals',
    response: Goal,
  },
  'delete-goal': {
    handler: 'functions/goals/delete-goal.ts',
    resources: { table: 'write' },
    summary: 'Delete a goal (its activities and their history stay)',
    tag: 'goals',
  },
  'create-import': {
    handler: 'functions/imports/create-import.ts',
    resources: { table: 'write', buckets: { imports: 'readwrite' }, publishes: ['import.requested', 'health-import.requested'] },
    summary: 'Start an import (Mosaic CSV or JSON, or a Loop Habit Tracker ZIP): a presigned upload URL, or inline content',
    tag: 'data',
    response: CreatedImport,
  },
  'start-import': {
    handler: 'functions/imports/start-import.ts',
    resources: { table: 'write', buckets: { imports: 'readwrite' }, publishes: ['import.requested', 'health-import.requested'] },
    summary: 'Queue an uploaded file for processing (a file larger than declared is deleted and the import fails, 413)',
    tag: 'data',
    response: ImportJob,
  },
  'retry-import': {
    handler: 'functions/imports/retry-import.ts',
    resources: { table: 'write', buckets: { imports: 'read' }, publishes: ['import.requested', 'health-import.requested'] },
    summary: 'Queue a failed import again; it resumes from its checkpoint (409 unless it failed, or when its file is gone)',
    tag: 'data',
    response: ImportJob,
  },
  'get-import': {
    handler: 'functions/imports/get-import.ts',
    resources: { table: 'read' },
    summary: 'An import: status, rows read so far, and its summary (imported, updated, unchanged, rejected rows with reasons)',
    tag: 'data',
    response: ImportJob,
  },
  'list-imports': {
    handler: 'functions/imports/list-imports.ts',
    resources: { table: 'read' },
    summary: 'Imports, newest first',
    tag: 'data',
    response: ImportJobPage,
  },
  'create-export': {
    handler: 'functions/exports/create-export.ts',
    resources: { table: 'write', buckets: { exports: 'readwrite' } },
    timeoutSeconds: 29,
    memoryMb: 1024,
    summary: 'Export every activity and entry as CSV or JSON (streamed to a file); answers a download URL',
    tag: 'data',
    response: Export,
  },
  'get-dashboard': {
    handler: 'functions/analytics/get-dashboard.ts',
    resources: { table: 'read' },
    summary: "Today's completion, 7/30-day averages, category baselines, active days, ratios, top activities, goals",
    tag: 'analytics',
    response: Dashboard,
  },} satisfies Deployments<typeof trackingRoutes>;

export const trackingConsumers = {
  imports: {
    handler: 'functions/consumers/imports.ts',
    eventTypes: ['import.requested'],
    resources: { table: 'write', buckets: { imports: 'readwrite' }, publishes: ['import.completed', 'import.progress'] },
    batchSize: 1,
    // Longer than the function's timeout: a message seen again means its last run has ended.
    visibilityTimeoutSeconds: 960,
    maxReceiveCount: MAX_IMPORT_ATTEMPTS,
    timeoutSeconds: 900,
    memoryMb: 1769,
    description: 'Reads an uploaded file, applies its rows from its checkpoint on and stores the summary (one import at a time per message)',
  },
  'entry-rollups': {
    handler: 'functions/consumers/entry-rollups.ts',
    eventTypes: ['entry.logged', 'entry.deleted', 'activity.changed', 'activity.deleted', 'goal.changed'],
    resources: { table: 'write', publishes: ['goal.completed', 'goal.progressed', 'stats.updated'] },
    batchSize: 10,
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    timeoutSeconds: 30,
    memoryMb: 512,
    description:
      'Keeps daily and monthly roll-ups, activity stats and goal progress current as entries change (from their stored state), settles their pending marks, and finishes deletions of activities',
  },
  'finalize-user-days': {
    handler: 'functions/jobs/finalize-user-days.ts',
    resources: { table: 'write', publishes: ['entry.logged'] },
    batchSize: 10,
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 5,
    timeoutSeconds: 60,
    memoryMb: 512,
    description: "Records 'missed' for one user's ended local days (up to a week back)",
  },
  'scan-user-risks': {
    handler: 'functions/jobs/scan-user-risks.ts',
    resources: { table: 'write', publishes: ['activity.at_risk'] },
    batchSize: 10,
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 5,
    timeoutSeconds: 60,
    memoryMb: 512,
    description: "Marks one user's activities at risk after two missed due occasions in a row (and clears recovered ones)",
  },
  'nudge-user': {
    handler: 'functions/jobs/nudge-user.ts',
    resources: { table: 'write', publishes: ['nudge.sent'] },
    batchSize: 10,
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 5,
    timeoutSeconds: 60,
    memoryMb: 512,
    description: "In-app nudges for one user's activities not logged for two days or more (at most one per activity per day)",
  },
} satisfies Record<string, ConsumerDef>;

export const trackingSchedules = {
  'resume-imports': {
    expression: 'rate(5 minutes)',
    handler: 'functions/jobs/resume-imports.ts',
    resources: { table: 'write', publishes: ['import.requested', 'health-import.requested'] },
    timeoutSeconds: 60,
    memoryMb: 512,
    description: 'Resumes imports silent for 5 minutes (a crashed run, a lost message) from their checkpoints',
  },
  'finalize-days': {
    expression: 'rate(1 hour)',
    perUser: 'finalize-user-days',
    description: "Records 'missed' for each user's previous local day once it has ended",
  },
  'risk-scan': {
    expression: 'rate(1 hour)',
    perUser: 'scan-user-risks',
    description: 'Marks activities at risk after two missed due occasions in a row (and clears recovered ones)',
  },
  reminders: {
    // Every 5 minutes: a reminder comes at most 5 minutes after its time (docs/reminders.md).
    expression: 'rate(5 minutes)',
    handler: 'functions/jobs/send-reminders.ts',
    resources: { table: 'write', publishes: ['reminder.due'], secrets: { app: ['vapid-key'] } },
    timeoutSeconds: 240,
    memoryMb: 512,
    description: "Sends the reminders whose local time came (in-app, Web Push, real time), unless the activity is done, skipped, paused or not due that day",
  },
  nudges: {
    expression: 'rate(1 hour)',
    perUser: 'nudge-user',
    description: 'In-app nudges for activities not logged for two days or more (at most one per activity per day)',
  },
} satisfies Record<string, ScheduleDef>;
