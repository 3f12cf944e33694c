import { z } from 'zod';
import { EntryStatus } from './schemas.ts';

/** Detail of `entry.logged` / `entry.deleted` (status and value only on `entry.logged`). */
export const EntryChangedDetail = z.object({
  userId: z.string().min(1),
  activityId: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  status: EntryStatus.optional(),
  value: z.number().nullable().optional(),
  /** How the entry got its status; `finalized` entries were not logged by the user. */
  source: z.enum(['explicit', 'derived', 'finalized']).optional(),
  /** Epoch ms of the change; orders deliveries. */
  at: z.number(),
});
export type EntryChangedDetail = z.infer<typeof EntryChangedDetail>;
