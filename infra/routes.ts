/**
 * THE route table: every HTTP route, consumer and schedule of Mosaic, declared once.
 * The CDK app (infra/cdk) makes one Lambda per entry with exactly the declared grants; the local
 * runtime (infra/local) serves the same entries; the handler wrapper reads auth, schemas and
 * limits from here; docs/openapi.json is generated from here.
 */
import { Session, SessionTokens, User } from '../shared/auth/responses.ts';
import { LoginBody, RefreshBody, RegisterBody, UpdateMeBody } from '../shared/auth/schemas.ts';
import { HealthReport } from '../shared/health/responses.ts';
import { MarkedRead, Notification, NotificationPage } from '../shared/notifications/responses.ts';
import { ListNotificationsQuery, NotificationParams } from '../shared/notifications/schemas.ts';
import { PageQuery } from '../shared/kit/schemas.ts';
import { CreateImportBody, ExportBody, ImportParams, MAX_INLINE_IMPORT_BYTES } from '../shared/tracking/import-model.ts';
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
} from '../shared/tracking/responses.ts';
import {
  ActivityParams,
  CreateActivityBody,
  CreateGoalBody,
  GoalLinksBody,
  GoalParams,
  ListEntriesQuery,
  PauseBody,
  PauseParams,
  StatsQuery,
  UpdateGoalBody,
  DayParams,
  EntryParams,
  ListActivitiesQuery,
  PutEntryBody,
  TodayQuery,
  UpdateActivityBody,
} from '../shared/tracking/schemas.ts';
import type {
  AuthRule,
  ConsumerDef,
  HttpRouteDef,
  InputSchema,
  RouteLimits,
  ScheduleDef,
} from './route-types.ts';

const DEFAULT_LIMITS: RouteLimits = { bodyBytes: 16 * 1024, timeoutSeconds: 10, memoryMb: 512 };

/** API Gateway (HTTP API) stops waiting for an integration after 30 s. */
const MAX_ROUTE_TIMEOUT_SECONDS = 29;

function route<
  A extends AuthRule,
  B extends InputSchema = undefined,
  Q extends InputSchema = undefined,
  P extends InputSchema = undefined,
>(
  def: Omit<HttpRouteDef<B, Q, P, A>, 'limits' | 'idempotent' | 'successStatus'> & {
    limits?: Partial<RouteLimits>;
    idempotent?: boolean;
    successStatus?: number;
  },
): HttpRouteDef<B, Q, P, A> {
  if ((def.limits?.timeoutSeconds ?? 0) > MAX_ROUTE_TIMEOUT_SECONDS) {
    throw new Error(`${def.method} ${def.path}: a route cannot outlive API Gateway's ${MAX_ROUTE_TIMEOUT_SECONDS} s; use the bus`);
  }
  return {
    ...def,
    // Every POST honours Idempotency-Key unless it opts out (auth routes: no user to scope keys to).
    idempotent: def.idempotent ?? (def.method === 'POST' && def.auth !== 'public'),
    successStatus: def.successStatus ?? (def.method === 'POST' ? 201 : 200),
    limits: { ...DEFAULT_LIMITS, ...def.limits },
  };
}

const AUTH_RATE_LIMIT = { requests: 10, windowSeconds: 60 };

