import { createHash } from 'node:crypto';
import { logger } from '../kit/observability.ts';

/**
 * What happened to an account's security. The operations issue's audit trail records these; until
 * then each is one structured log line (`security.event`), so every emitter already goes through
 * the one function the audit writer will plug into.
 */
export type SecurityEventType =
  | 'sign_in.failed'
  | 'sign_in.locked'
  | 'sign_in.mfa_failed'
  | 'password.changed'
  | 'password.check_failed'
  | 'mfa.enabled'
  | 'mfa.disabled'
  | 'session.ended'
  | 'sessions.ended_everywhere'
  | 'register.existing_email'
  | 'account.deleted';

export interface SecurityEvent {
  type: SecurityEventType;
  /** The account's user id, when known (a failed sign-in of an unknown email has none). */
  userId?: string;
  /** The sign-in email, normalized; logged as {@link accountTag} only. */
  email?: string;
  sourceIp?: string;
  /** Small, non-secret facts: the lock's end, the failure count, why. */
  detail?: Record<string, string | number | boolean>;
}

/** Where security events go; domain functions take one so tests can read what they emitted. */
export type SecuritySink = (event: SecurityEvent) => Promise<void>;

/**
 * A stable, non-reversible tag of an account's email (sha-256, 16 hex digits): log lines and
 * lockout keys name the account without holding the address; an operator who has the email
 * computes the same tag to search.
 */
export function accountTag(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 16);
}

/** Records one security event (today: a structured log line; later also the audit trail). */
export const securityEvent: SecuritySink = (event) => {
  const { email, ...rest } = event;
  logger.info('security.event', { ...rest, ...(email ? { account: accountTag(email) } : {}) });
  return Promise.resolve();
};
