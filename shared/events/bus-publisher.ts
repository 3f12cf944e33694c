import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { eventBridge } from '../aws/event-bridge.ts';
import { config } from '../config.ts';
import type { EventPublisher } from './domain-events.ts';
import { EVENT_SOURCE } from './event-spec.ts';

const PUT_EVENTS_MAX = 10;

/** Publishes to the stage's EventBridge bus (locally: the local runtime's bus endpoint). */
export const busPublisher: EventPublisher = {
  async publish(events) {
    for (let i = 0; i < events.length; i += PUT_EVENTS_MAX) {
      const batch = events.slice(i, i + PUT_EVENTS_MAX);
      const out = await eventBridge.send(
        new PutEventsCommand({
          Entries: batch.map((e) => ({
            EventBusName: config.EVENT_BUS_NAME,
            Source: EVENT_SOURCE,
            DetailType: e.type,
            Detail: JSON.stringify(e.detail),
          })),
        }),
      );
      if (out.FailedEntryCount) {
        const failed = (out.Entries ?? []).filter((e) => e.ErrorCode).map((e) => `${e.ErrorCode}: ${e.ErrorMessage}`);
        throw new Error(`EventBridge refused ${out.FailedEntryCount} event(s): ${failed.join('; ')}`);
      }
    }
  },
};
