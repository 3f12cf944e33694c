import { busPublisher } from '../../events/bus-publisher.ts';
import { dynamoNotifications } from '../../notifications/notification-repository.ts';
import { stageSecrets } from '../../secrets/stage-box.ts';
import { dynamoPlays } from '../play-repository.ts';
import type { CollectorDeps } from './collector.ts';
import { startDeps } from './start-deps.ts';

/** The collector in a Lambda (apart from connectDeps: only the collector carries the bus client). */
export const collectorDeps: CollectorDeps = {
  ...startDeps,
  get box() {
    return stageSecrets();
  },
  notifications: dynamoNotifications,
  plays: dynamoPlays,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  random: Math.random,
  events: busPublisher,
};
