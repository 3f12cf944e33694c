import { createHash } from 'node:crypto';

/**
 * A stable, non-reversible tag of an account's email (sha-256, 16 hex digits): log lines and
 * lockout keys name the account without holding the address; an operator who has the email
 * computes the same tag to search.
 */
export function accountTag(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 16);
}
