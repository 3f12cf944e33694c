import { MAX_DISPLAY_NAME } from '../../../shared/auth/limits.ts';
import { PASSWORD_HINT } from '../../../shared/auth/password-policy.ts';
import { MAX_PAGE_SIZE } from '../../../shared/kit/paging.ts';
import { MAX_LINKS_PER_GOAL, MAX_REMINDERS_PER_ACTIVITY, TEXT_LIMITS, WEEKDAYS } from '../../../shared/tracking/limits.ts';
import { MAX_HEALTH_EXPORT_BYTES, MAX_IMPORT_BYTES, MAX_INLINE_IMPORT_BYTES } from '../../../shared/tracking/transfer/limits.ts';

/**
 * Max lengths and caps the API enforces, imported from the zod-free modules its schemas read them
 * from: forms use them for `maxLength` and caps instead of restating numbers.
 */
export const LIMITS = {
  activity: { name: TEXT_LIMITS.name, description: TEXT_LIMITS.description, category: TEXT_LIMITS.category, unit: TEXT_LIMITS.unit, reminders: MAX_REMINDERS_PER_ACTIVITY },
  goal: { name: TEXT_LIMITS.name, description: TEXT_LIMITS.description, unit: TEXT_LIMITS.unit, links: MAX_LINKS_PER_GOAL },
  entry: { note: TEXT_LIMITS.note },
  account: { displayName: MAX_DISPLAY_NAME, passwordHint: PASSWORD_HINT },
  imports: { inlineBytes: MAX_INLINE_IMPORT_BYTES, maxBytes: MAX_IMPORT_BYTES, healthExportBytes: MAX_HEALTH_EXPORT_BYTES },
  pageSize: MAX_PAGE_SIZE,
  weekdays: WEEKDAYS,
} as const;
