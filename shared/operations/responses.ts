/** What the admin routes answer (classic zod: OpenAPI and the response-schema test read them). */
import * as z from 'zod';
import { CameraHealth } from '../camera/responses.ts';
import { count, NextCursor, Page, timestamp } from '../kit/responses.ts';

export const AdminUser = z
  .strictObject({
    id: z.string().min(1),
    email: z.email(),
    displayName: z.string(),
    createdAt: timestamp('When the account was created'),
    lastActiveAt: timestamp('Last sign-in or token refresh').optional(),
    isAdmin: z.boolean().describe('In the administrators group'),
    disabled: z.boolean().describe('Disabled by an administrator: cannot sign in, every token refused'),
    mfaEnabled: z.boolean(),
  })
  .meta({ id: 'AdminUser', description: 'A user as administrators see them' });

export const AdminUserPage = Page(AdminUser, 'AdminUserPage');

const AuditOutcome = z.enum(['success', 'denied', 'failed']);

export const AdminUserDetail = AdminUser.extend({
  timezone: z.string(),
  counts: z
    .record(z.string(), z.record(z.string(), count()))
    .describe('Items the user has, per area and kind (`{"tracking":{"activities":3,…}}`)'),
  signIns: z
    .array(
      z.strictObject({
        at: timestamp(),
        kind: z.string().describe('sign_in.succeeded, sign_in.failed, sign_in.locked, sign_in.mfa_failed'),
        outcome: AuditOutcome,
        sourceIp: z.string().optional(),
      }),
    )
    .describe('The 20 most recent sign-in attempts, newest first (from the audit trail)'),
}).meta({ id: 'AdminUserDetail', description: 'One user: profile, counts per area, last activity, sign-in history' });