export const httpRoutes = {
  // ── health ────────────────────────────────────────────────────────────────────────────────
  'get-health': route({
    method: 'GET',
    path: '/v1/health',
    handler: 'functions/health/get-health.ts',
    auth: 'public',
    resources: { table: 'read', buckets: { imports: 'read' }, userPool: 'auth' },
    summary: 'Answers 200 only when the table, storage and user pool answer',
    tag: 'health',
    response: HealthReport,
  }),

  // ── auth and profile ─────────────────────────────────────────────────────────────────────
  register: route({
    method: 'POST',
    path: '/v1/auth/register',
    handler: 'functions/auth/register.ts',
    auth: 'public',
    body: RegisterBody,
    resources: { table: 'write', userPool: 'manage' },
    limits: { rateLimit: AUTH_RATE_LIMIT },
    summary: 'Create an account',
    tag: 'auth',
    response: User,
  }),
  login: route({
    method: 'POST',
    path: '/v1/auth/login',
    handler: 'functions/auth/login.ts',
    auth: 'public',
    body: LoginBody,
    resources: { table: 'write', userPool: 'auth' },
    limits: { rateLimit: AUTH_RATE_LIMIT },
    successStatus: 200,
    summary: 'Sign in; returns tokens and the user',
    tag: 'auth',
    response: Session,
  }),
  refresh: route({
    method: 'POST',
    path: '/v1/auth/refresh',
    handler: 'functions/auth/refresh.ts',
    auth: 'public',
    body: RefreshBody,
    resources: { table: 'write', userPool: 'auth' },
    limits: { rateLimit: AUTH_RATE_LIMIT },
    successStatus: 200,
    summary: 'Exchange a refresh token for new access and id tokens',
    tag: 'auth',
    response: SessionTokens,
  }),
  'get-me': route({
    method: 'GET',
    path: '/v1/me',
    handler: 'functions/me/get-me.ts',
    auth: 'user',
    resources: { table: 'read' },
    summary: 'The signed-in user',
    tag: 'auth',
    response: User,
  }),
  'update-me': route({
    method: 'PATCH',
    path: '/v1/me',
    handler: 'functions/me/update-me.ts',
    auth: 'user',
    body: UpdateMeBody,
    resources: { table: 'write', userPool: 'auth' },
    summary: 'Change display name, time zone or password',
    tag: 'auth',
    response: User,
  }),
  'delete-me': route({
    method: 'DELETE',
    path: '/v1/me',
    handler: 'functions/me/delete-me.ts',
    auth: 'user',
    resources: { table: 'write', userPool: 'manage', bus: 'publish' },
    limits: { timeoutSeconds: 29 },
    successStatus: 204,
    summary: 'Delete the account and all of its data',
    tag: 'auth',
  }),

  // ── activities ───────────────────────────────────────────────────────────────────────────
  'create-activity': route({
    method: 'POST',
    path: '/v1/activities',
    handler: 'functions/activities/create-activity.ts',
    auth: 'user',
    body: CreateActivityBody,
    resources: { table: 'write', bus: 'publish' },
    summary: 'Create an activity',
    tag: 'activities',
    response: Activity,
  }),
  'list-activities': route({
    method: 'GET',
    path: '/v1/activities',
    handler: 'functions/activities/list-activities.ts',
    auth: 'user',
    query: ListActivitiesQuery,
    resources: { table: 'read' },
    summary: 'List activities, a page at a time',
    tag: 'activities',
    response: ActivityPage,
  }),
  'get-activity': route({
    method: 'GET',
    path: '/v1/activities/{id}',
    handler: 'functions/activities/get-activity.ts',
    auth: 'user',
    params: ActivityParams,
    resources: { table: 'read' },
    summary: 'One activity',
    tag: 'activities',
    response: Activity,
  }),
  'update-activity': route({
    method: 'PATCH',
    path: '/v1/activities/{id}',
    handler: 'functions/activities/update-activity.ts',
    auth: 'user',
    params: ActivityParams,
    body: UpdateActivityBody,
    resources: { table: 'write', bus: 'publish' },
    summary: 'Change an activity; its history stays attached',
    tag: 'activities',
    response: Activity,
  }),
  'delete-activity': route({
    method: 'DELETE',
    path: '/v1/activities/{id}',
    handler: 'functions/activities/delete-activity.ts',
    auth: 'user',
    params: ActivityParams,
    resources: { table: 'write', bus: 'publish' },
    limits: { timeoutSeconds: 29 },
    successStatus: 204,
    summary: 'Delete an archived activity and its entries (409 while it is not archived)',
    tag: 'activities',
  }),

  'activate-activity': route({
    method: 'POST',
    path: '/v1/activities/{id}/activate',
    handler: 'functions/activities/activate-activity.ts',
    auth: 'user',
    params: ActivityParams,
    resources: { table: 'write', bus: 'publish' },
    successStatus: 200,
    summary: 'Make an archived or paused activity active again',
    tag: 'activities',
    response: Activity,
  }),
  'deactivate-activity': route({
    method: 'POST',
    path: '/v1/activities/{id}/deactivate',
    handler: 'functions/activities/deactivate-activity.ts',
    auth: 'user',
    params: ActivityParams,
    resources: { table: 'write', bus: 'publish' },
    successStatus: 200,
    summary: 'Archive an activity: no longer due, history kept',
    tag: 'activities',
    response: Activity,
  }),

  'add-pause': route({
    method: 'POST',
    path: '/v1/activities/{id}/pauses',
    handler: 'functions/activities/add-pause.ts',
    auth: 'user',
    params: ActivityParams,
    body: PauseBody,
    resources: { table: 'write', bus: 'publish' },
    summary: 'Pause an activity over a date range (open-ended without `to`); streaks stay intact',
    tag: 'activities',
    response: Activity,
  }),
  'remove-pause': route({
    method: 'DELETE',
    path: '/v1/activities/{id}/pauses/{from}',
    handler: 'functions/activities/remove-pause.ts',
    auth: 'user',
    params: PauseParams,
    resources: { table: 'write', bus: 'publish' },
    summary: 'Remove the pause starting on a date',
    tag: 'activities',
    response: Activity,
  }),
  'resume-activity': route({
    method: 'POST',
    path: '/v1/activities/{id}/resume',
    handler: 'functions/activities/resume-activity.ts',
    auth: 'user',
    params: ActivityParams,
    resources: { table: 'write', bus: 'publish' },
    successStatus: 200,
    summary: 'End the pause the activity is in today',
    tag: 'activities',
    response: Activity,
  }),
  'get-activity-stats': route({
    method: 'GET',
    path: '/v1/activities/{id}/stats',
    handler: 'functions/analytics/get-activity-stats.ts',
    auth: 'user',
    params: ActivityParams,
    query: StatsQuery,
    resources: { table: 'read' },
    summary: 'Streaks, strength, consistency, heatmap, weekly/monthly series, trend and suggestions of one activity',
    tag: 'analytics',
    response: ActivityInsights,
  }),

  // ── entries and today ────────────────────────────────────────────────────────────────────
  'put-entry': route({
    method: 'PUT',
    path: '/v1/entries/{date}/{activityId}',
    handler: 'functions/entries/put-entry.ts',
    auth: 'user',
    params: EntryParams,
    body: PutEntryBody,
    resources: { table: 'write', bus: 'publish' },
    summary: 'Record (or replace) the entry of one activity on one date',
    tag: 'entries',
    response: Entry,
  }),
  'delete-entry': route({
    method: 'DELETE',
    path: '/v1/entries/{date}/{activityId}',
    handler: 'functions/entries/delete-entry.ts',
    auth: 'user',
    params: EntryParams,
    resources: { table: 'write', bus: 'publish' },
    successStatus: 204,
    summary: 'Delete the entry of one activity on one date',
    tag: 'entries',
  }),
  'finalize-day': route({
    method: 'POST',
    path: '/v1/days/{date}/finalize',
    handler: 'functions/today/finalize-day.ts',
    auth: 'user',
    params: DayParams,
    resources: { table: 'write', bus: 'publish' },
    successStatus: 200,
    summary: "Record 'missed' for every activity due that day without an entry (idempotent)",
    tag: 'entries',
    response: FinalizeResult,
  }),
  'list-entries': route({
    method: 'GET',
    path: '/v1/entries',
    handler: 'functions/entries/list-entries.ts',
    auth: 'user',
    query: ListEntriesQuery,
    resources: { table: 'read' },
    summary: 'Entries filtered by date range, activity or category, a page at a time',
    tag: 'entries',
    response: EntryPage,
  }),
  'get-today': route({
    method: 'GET',
    path: '/v1/today',
    handler: 'functions/today/get-today.ts',
    auth: 'user',
    query: TodayQuery,
    resources: { table: 'read' },
    summary: 'Every active activity with its entry for a date (default: today in your time zone)',
    tag: 'entries',
    response: Today,
  }),

  // ── goals ────────────────────────────────────────────────────────────────────────────────
  'create-goal': route({
    method: 'POST',
    path: '/v1/goals',
    handler: 'functions/goals/create-goal.ts',
    auth: 'user',
    body: CreateGoalBody,
    resources: { table: 'write', bus: 'publish' },
    summary: 'Create a goal, optionally linked to activities with contribution weights',
    tag: 'goals',
    response: Goal,
  }),
  'list-goals': route({
    method: 'GET',
    path: '/v1/goals',
    handler: 'functions/goals/list-goals.ts',
    auth: 'user',
    query: PageQuery,
    resources: { table: 'read' },
    summary: 'Goals with their progress, a page at a time',
    tag: 'goals',
    response: GoalPage,
  }),
  'get-goal': route({
    method: 'GET',
    path: '/v1/goals/{id}',
    handler: 'functions/goals/get-goal.ts',
    auth: 'user',
    params: GoalParams,
    resources: { table: 'read' },
    summary: 'One goal with its progress',
    tag: 'goals',
    response: Goal,
  }),
  'update-goal': route({
    method: 'PATCH',
    path: '/v1/goals/{id}',
    handler: 'functions/goals/update-goal.ts',
    auth: 'user',
    params: GoalParams,
    body: UpdateGoalBody,
    resources: { table: 'write', bus: 'publish' },
    summary: 'Change a goal',
    tag: 'goals',
    response: Goal,
  }),
  'set-goal-links': route({
    method: 'PUT',
    path: '/v1/goals/{id}/links',
    handler: 'functions/goals/set-goal-links.ts',
    auth: 'user',
    params: GoalParams,
    body: GoalLinksBody,
    resources: { table: 'write', bus: 'publish' },
    summary: "Replace a goal's linked activities and their (positive) weights",
    tag: 'goals',
    response: Goal,
  }),
  'delete-goal': route({
    method: 'DELETE',
    path: '/v1/goals/{id}',
    handler: 'functions/goals/delete-goal.ts',
    auth: 'user',
    params: GoalParams,
    resources: { table: 'write' },
    successStatus: 204,
    summary: 'Delete a goal (its activities and their history stay)',
    tag: 'goals',
  }),

  // ── data in and out ──────────────────────────────────────────────────────────────────────
  'create-import': route({
    method: 'POST',
    path: '/v1/imports',
    handler: 'functions/imports/create-import.ts',
    auth: 'user',
    body: CreateImportBody,
    resources: { table: 'write', buckets: { imports: 'readwrite' }, bus: 'publish' },
    // Small files may come inline (base64 grows them by a third).
    limits: { bodyBytes: Math.ceil((MAX_INLINE_IMPORT_BYTES * 4) / 3) + 4096 },
    summary: 'Start an import (Mosaic CSV or JSON, or a Loop Habit Tracker ZIP): a presigned upload URL, or inline content',
    tag: 'data',
    response: CreatedImport,
  }),
  'start-import': route({
    method: 'POST',
    path: '/v1/imports/{id}/start',
    handler: 'functions/imports/start-import.ts',
    auth: 'user',
    params: ImportParams,
    resources: { table: 'write', buckets: { imports: 'read' }, bus: 'publish' },
    successStatus: 202,
    summary: 'Queue an uploaded file for processing',
    tag: 'data',
    response: ImportJob,
  }),
  'get-import': route({
    method: 'GET',
    path: '/v1/imports/{id}',
    handler: 'functions/imports/get-import.ts',
    auth: 'user',
    params: ImportParams,
    resources: { table: 'read' },
    summary: 'An import: status, rows read so far, and its summary (imported, updated, unchanged, rejected rows with reasons)',
    tag: 'data',
    response: ImportJob,
  }),
  'list-imports': route({
    method: 'GET',
    path: '/v1/imports',
    handler: 'functions/imports/list-imports.ts',
    auth: 'user',
    query: PageQuery,
    resources: { table: 'read' },
    summary: 'Imports, newest first',
    tag: 'data',
    response: ImportJobPage,
  }),
  'create-export': route({
    method: 'POST',
    path: '/v1/exports',
    handler: 'functions/exports/create-export.ts',
    auth: 'user',
    body: ExportBody,
    resources: { table: 'write', buckets: { exports: 'readwrite' } },
    limits: { timeoutSeconds: 29, memoryMb: 1024 },
    summary: 'Export every activity and entry as CSV or JSON (streamed to a file); answers a download URL',
    tag: 'data',
    response: Export,
  }),

  // ── analytics and notifications ──────────────────────────────────────────────────────────
  'get-dashboard': route({
    method: 'GET',
    path: '/v1/dashboard',
    handler: 'functions/analytics/get-dashboard.ts',
    auth: 'user',
    query: StatsQuery,
    resources: { table: 'read' },
    summary: "Today's completion, 7/30-day averages, category baselines, active days, ratios, top activities, goals",
    tag: 'analytics',
    response: Dashboard,
  }),
  'list-notifications': route({
    method: 'GET',
    path: '/v1/notifications',
    handler: 'functions/notifications/list-notifications.ts',
    auth: 'user',
    query: ListNotificationsQuery,
    resources: { table: 'read' },
    summary: 'In-app notifications (nudges, risks, goals reached, imports), newest first',
    tag: 'notifications',
    response: NotificationPage,
  }),
  'read-all-notifications': route({
    method: 'POST',
    path: '/v1/notifications/read-all',
    handler: 'functions/notifications/read-all-notifications.ts',
    auth: 'user',
    resources: { table: 'write' },
    successStatus: 200,
    summary: 'Mark every unread notification read',
    tag: 'notifications',
    response: MarkedRead,
  }),
  'read-notification': route({
    method: 'POST',
    path: '/v1/notifications/{id}/read',
    handler: 'functions/notifications/read-notification.ts',
    auth: 'user',
    params: NotificationParams,
    resources: { table: 'write' },
    successStatus: 200,
    summary: 'Mark a notification read',
    tag: 'notifications',
    response: Notification,
  }),
} satisfies Record<string, HttpRouteDef>;

