/**
 * The operations area's routes: health, and the admin console (users, audit trail, …).
 * `operationsRoutes` is what handlers bundle; `operationsDeployment` only deployment and docs read.
 * Every admin route is `auth: 'admin'`: the kit checks the verified token's `admin` group claim
 * against the server-side token state (a revoked admin is refused at once) and audits refusals.
 */
import { contracts, route } from '../../shared/contract/routes.ts';
import { HealthReport } from '../../shared/health/responses.ts';
import { AdminHealth, AdminUser, Backup, BackupList, BackupScheduleView, RestoreAllQueued, RestoreResult, AdminUserDetail, AdminUserPage, AuditPage, DeadLetters, JobRunPage, LogLines, MetricsReport, QueueDepths, Redriven } from '../../shared/operations/responses.ts';
import { AdminRestoreBody, AuditQuery, BackupScheduleBody, RestoreAllBody, ConsumerParams, JobRunParams, JobRunsQuery, ListUsersQuery, LogsQuery, MetricsQuery, UserParams } from '../../shared/operations/schemas.ts';
import { USER_PAGES } from './platform.ts';
import type { ConsumerDef, Deployments, ScheduleDef } from './types.ts';

/** Largest backup ZIP a restore takes in its body (years of data compress far below it). */
const RESTORE_BYTES = 8 * 1024 * 1024;

/** Per client address, on every admin action that changes something. */
const ADMIN_WRITE_LIMIT = { requests: 60, windowSeconds: 60 };

export const getHealthRoute = route('get-health', { method: 'GET', path: '/v1/health', auth: 'public' });
export const listUsersRoute = route('list-users', { method: 'GET', path: '/v1/admin/users', auth: 'admin', query: ListUsersQuery });
export const getUserRoute = route('get-user', { method: 'GET', path: '/v1/admin/users/{id}', auth: 'admin', params: UserParams });
export const disableUserRoute = route('disable-user', { method: 'POST', path: '/v1/admin/users/{id}/disable', auth: 'admin', params: UserParams, successStatus: 200, rateLimit: ADMIN_WRITE_LIMIT });
export const enableUserRoute = route('enable-user', { method: 'POST', path: '/v1/admin/users/{id}/enable', auth: 'admin', params: UserParams, successStatus: 200, rateLimit: ADMIN_WRITE_LIMIT });
export const deleteUserRoute = route('delete-user', { method: 'DELETE', path: '/v1/admin/users/{id}', auth: 'admin', params: UserParams, successStatus: 204, rateLimit: ADMIN_WRITE_LIMIT });
export const grantAdminRoute = route('grant-admin', { method: 'PUT', path: '/v1/admin/users/{id}/admin', auth: 'admin', params: UserParams, rateLimit: ADMIN_WRITE_LIMIT });
export const revokeAdminRoute = route('revoke-admin', { method: 'DELETE', path: '/v1/admin/users/{id}/admin', auth: 'admin', params: UserParams, rateLimit: ADMIN_WRITE_LIMIT });
export const listAuditRoute = route('list-audit', { method: 'GET', path: '/v1/admin/audit', auth: 'admin', query: AuditQuery });
export const createBackupRoute = route('create-backup', { method: 'POST', path: '/v1/me/backups', auth: 'user', rateLimit: { requests: 10, windowSeconds: 60 } });
export const listBackupsRoute = route('list-backups', { method: 'GET', path: '/v1/me/backups', auth: 'user' });
export const restoreBackupRoute = route('restore-backup', { method: 'POST', path: '/v1/me/restore', auth: 'user', bodyBytes: RESTORE_BYTES, successStatus: 200, rateLimit: { requests: 10, windowSeconds: 60 } });
export const listUserBackupsRoute = route('list-user-backups', { method: 'GET', path: '/v1/admin/users/{id}/backups', auth: 'admin', params: UserParams });
export const restoreUserBackupRoute = route('restore-user-backup', { method: 'POST', path: '/v1/admin/users/{id}/restore', auth: 'admin', params: UserParams, body: AdminRestoreBody, successStatus: 200, rateLimit: ADMIN_WRITE_LIMIT });
export const getAdminHealthRoute = route('get-admin-health', { method: 'GET', path: '/v1/admin/health', auth: 'admin' });
export const getMetricsRoute = route('get-metrics', { method: 'GET', path: '/v1/admin/metrics', auth: 'admin', query: MetricsQuery });
export const listLogsRoute = route('list-logs', { method: 'GET', path: '/v1/admin/logs', auth: 'admin', query: LogsQuery });
export const listJobRunsRoute = route('list-job-runs', { method: 'GET', path: '/v1/admin/job-runs', auth: 'admin', query: JobRunsQuery });
export const redriveJobRunRoute = route('redrive-job-run', { method: 'POST', path: '/v1/admin/job-runs/{id}/redrive', auth: 'admin', params: JobRunParams, successStatus: 200, rateLimit: ADMIN_WRITE_LIMIT });
export const listQueuesRoute = route('list-queues', { method: 'GET', path: '/v1/admin/queues', auth: 'admin' });
export const listDeadLettersRoute = route('list-dead-letters', { method: 'GET', path: '/v1/admin/queues/{consumer}/dead-letters', auth: 'admin', params: ConsumerParams });
export const redriveDeadLettersRoute = route('redrive-dead-letters', { method: 'POST', path: '/v1/admin/queues/{consumer}/dead-letters/redrive', auth: 'admin', params: ConsumerParams, successStatus: 200, rateLimit: ADMIN_WRITE_LIMIT });
export const getBackupScheduleRoute = route('get-backup-schedule', { method: 'GET', path: '/v1/admin/backup-schedule', auth: 'admin' });
export const putBackupScheduleRoute = route('put-backup-schedule', { method: 'PUT', path: '/v1/admin/backup-schedule', auth: 'admin', body: BackupScheduleBody, rateLimit: ADMIN_WRITE_LIMIT });
export const restoreAllBackupsRoute = route('restore-all-backups', { method: 'POST', path: '/v1/admin/backups/restore-all', auth: 'admin', body: RestoreAllBody, successStatus: 202, rateLimit: ADMIN_WRITE_LIMIT });

