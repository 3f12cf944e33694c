import { ACTIVITY_PREFIX, GOAL_PREFIX } from '../tracking/keys.ts';

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
  { area: 'tracking', counts: { activities: ACTIVITY_PREFIX, entries: 'ENTRY#', goals: GOAL_PREFIX, imports: 'IMPORT#' } },
  { area: 'notifications', counts: { notifications: 'NOTE#' } },
];