export type HttpRouteName = keyof typeof httpRoutes;

/**
 * Answers every request no route matches: 405 with `Allow` when the path exists under another
 * method, 404 otherwise. API Gateway's `$default` route and the local runtime both send here.
 */
export const fallbackRoute = route({
  method: 'ANY',
  path: '$default',
  handler: 'functions/fallback/not-routed.ts',
  auth: 'public',
  resources: {},
  summary: 'Anything no route matches: 404, or 405 when the path exists under another method',
  tag: 'fallback',
});

export const consumers = {
  'purge-user': {
    handler: 'functions/consumers/purge-user.ts',
    eventTypes: ['user.deleted'],
    resources: { table: 'write' },
    batchSize: 1,
    visibilityTimeoutSeconds: 900,
    maxReceiveCount: 5,
    timeoutSeconds: 900,
    memoryMb: 512,
    description: "Deletes every item of a deleted account's partition (resumes where a timed-out run stopped)",
  },
  imports: {
    handler: 'functions/consumers/imports.ts',
    eventTypes: ['import.requested'],
    resources: { table: 'write', buckets: { imports: 'read' }, bus: 'publish' },
    batchSize: 1,
    visibilityTimeoutSeconds: 960,
    maxReceiveCount: 3,
    timeoutSeconds: 900,
    memoryMb: 1769,
    description: 'Reads an uploaded file, applies its rows and stores the summary (one import at a time per message)',
  },
  notifications: {
    handler: 'functions/consumers/notifications.ts',
    eventTypes: ['activity.at_risk', 'goal.completed', 'import.completed'],
    resources: { table: 'write' },
    batchSize: 10,
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    timeoutSeconds: 30,
    memoryMb: 256,
    description: 'Turns risk alerts, reached goals and finished imports into in-app notifications',
  },
  'entry-rollups': {
    handler: 'functions/consumers/entry-rollups.ts',
    eventTypes: ['entry.logged', 'entry.deleted', 'activity.changed', 'goal.changed'],
    resources: { table: 'write' },
    batchSize: 10,
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    timeoutSeconds: 30,
    memoryMb: 512,
    description: 'Keeps daily and monthly roll-ups, activity stats and goal progress current as entries change',
  },
} satisfies Record<string, ConsumerDef>;