export const operationsRoutes = contracts([
  getHealthRoute,
  listUsersRoute,
  getUserRoute,
  disableUserRoute,
  enableUserRoute,
  deleteUserRoute,
  grantAdminRoute,
  revokeAdminRoute,
  listAuditRoute,
  createBackupRoute,
  listBackupsRoute,
  restoreBackupRoute,
  listUserBackupsRoute,
  restoreUserBackupRoute,
  getAdminHealthRoute,
  getMetricsRoute,
  listLogsRoute,
  listJobRunsRoute,
  redriveJobRunRoute,
  listQueuesRoute,
  listDeadLettersRoute,
  redriveDeadLettersRoute,
  getBackupScheduleRoute,
  putBackupScheduleRoute,
  restoreAllBackupsRoute,
]);

// (No spreads in the deployment object: esbuild would keep it, and the response schemas, in bundles.)
const userAdmin = { table: 'write', userPool: 'manage', audit: 'read' } as const;

export const operationsDeployment = {
  'get-health': {
    handler: 'functions/health/get-health.ts',
    resources: { table: 'read', buckets: { imports: 'read' } },
    summary: 'Answers 200 only when the table, storage and user pool answer',
    tag: 'health',
    response: HealthReport,
  },
  'list-users': {
    handler: 'functions/admin/list-users.ts',
    resources: { table: 'read', userPool: 'manage' },
    summary: 'Users: search (email or name), sort (email, created, last active) and pages',
    tag: 'admin',
    response: AdminUserPage,
  },
  'get-user': {
    handler: 'functions/admin/get-user.ts',
    resources: { table: 'read', userPool: 'manage', audit: 'read' },
    summary: 'One user: profile, counts per area, last activity, sign-in history',
    tag: 'admin',
    response: AdminUserDetail,
  },
  'disable-user': {
    handler: 'functions/admin/disable-user.ts',
    resources: userAdmin,
    summary: 'Disable a user: sign-in stops and every session ends at once (not yourself, not the last admin)',
    tag: 'admin',
    response: AdminUser,
  },
  'enable-user': {
    handler: 'functions/admin/enable-user.ts',
    resources: userAdmin,
    summary: 'Enable a disabled user again',
    tag: 'admin',
    response: AdminUser,
  },
  'delete-user': {
    handler: 'functions/admin/delete-user.ts',
    resources: { table: 'write', userPool: 'manage', audit: 'read', publishes: ['user.deleted'] },
    summary: 'Delete a user and all their data (not yourself, not the last admin)',
    tag: 'admin',
  },
  'grant-admin': {
    handler: 'functions/admin/grant-admin.ts',
    resources: userAdmin,
    summary: 'Make a user an administrator (from their next sign-in)',
    tag: 'admin',
    response: AdminUser,
  },
  'revoke-admin': {
    handler: 'functions/admin/revoke-admin.ts',
    resources: userAdmin,
    summary: 'Take admin away: their tokens stop working for admin routes at once (not yourself, not the last admin)',
    tag: 'admin',
    response: AdminUser,
  },
  'list-audit': {
    handler: 'functions/admin/list-audit.ts',
    resources: { table: 'read', audit: 'read' },
    summary: 'The audit trail, newest first: filter by actor, target, kind and time range',
    tag: 'admin',
    response: AuditPage,
  },
  'create-backup': {
    handler: 'functions/backups/create-backup.ts',
    resources: { table: 'write', buckets: { backups: 'readwrite' } },
    timeoutSeconds: 29,
    memoryMb: 1024,
    summary: 'Back up your data now: a ZIP (JSON and CSV of every area you use) in the backups bucket, with a download link',
    tag: 'backups',
    response: Backup,
  },
  'list-backups': {
    handler: 'functions/backups/list-backups.ts',
    resources: { table: 'read', buckets: { backups: 'read' } },
    summary: 'Your backups, newest first, each with a short-lived download link',
    tag: 'backups',
    response: BackupList,
  },
  'restore-backup': {
    handler: 'functions/backups/restore-backup.ts',
    resources: { table: 'write' },
    timeoutSeconds: 29,
    memoryMb: 1024,
    summary: 'Restore your account from a backup ZIP (the body, application/zip); refuses a damaged one, another user\u2019s or one with unsafe paths, changing nothing',
    tag: 'backups',
    response: RestoreResult,
  },
  'list-user-backups': {
    handler: 'functions/admin/list-user-backups.ts',
    resources: { table: 'read', buckets: { backups: 'read' } },
    summary: 'A user\u2019s backups, with short-lived download links',
    tag: 'admin',
    response: BackupList,
  },
  'restore-user-backup': {
    handler: 'functions/admin/restore-user-backup.ts',
    resources: { table: 'write', buckets: { backups: 'read' } },
    timeoutSeconds: 29,
    memoryMb: 1024,
    summary: 'Restore a user from a stored backup (another user\u2019s only with allowOtherUser)',
    tag: 'admin',
    response: RestoreResult,
  },
  'get-admin-health': {
    handler: 'functions/admin/get-admin-health.ts',
    resources: { table: 'read', buckets: { imports: 'read' }, deadLetters: 'read', telemetry: 'read' },
    summary: 'Dependencies with latency, queue and dead-letter depths, recent error rate, version and stage',
    tag: 'admin',
    response: AdminHealth,
  },
  'get-metrics': {
    handler: 'functions/admin/get-metrics.ts',
    resources: { table: 'read', telemetry: 'read' },
    summary: 'Requests, errors and latency percentiles over time, by function (CloudWatch; locally the runtime\u2019s EMF store)',
    tag: 'admin',
    response: MetricsReport,
  },
  'list-logs': {
    handler: 'functions/admin/list-logs.ts',
    resources: { table: 'read', telemetry: 'read' },
    summary: 'Structured logs filtered by time, level, function, request id and user (CloudWatch Logs; locally the runtime\u2019s log files)',
    tag: 'admin',
    response: LogLines,
  },
  'list-job-runs': {
    handler: 'functions/admin/list-job-runs.ts',
    resources: { table: 'read' },
    summary: 'Job runs (queue consumer batches, scheduled functions), newest first: filter by job, outcome and days',
    tag: 'admin',
    response: JobRunPage,
  },
  'redrive-job-run': {
    handler: 'functions/admin/redrive-job-run.ts',
    resources: { table: 'write', deadLetters: 'redrive' },
    summary: 'Send a failed run\u2019s failed messages back to its consumer\u2019s queue',
    tag: 'admin',
    response: Redriven,
  },
  'list-queues': {
    handler: 'functions/admin/list-queues.ts',
    resources: { table: 'read', deadLetters: 'read' },
    summary: 'Every consumer\u2019s queue depth, in-flight messages and dead letters (with the oldest one\u2019s age)',
    tag: 'admin',
    response: QueueDepths,
  },
  'list-dead-letters': {
    handler: 'functions/admin/list-dead-letters.ts',
    resources: { table: 'read', deadLetters: 'read' },
    summary: 'Peek at up to 10 dead letters of a consumer',
    tag: 'admin',
    response: DeadLetters,
  },
  'redrive-dead-letters': {
    handler: 'functions/admin/redrive-dead-letters.ts',
    resources: { table: 'write', deadLetters: 'redrive' },
    summary: 'Send up to 100 dead letters of a consumer back to its queue',
    tag: 'admin',
    response: Redriven,
  },
  'get-backup-schedule': {
    handler: 'functions/admin/get-backup-schedule.ts',
    resources: { table: 'read' },
    summary: 'The scheduled backups: enabled, interval in days, backups kept per user',
    tag: 'admin',
    response: BackupScheduleView,
  },
  'put-backup-schedule': {
    handler: 'functions/admin/put-backup-schedule.ts',
    resources: { table: 'write' },
    summary: 'Set the scheduled backups (a daily job backs up each user whose newest backup is older than the interval, and removes those beyond the retention)',
    tag: 'admin',
    response: BackupScheduleView,
  },
  'restore-all-backups': {
    handler: 'functions/admin/restore-all-backups.ts',
    resources: { table: 'write', queues: [USER_PAGES] },
    summary: 'Restore every user from their newest backup made at or before a time (a per-user job; the same time twice runs once, and a restore changes nothing when run again)',
    tag: 'admin',
    response: RestoreAllQueued,
  },
} satisfies Deployments<typeof operationsRoutes>;

/** The per-user backup jobs (docs/operations.md, "Scheduled backups"). */
export const operationsConsumers = {
  'backup-user': {
    handler: 'functions/jobs/backup-user.ts',
    resources: { table: 'read', buckets: { backups: 'readwrite' }, audit: 'append' },
    batchSize: 1,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 3,
    timeoutSeconds: 120,
    memoryMb: 1024,
    description: 'Backs up one user when their newest backup is older than the schedule\u2019s interval, and removes their backups beyond the retention',
  },
  'restore-user': {
    handler: 'functions/jobs/restore-user.ts',
    resources: { table: 'write', buckets: { backups: 'read' }, audit: 'append' },
    batchSize: 1,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 3,
    timeoutSeconds: 120,
    memoryMb: 1024,
    fannedOut: true,
    description: '"Restore all": restores one user from their newest backup made at or before the run\u2019s time',
  },
} satisfies Record<string, ConsumerDef>;

export const operationsSchedules = {
  'backup-users': {
    expression: 'cron(30 3 * * ? *)',
    perUser: 'backup-user',
    description: 'Daily: each user\u2019s scheduled backup when due (the schedule an admin sets; nothing while it is off)',
  },
} satisfies Record<string, ScheduleDef>;
