/**
 * THE route table: every HTTP route, consumer and schedule of Mosaic, declared once.
 * The CDK app (infra/cdk) makes one Lambda per entry with exactly the declared grants; the local
 * runtime (infra/local) serves the same entries; the handler wrapper reads auth, schemas and
 * limits from here; docs/openapi.json is generated from here.
 */
import { LoginBody, RefreshBody, RegisterBody, UpdateMeBody } from '../shared/auth/schemas.ts';
import {
  ActivityParams,
  CreateActivityBody,
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
  }),
  'get-me': route({
    method: 'GET',
    path: '/v1/me',
    handler: 'functions/me/get-me.ts',
    auth: 'user',
    resources: { table: 'read' },
    summary: 'The signed-in user',
    tag: 'auth',
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
  }),
  'delete-me': route({
    method: 'DELETE',
    path: '/v1/me',
    handler: 'functions/me/delete-me.ts',
    auth: 'user',
    resources: { table: 'write', userPool: 'manage', bus: 'publish' },
    limits: { timeoutSeconds: 60 },
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
  }),
  'delete-activity': route({
    method: 'DELETE',
    path: '/v1/activities/{id}',
    handler: 'functions/activities/delete-activity.ts',
    auth: 'user',
    params: ActivityParams,
    resources: { table: 'write', bus: 'publish' },
    limits: { timeoutSeconds: 60 },
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
} satisfies Record<string, ScheduleDef>;

export type ScheduleName = keyof typeof schedules;

/** Every HTTP route with its name, in declaration order. */
export const routeList: Array<HttpRouteDef & { name: string }> = Object.entries(httpRoutes).map(
  ([name, def]) => ({ name, ...(def as HttpRouteDef) }),
);
