import { eventCatalog, type DomainEventType } from '../events/catalog.ts';
import type { EventSpec, EventSpecs } from '../events/event-spec.ts';

/**
 * The events a signed-in client may receive over the real-time channel: those the catalog marks
 * `client: true`. The push consumer's bus rule and its parsing both come from this one list.
 */
export const clientEventTypes = (Object.keys(eventCatalog) as DomainEventType[]).filter((t) => (eventCatalog[t] as EventSpec).client === true);

/** The specs of the client events (the push consumer parses each detail with them). */
export const clientEventSpecs: EventSpecs = Object.fromEntries(clientEventTypes.map((t) => [t, eventCatalog[t]]));
