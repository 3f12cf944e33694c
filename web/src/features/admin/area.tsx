import { Navigate, useParams } from 'react-router';
import type { Area } from '../../app/area.ts';
import { AuditPage } from './audit-page.tsx';
import { BackupsPage } from './backups-page.tsx';
import { HealthPage } from './health-page.tsx';
import { JobsPage } from './jobs-page.tsx';
import { LogsPage } from './logs-page.tsx';
import { MetricsPage } from './metrics-page.tsx';
import { UserPage } from './user-page.tsx';
import { UsersPage } from './users-page.tsx';

function UserDetail() {
  const { id = '' } = useParams();
  return <UserPage key={id} id={id} />;
}

/** Admin → Operations: users, audit trail, jobs and dead letters, health, metrics, logs, backups. */
export const admin: Area = {
  id: 'admin',
  label: 'Operations',
  icon: 'shield',
  home: '/admin/users',
  pages: [
    { to: '/admin/users', label: 'Users', icon: 'user', primary: true },
    { to: '/admin/audit', label: 'Audit', icon: 'note', primary: true },
    { to: '/admin/health', label: 'Health', icon: 'pulse', primary: true },
    { to: '/admin/jobs', label: 'Jobs', icon: 'jobs', primary: true },
    { to: '/admin/metrics', label: 'Metrics', icon: 'chart' },
    { to: '/admin/logs', label: 'Logs', icon: 'logs' },
    { to: '/admin/backups', label: 'Backups', icon: 'archive' },
  ],
  paths: ['/admin/users', '/admin/audit', '/admin/health', '/admin/jobs', '/admin/metrics', '/admin/logs', '/admin/backups'],
  routes: [
    // The section's own address opens its first page (the navigation links there too).
    { path: '/admin', element: <Navigate to="/admin/users" replace /> },
    { path: '/admin/users', element: <UsersPage /> },
    { path: '/admin/users/:id', element: <UserDetail /> },
    { path: '/admin/audit', element: <AuditPage /> },
    { path: '/admin/health', element: <HealthPage /> },
    { path: '/admin/jobs', element: <JobsPage /> },
    { path: '/admin/metrics', element: <MetricsPage /> },
    { path: '/admin/logs', element: <LogsPage /> },
    { path: '/admin/backups', element: <BackupsPage /> },
  ],
  adminOnly: true,
};
