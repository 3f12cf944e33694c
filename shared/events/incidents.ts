import * as z from 'zod/mini';
import { BaseDetail, type EventSpecs } from './event-spec.ts';

/** What every incident event says: enough for notifications and outgoing webhooks to read nothing else. */
const IncidentDetail = z.extend(BaseDetail, {
  projectId: z.string(),
  incidentId: z.string(),
  title: z.string(),
  severity: z.enum(['info', 'low', 'medium', 'high', 'critical']),
  state: z.enum(['open', 'acknowledged', 'resolved', 'merged']),
  signalCount: z.number(),
  /** How many incidents these fingerprints have had, this one included. */
  occurrence: z.number(),
  /** The severity before this change (updated events), to tell an escalation. */
  previousSeverity: z.optional(z.enum(['info', 'low', 'medium', 'high', 'critical'])),
  /** Who changed it; absent when a source did. `userId` is the actor, or `system`. */
  actor: z.optional(z.string()),
});

/** The incidents area's events (userId: who acted, or `system` when a source did). */
export const incidentEvents = {
  'incident.opened': {
    area: 'incidents',
    description: 'An incident opened (a firing signal with nothing open to join, a reopen, or a split).',
    detail: IncidentDetail,
    client: true,
  },
  'incident.updated': {
    area: 'incidents',
    description: 'An open incident changed: a signal joined, its severity moved, someone acknowledged or merged.',
    detail: IncidentDetail,
    client: true,
  },
  'incident.resolved': {
    area: 'incidents',
    description: 'An incident resolved: every member source said resolved, or someone resolved it.',
    detail: IncidentDetail,
    client: true,
  },
} satisfies EventSpecs;
