import { accountTag } from './account-tag.ts';
import { audit } from '../audit/audit-writer.ts';
import { logger } from '../kit/observability.ts';

export { accountTag };

/**
 * What happened to an account's security. The operations issue's audit trail records these; until
 * then each is one structured log line (`security.event`), so every emitter already goes through
 * the one function the audit writer will plug into.
 */
export type SecurityEventType =
  | 'sign_in.succeeded'
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


/** Failures among the security events (the rest record something that was done). */
const FAILURES = new Set<SecurityEventType>(['sign_in.failed', 'sign_in.locked', 'sign_in.mfa_failed', 'password.check_failed']);

/**
 * Records one security event: a structured log line and an audit record (target: the account;
 * actor: the account itself for what its owner did, unknown for failed sign-ins).
 */
export const securityEvent: SecuritySink = async (event) => {
  const { email, ...rest } = event;
  const account = email ? accountTag(email) : undefined;
  logger.info('security.event', { ...rest, ...(account ? { account } : {}) });
  const failure = FAILURES.has(event.type);
  await audit({
    kind: event.type,
    ...(event.userId ? { target: event.userId } : {}),
    ...(event.userId && !failure ? { actor: event.userId } : {}),
    outcome: event.type === 'sign_in.locked' ? 'denied' : failure ? 'failed' : 'success',
    ...(event.sourceIp ? { sourceIp: event.sourceIp } : {}),
    detail: { ...event.detail, ...(account ? { account } : {}) },
  });
};