export type ConsumerName = keyof typeof consumers;

export const schedules = {
  'finalize-days': {
    handler: 'functions/schedules/finalize-days.ts',
    expression: 'rate(1 hour)',
    resources: { table: 'write', bus: 'publish' },
    timeoutSeconds: 300,
    memoryMb: 512,
    description: "Records 'missed' for each user's previous local day once it has ended",
  },
  'risk-scan': {
    handler: 'functions/schedules/risk-scan.ts',
    expression: 'rate(1 hour)',
    resources: { table: 'write', bus: 'publish' },
    timeoutSeconds: 300,
    memoryMb: 512,
    description: 'Marks activities at risk after two missed due occasions in a row (and clears recovered ones)',
  },
  nudges: {
    handler: 'functions/schedules/nudges.ts',
    expression: 'rate(1 hour)',
    resources: { table: 'write' },
    timeoutSeconds: 300,
    memoryMb: 512,
    description: 'In-app nudges for activities not logged for two days or more (at most one per activity per day)',
  },
} satisfies Record<string, ScheduleDef>;

export type ScheduleName = keyof typeof schedules;

/** Every HTTP route with its name, in declaration order. */
export const routeList: Array<HttpRouteDef & { name: string }> = Object.entries(httpRoutes).map(
  ([name, def]) => ({ name, ...(def as HttpRouteDef) }),
);
