import { z } from 'zod';
import type { DomainEventType } from '../../infra/route-types.ts';

/** `source` of every Mosaic domain event on the bus. */
export const EVENT_SOURCE = 'mosaic';

/** Every event names its user; the rest of the detail depends on the type. */
export const EventDetail = z.looseObject({
  userId: z.string().min(1),
  occurredAt: z.string(),
});
export type EventDetail = z.infer<typeof EventDetail>;

export interface DomainEvent {
  type: DomainEventType;
  detail: EventDetail & Record<string, unknown>;
}

/** Publishes domain events; domain functions receive one so they stay free of AWS. */
export interface EventPublisher {
  publish(events: DomainEvent[]): Promise<void>;
}

/** Builds an event with its timestamp. */
export function domainEvent(type: DomainEventType, userId: string, detail: Record<string, unknown> = {}): DomainEvent {
  return { type, detail: { userId, occurredAt: new Date().toISOString(), ...detail } };
}
