/** What the admin routes answer (classic zod: OpenAPI and the response-schema test read them). */
import * as z from 'zod';
import { count, Page, timestamp } from '../kit/responses.ts';

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

export const AuditPage = Page(AuditRecord, 'AuditPage');
