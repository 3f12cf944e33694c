/**
 * The operations area's routes: health, and the admin console (users, audit trail, …).
 * `operationsRoutes` is what handlers bundle; `operationsDeployment` only deployment and docs read.
 * Every admin route is `auth: 'admin'`: the kit checks the verified token's `admin` group claim
 * against the server-side token state (a revoked admin is refused at once) and audits refusals.
 */
import { contracts, route } from '../../shared/contract/routes.ts';
import { HealthReport } from '../../shared/health/responses.ts';
import { AdminUser, AdminUserDetail, AdminUserPage, AuditPage } from '../../shared/operations/responses.ts';
import { AuditQuery, ListUsersQuery, UserParams } from '../../shared/operations/schemas.ts';
import type { Deployments } from './types.ts';

/** Per client address, on every admin action that changes something. */
const ADMIN_WRITE_LIMIT = { requests: 60, windowSeconds: 60 };

export const operationsRoutes = contracts({
  'get-health': route({ method: 'GET', path: '/v1/health', auth: 'public' }),
  'list-users': route({ method: 'GET', path: '/v1/admin/users', auth: 'admin', query: ListUsersQuery }),
  'get-user': route({ method: 'GET', path: '/v1/admin/users/{id}', auth: 'admin', params: UserParams }),
  'disable-user': route({ method: 'POST', path: '/v1/admin/users/{id}/disable', auth: 'admin', params: UserParams, successStatus: 200, rateLimit: ADMIN_WRITE_LIMIT }),
  'enable-user': route({ method: 'POST', path: '/v1/admin/users/{id}/enable', auth: 'admin', params: UserParams, successStatus: 200, rateLimit: ADMIN_WRITE_LIMIT }),
  'delete-user': route({ method: 'DELETE', path: '/v1/admin/users/{id}', auth: 'admin', params: UserParams, successStatus: 204, rateLimit: ADMIN_WRITE_LIMIT }),
  'grant-admin': route({ method: 'PUT', path: '/v1/admin/users/{id}/admin', auth: 'admin', params: UserParams, rateLimit: ADMIN_WRITE_LIMIT }),
  'revoke-admin': route({ method: 'DELETE', path: '/v1/admin/users/{id}/admin', auth: 'admin', params: UserParams, rateLimit: ADMIN_WRITE_LIMIT }),
  'list-audit': route({ method: 'GET', path: '/v1/admin/audit', auth: 'admin', query: AuditQuery }),
});

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
    resources: { ...userAdmin, publishes: ['user.deleted'] },
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
} satisfies Deployments<typeof operationsRoutes>;
