import { Id } from '../kit/schemas.ts';
import type { ProfileRepository } from '../users/profile-repository.ts';
import type { AuditFilter, AuditRecord, AuditRepository } from './audit.ts';

export interface AuditTrailPage {
  items: AuditRecord[];
  nextCursor?: string;
  /** The emails of the users the page names as actor or target, by id. */
  people: Record<string, string>;
}

const isUserId = (value: string | undefined): value is string => value !== undefined && Id.safeParse(value).success;

/**
 * One page of the audit trail for the admin console, with the emails of the users its records
 * name, read now from their profiles: records keep ids only (no email is ever written into the
 * trail), and a deleted account's id stays an id.
 */
export async function auditTrailPage(
  deps: { audit: Pick<AuditRepository, 'query'>; profiles: Pick<ProfileRepository, 'emailsOf'> },
  filter: AuditFilter,
  page: { limit: number; cursor?: string },
): Promise<AuditTrailPage> {
  const found = await deps.audit.query(filter, page);
  const ids = [...new Set(found.items.flatMap((record) => [record.actor, record.target]).filter(isUserId))];
  const emails = ids.length > 0 ? await deps.profiles.emailsOf(ids) : new Map<string, string>();
  return { ...found, people: Object.fromEntries(emails) };
}
