import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/api.ts';
import { pagedQuery } from '../../api/paged.ts';
import type { AuditListQuery, JobRunListQuery, LogListQuery, MetricsListQuery, UserListQuery } from '../../api/types.ts';

export const adminKeys = {
  all: ['admin'] as const,
  users: (q: UserListQuery) => ['admin', 'users', q] as const,
  user: (id: string) => ['admin', 'user', id] as const,
  audit: (q: AuditListQuery) => ['admin', 'audit', q] as const,
  jobRuns: (q: JobRunListQuery) => ['admin', 'job-runs', q] as const,
  queues: () => ['admin', 'queues'] as const,
  deadLetters: (consumer: string) => ['admin', 'dead-letters', consumer] as const,
  health: () => ['admin', 'health'] as const,
  metrics: (q: MetricsWindow) => ['admin', 'metrics', q] as const,
  logs: (q: LogListQuery) => ['admin', 'logs', q] as const,
  backups: (id: string) => ['admin', 'backups', id] as const,
  backupSchedule: () => ['admin', 'backup-schedule'] as const,
};

export const userList = (q: UserListQuery) => pagedQuery(adminKeys.users(q), (cursor, signal) => api.admin.users({ ...q, cursor }, signal));
export const userDetail = (id: string) => queryOptions({ queryKey: adminKeys.user(id), queryFn: ({ signal }) => api.admin.user(id, signal) });
export const auditList = (q: AuditListQuery) => pagedQuery(adminKeys.audit(q), (cursor, signal) => api.admin.audit({ ...q, cursor }, signal));
export const jobRunList = (q: JobRunListQuery) => pagedQuery(adminKeys.jobRuns(q), (cursor, signal) => api.admin.jobRuns({ ...q, cursor }, signal));
export const queueList = () => queryOptions({ queryKey: adminKeys.queues(), queryFn: ({ signal }) => api.admin.queues(signal) });
export const deadLetterList = (consumer: string) =>
  queryOptions({ queryKey: adminKeys.deadLetters(consumer), queryFn: ({ signal }) => api.admin.deadLetters(consumer, signal) });
/** The health report, every 10 seconds while the page is open. */
export const adminHealth = () => queryOptions({ queryKey: adminKeys.health(), queryFn: ({ signal }) => api.admin.health(signal), refetchInterval: 10_000 });
/** The last `rangeSeconds` of metrics, `period` seconds a point, ending at the current period's end. */
export interface MetricsWindow {
  rangeSeconds: number;
  period: number;
  service?: string;
}
export const metricsReport = (w: MetricsWindow) =>
  queryOptions({
    queryKey: adminKeys.metrics(w),
    queryFn: ({ signal }) => {
      const end = Math.ceil(Date.now() / (w.period * 1000)) * w.period * 1000;
      const query: MetricsListQuery = { from: new Date(end - w.rangeSeconds * 1000).toISOString(), to: new Date(end).toISOString(), period: w.period, service: w.service };
      return api.admin.metrics(query, signal);
    },
  });
/** Log lines; with `live`, polled every 3 seconds (the "live tail"). */
export const logList = (q: LogListQuery, live: boolean) =>
  queryOptions({ queryKey: adminKeys.logs(q), queryFn: ({ signal }) => api.admin.logs(q, signal), refetchInterval: live ? 3_000 : false });
export const userBackups = (id: string) => queryOptions({ queryKey: adminKeys.backups(id), queryFn: ({ signal }) => api.admin.backups(id, signal) });
export const backupSchedule = () => queryOptions({ queryKey: adminKeys.backupSchedule(), queryFn: ({ signal }) => api.admin.backupSchedule(signal) });
