import type { DetailInput } from './event-spec.ts';
import type { DomainEvent, DomainEventType, EventCatalog } from './catalog.ts';

/** Publishes domain events; domain functions receive one so they stay free of AWS. */
export interface EventPublisher {
  publish(events: DomainEvent[]): Promise<void>;
}

/** Builds an event of the catalog with its user and timestamp; the detail is typed by the catalog. */
export function domainEvent<T extends DomainEventType>(
  type: T,
  userId: string,
  detail: Omit<DetailInput<EventCatalog, T>, 'userId' | 'occurredAt'>,
): DomainEvent {
  return { type, detail: { userId, occurredAt: new Date().toISOString(), ...detail } } as DomainEvent;
}