export const AuditRecord = z
  .strictObject({
    id: z.string().min(1),
    at: timestamp('When it happened'),
    kind: z.string().describe('What happened: `admin.granted`, `user.disabled`, `sign_in.failed`, `token.rejected`, …'),
    actor: z.string().optional().describe('Who acted: a user id, `cli:<name>` or `system`; absent when unknown'),
    target: z.string().optional().describe('Whom or what it concerns'),
    outcome: AuditOutcome,
    sourceIp: z.string().optional(),
    requestId: z.string().optional(),
    detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .meta({ id: 'AuditRecord', description: 'One append-only audit record' });

export const AuditPage = z
  .strictObject({
    items: z.array(AuditRecord),
    nextCursor: NextCursor,
    people: z
      .record(z.string(), z.string())
      .describe('The emails of the users this page names as actor or target, by id, read from their profiles now (a deleted account’s id has none)'),
  })
  .meta({ id: 'AuditPage', description: 'One page of the audit trail, newest first, with the emails of the users it names' });

export const JobRun = z
  .strictObject({
    id: z.string().min(1).describe('Opaque'),
    job: z.string().describe('The consumer or schedule'),
    kind: z.enum(['consumer', 'schedule']),
    startedAt: timestamp(),
    endedAt: timestamp(),
    durationMs: count(),
    outcome: z.enum(['succeeded', 'partial', 'failed']),
    counts: z.strictObject({ received: count(), succeeded: count(), failed: count() }),
    error: z.string().optional().describe('The first error'),
    failedMessages: z
      .array(z.strictObject({ messageId: z.string(), body: z.string(), truncated: z.boolean().optional(), error: z.string() }))
      .optional()
      .describe('Failed messages of a consumer run (at most 10), for re-driving'),
    redrivenAt: timestamp('When an admin re-drove it').optional(),
  })
  .meta({ id: 'JobRun', description: 'One run of a queue consumer (a batch) or a scheduled function' });

export const JobRunPage = Page(JobRun, 'JobRunPage');

export const Redriven = z
  .strictObject({ redriven: count('Messages sent back to the consumer\u2019s queue') })
  .meta({ id: 'Redriven', description: 'What a re-drive sent back' });

export const QueueDepths = z
  .strictObject({
    items: z.array(
      z.strictObject({
        consumer: z.string(),
        waiting: count('Messages waiting'),
        inFlight: count('Messages being handled'),
        deadLetters: count('Messages parked in the dead-letter queue'),
        oldestDeadLetterAgeSeconds: count().optional(),
      }),
    ),
  })
  .meta({ id: 'QueueDepths', description: 'Every consumer\u2019s queue and dead-letter queue' });

export const DeadLetters = z
  .strictObject({
    items: z.array(z.strictObject({ messageId: z.string(), body: z.string(), sentAt: timestamp(), receiveCount: count() })),
  })
  .meta({ id: 'DeadLetters', description: 'Up to 10 dead letters of a consumer, peeked (they stay parked)' });

export const MetricsReport = z
  .strictObject({
    periodSeconds: count(),
    series: z.array(
      z.strictObject({
        at: timestamp('Start of the period'),
        requests: count(),
        errors: count('Answers with a 5xx'),
        p50: z.number().nonnegative().optional().describe('Latency percentiles in ms; absent without requests'),
        p95: z.number().nonnegative().optional(),
        p99: z.number().nonnegative().optional(),
      }),
    ),
    services: z.array(z.strictObject({ service: z.string(), requests: count(), errors: count(), p95: z.number().nonnegative().optional() })),
    counters: z.record(z.string(), z.number()).describe('Domain counters over the range (locally; the cloud adapter leaves them to CloudWatch)'),
  })
  .meta({ id: 'MetricsReport', description: 'Requests, errors and latency percentiles over time, by function' });

export const LogLines = z
  .strictObject({
    items: z.array(
      z.strictObject({
        at: timestamp(),
        level: z.string(),
        message: z.string(),
        service: z.string().describe('The function (route, consumer or schedule name)'),
        requestId: z.string().optional(),
        userId: z.string().optional(),
        fields: z.record(z.string(), z.unknown()),
      }),
    ),
  })
  .meta({ id: 'LogLines', description: 'Structured log lines, newest first' });

const Dependency = z.strictObject({ ok: z.boolean(), ms: count('Latency of the check in ms'), error: z.enum(['no answer in time', 'failed']).optional() });

export const AdminHealth = z
  .strictObject({
    status: z.enum(['ok', 'degraded', 'unavailable']).describe('unavailable: a dependency fails; degraded: dead letters or a high error rate'),
    stage: z.string(),
    version: z.string(),
    checkedAt: timestamp(),
    dependencies: z.record(z.string(), Dependency),
    queues: QueueDepths.shape.items,
    errorRate: z.strictObject({ windowMinutes: count(), requests: count(), errors: count(), rate: z.number().min(0).max(1) }),
    cameras: z
      .array(z.strictObject({ id: z.string(), name: z.string(), enabled: z.boolean(), ...CameraHealth.shape }))
      .describe('Each camera as its worker last reported it: state, viewers, last frame, last classified error (docs/camera.md)'),
  })
  .meta({ id: 'AdminHealth', description: 'Dependencies with latency, queue and dead-letter depths, recent error rate, version and stage' });

export const Backup = z
  .strictObject({
    key: z.string().describe('The backup in the backups bucket'),
    createdAt: timestamp(),
    bytes: count(),
    downloadUrl: z.string().describe('Presigned GET on the app\u2019s origin, valid 5 minutes'),
  })
  .meta({ id: 'Backup', description: 'One backup ZIP (JSON and CSV of every area in use, with a manifest)' });

export const BackupList = z.strictObject({ items: z.array(Backup) }).meta({ id: 'BackupList', description: 'Backups, newest first' });

export const RestoreResult = z
  .strictObject({
    restored: z.record(z.string(), count()).describe('Items restored per area'),
    removed: count('Items of the account that the backup did not hold, removed'),
  })
  .meta({ id: 'RestoreResult', description: 'What a restore wrote' });

export const BackupScheduleView = z
  .strictObject({
    enabled: z.boolean(),
    intervalDays: count('Days between a user\u2019s scheduled backups'),
    retention: count('Backups kept per user; older ones are removed'),
    updatedAt: timestamp().optional(),
    updatedBy: z.string().optional().describe('The admin who set it'),
  })
  .meta({ id: 'BackupSchedule', description: 'The scheduled backups (off until an admin turns them on)' });

export const RestoreAllQueued = z
  .strictObject({
    at: timestamp('Each user is restored from their newest backup made at or before this time'),
    job: z.literal('restore-user'),
  })
  .meta({ id: 'RestoreAllQueued', description: 'A "restore all" run was queued (per user, through the user fan-out)' });
