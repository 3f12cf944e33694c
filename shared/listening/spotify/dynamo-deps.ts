import { dynamoNotifications } from '../../notifications/notification-repository.ts';
import { appSecret } from '../../secrets/app-secrets.ts';
import { stageSecrets } from '../../secrets/stage-box.ts';
import { dynamoPlays } from '../play-repository.ts';
import { redirectUri, spotifyApp } from './app.ts';
import type { CollectorDeps } from './collector.ts';
import type { ConnectDeps } from './connect.ts';
import { dynamoConnections } from './connection-repository.ts';

async function signingKey(): Promise<string> {
  const key = await appSecret('signing-key');
  if (!key) throw new Error('No signing key');
  return key;
}

/** Connect, refresh and disconnect in a Lambda. */
export const connectDeps: ConnectDeps = {
  connections: dynamoConnections,
  app: spotifyApp,
  signingKey,
  get box() {
    return stageSecrets();
  },
  notifications: dynamoNotifications,
  redirectUri,
  now: () => new Date(),
};

/** The collector in a Lambda. */
export const collectorDeps: CollectorDeps = {
  ...connectDeps,
  get box() {
    return stageSecrets();
  },
  plays: dynamoPlays,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  random: Math.random,
};
