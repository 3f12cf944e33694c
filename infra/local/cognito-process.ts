/**
 * Child process that runs cognito-local with its state under a folder of our choosing
 * (cognito-local keeps `.cognito/` relative to the working directory). It exits when the parent
 * goes away (the IPC channel closes) or asks it to (a `stop` message), so no stand-in outlives
 * `npm start`.
 *
 * It signs tokens with the installation's own key (`<signing key file>`), never with the key
 * cognito-local ships (cognito-signing-key.ts).
 *
 * argv: <state dir> <signing key file>
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Server } from 'node:net';
import { useInstallationSigningKey } from './cognito-signing-key.ts';

const [stateDir, signingKeyFile] = process.argv.slice(2);
if (!stateDir || !signingKeyFile) throw new Error('usage: cognito-process.ts <state dir> <signing key file>');
process.chdir(stateDir);
process.on('disconnect', () => process.exit(0));
process.on('message', (message: { stop?: boolean }) => {
  if (message.stop) process.exit(0);
});

// Before cognito-local loads: it must never sign with (or publish) its own, published key.
useInstallationSigningKey(readFileSync(signingKeyFile, 'utf8'));

const require = createRequire(import.meta.url);
const cognitoLocal = require('cognito-local') as {
  createDefaultServer(logger: unknown): Promise<{ start(): Promise<Server> }>;
};
// cognito-local's own logger library, resolved from its install.
const pino = createRequire(require.resolve('cognito-local'))('pino') as (options: object) => unknown;

const server = await cognitoLocal.createDefaultServer(pino({ level: process.env.COGNITO_LOG_LEVEL ?? 'warn' }));
const listening = await server.start();
const address = listening.address();
process.send?.({ ready: true, port: typeof address === 'object' && address ? address.port : undefined });
