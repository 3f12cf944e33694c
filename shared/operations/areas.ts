import { NOTIFICATION_PREFIX } from '../notifications/keys.ts';
import { ACTIVITY_PREFIX, ENTRY_PREFIX, GOAL_PREFIX, IMPORT_PREFIX } from '../tracking/keys.ts';

/**
 * What each area contributes to operations, registered in one place: the counts an admin sees
 * on a user's detail page (item kinds by sort-key prefix in the user's partition). Backups use
 * the same registry for their per-area exporters and restorers (shared/operations/backup*.ts),
 * so a new area (Incidents, Listening) plugs in with one entry.
 */
export interface AreaCounts {
  area: string;
  /** Count name → sort-key prefix in the user's partition. */
  counts: Record<string, string>;
}

export const AREA_COUNTS: AreaCounts[] = [
  { area: 'tracking', counts: { activities: ACTIVITY_PREFIX, entries: ENTRY_PREFIX, goals: GOAL_PREFIX, imports: IMPORT_PREFIX } },
  { area: 'notifications', counts: { notifications: NOTIFICATION_PREFIX } },
];
