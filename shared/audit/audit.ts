import { randomUUID } from 'node:crypto';
import type { SecurityEventType } from '../auth/security-events.ts';

/**
 * The audit trail: an append-only record of every admin action and security event. Records are
 * only ever put (never updated or deleted by Mosaic: the IAM grants say so, see infra/cdk/grants.ts)
 * and expire after the stage's retention period (DynamoDB TTL).
 */
export type AuditKind =
  | SecurityEventType
  | 'sign_in.succeeded'
  | 'token.rejected'
  | 'admin.denied'
  | 'admin.granted'
  | 'admin.revoked'
  | 'user.disabled'
  | 'user.enabled'
  | 'user.deleted'
  | 'backup.created'
  | 'backup.restored'
  | 'backup.settings_changed'
  | 'backup.restore_all'
  | 'job.redriven'
  | 'dead_letter.redriven'
  | 'camera_stream.started'
  | 'camera_stream.stopped';

export type AuditOutcome = 'success' | 'denied' | 'failed';

export interface AuditRecord {
  id: string;
  /** ISO time it happened. */
  at: string;
  kind: AuditKind;
  /** Who acted: a user id, `cli:<os user>` for the operator CLI, `system` for a job; absent when unknown. */
  actor?: string;
  /** Whom or what it concerns: a user id, a backup, a job run, a route. */
  target?: string;
  outcome: AuditOutcome;
  sourceIp?: string;
  requestId?: string;
  /** Small, non-secret facts (never a password, token or email address). */
  detail?: Record<string, string | number | boolean>;
}

/** What an emitter gives; the time, id and request facts are filled in. */
export type AuditInput = Omit<AuditRecord, 'id' | 'at' | 'outcome'> & { outcome?: AuditOutcome; at?: string };

/** Where audit records go (the table in production; a list in unit tests). */
export interface AuditRepository {
  append(record: AuditRecord): Promise<void>;
  query(filter: AuditFilter, page: { limit: number; cursor?: string }): Promise<{ items: AuditRecord[]; nextCursor?: string }>;
}

export interface AuditFilter {
  actor?: string;
  target?: string;
  kind?: string;
  /** ISO times, inclusive. */
  from?: string;
  to?: string;
}

/** Completes an audit input into a record. */
export function auditRecord(input: AuditInput, now: Date, context: { requestId?: string; sourceIp?: string } = {}): AuditRecord {
  const { outcome, at, ...rest } = input;
  return {
    id: randomUUID(),
    at: at ?? now.toISOString(),
    outcome: outcome ?? 'success',
    ...(context.requestId ? { requestId: context.requestId } : {}),
    ...(context.sourceIp ? { sourceIp: context.sourceIp } : {}),
    ...rest,
  };
}
