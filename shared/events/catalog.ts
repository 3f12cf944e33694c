import { accountEvents } from './account.ts';
import type { EventOf, EventSpecs } from './event-spec.ts';
import { incidentEvents } from './incidents.ts';
import { listeningEvents } from './listening.ts';
import { trackingEvents } from './tracking.ts';
import { wearableEvents } from './wearables.ts';

/**
 * Every domain event type on the bus, with the schema of its detail: one part per area. Producers
 * and consumers import only their area's part (or types from here), so no bundle carries another
 * area's schemas; docs/events.md is generated from this and the route table.
 */
export const eventCatalog = {
  ...accountEvents,
  ...trackingEvents,
  ...wearableEvents,
  ...incidentEvents,
  ...listeningEvents,
} satisfies EventSpecs;

export type EventCatalog = typeof eventCatalog;

/** A domain event type (`detail-type` on the bus). */
export type DomainEventType = Extract<keyof EventCatalog, string>;

/** Any domain event as a publisher writes it. */
export type DomainEvent = EventOf<EventCatalog>;
