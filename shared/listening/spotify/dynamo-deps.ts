import { dynamoNotifications } from '../../notifications/notification-repository.ts';
import { stageSecrets } from '../../secrets/stage-box.ts';
import type { ConnectDeps } from './connect.ts';
import { startDeps } from './start-deps.ts';

/** Completing a connect, refreshing and disconnecting in a Lambda (the secret box is made on first use). */
export const connectDeps: ConnectDeps = {
  ...startDeps,
  get box() {
    return stageSecrets();
  },
  notifications: dynamoNotifications,
};
