import { appSecret } from '../../secrets/app-secrets.ts';
import { redirectUri, spotifyApp } from './app.ts';
import type { ConnectDeps } from './connect.ts';
import { dynamoConnections } from './connection-repository.ts';

async function signingKey(): Promise<string> {
  const key = await appSecret('signing-key');
  if (!key) throw new Error('No signing key');
  return key;
}

/** What starting a connect needs (no secret box: its bundle carries no KMS client). */
export const startDeps: Pick<ConnectDeps, 'connections' | 'app' | 'signingKey' | 'redirectUri' | 'now'> = {
  connections: dynamoConnections,
  app: spotifyApp,
  signingKey,
  redirectUri,
  now: () => new Date(),
};
