import * as z from 'zod/mini';
import { Id, PageQuery } from '../kit/schemas.ts';

/** The admin console's inputs (zod/mini: they ship in the Lambdas). */

export const UserParams = z.object({ id: Id });
export type UserParams = z.infer<typeof UserParams>;

export const ListUsersQuery = z.extend(PageQuery, {
  /** Part of the email or display name, any case. */
  q: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  sort: z._default(z.enum(['email', 'created', 'lastActive']), 'created'),
  order: z._default(z.enum(['asc', 'desc']), 'desc'),
});
export type ListUsersQuery = z.infer<typeof ListUsersQuery>;

const isoInstant = z.iso.datetime({ offset: false, message: 'must be an ISO 8601 instant in UTC (…Z)' });

export const AuditQuery = z.extend(PageQuery, {
  actor: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  target: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  kind: z.optional(z.string().check(z.regex(/^[a-z_]+\.[a-z_]+$/, 'must be an audit kind such as admin.granted'))),
  from: z.optional(isoInstant),
  to: z.optional(isoInstant),
}).check(z.refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), { message: 'must not be after to', path: ['from'] }));
export type AuditQuery = z.infer<typeof AuditQuery>;

export const JobRunsQuery = z.extend(PageQuery, {
  job: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9-]*$/, 'must be a consumer or schedule name'))),
  outcome: z.optional(z.enum(['succeeded', 'partial', 'failed'])),
  /** Days back from today (UTC), today included. */
  days: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(30)), 7),
});
export type JobRunsQuery = z.infer<typeof JobRunsQuery>;

export const JobRunParams = z.object({ id: z.string().check(z.minLength(10), z.maxLength(200)) });
export type JobRunParams = z.infer<typeof JobRunParams>;

export const ConsumerParams = z.object({ consumer: z.string().check(z.regex(/^[a-z][a-z0-9-]*$/, 'must be a consumer name')) });
export type ConsumerParams = z.infer<typeof ConsumerParams>;

const functionName = z.string().check(z.regex(/^[a-z][a-z0-9-]*$/, 'must be a function (route, consumer or schedule) name'));

export const MetricsQuery = z.object({
  from: z.optional(isoInstant),
  to: z.optional(isoInstant),
  /** Seconds per point: 60 to 86400. */
  period: z._default(z.coerce.number().check(z.int(), z.gte(60), z.lte(86_400)), 300),
  service: z.optional(functionName),
});
export type MetricsQuery = z.infer<typeof MetricsQuery>;

export const LogsQuery = z.object({
  from: z.optional(isoInstant),
  to: z.optional(isoInstant),
  level: z.optional(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'])),
  service: z.optional(functionName),
  requestId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  userId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(500)), 100),
});
export type LogsQuery = z.infer<typeof LogsQuery>;

export const AdminRestoreBody = z.object({
  key: z.string().check(z.regex(/^users\/[\w-]+\/[\w:.-]+\.zip$/, 'must be a backup key from the backups list')),
  /** The admin's say-so that a backup of another user may go into this account. */
  allowOtherUser: z._default(z.boolean(), false),
});
export type AdminRestoreBody = z.infer<typeof AdminRestoreBody>;

/** The scheduled backups an admin sets (docs/operations.md). */
export const BackupScheduleBody = z.object({
  enabled: z.boolean(),
  /** Days between a user's scheduled backups. */
  intervalDays: z.number().check(z.int(), z.gte(1), z.lte(90)),
  /** Backups kept per user (their own and scheduled ones); the job removes older ones. */
  retention: z.number().check(z.int(), z.gte(1), z.lte(100)),
});
export type BackupScheduleBody = z.infer<typeof BackupScheduleBody>;

export const RestoreAllBody = z.object({
  /** Restore each user from their newest backup made at or before this instant (default: now). */
  at: z.optional(isoInstant),
});
export type RestoreAllBody = z.infer<typeof RestoreAllBody>;
