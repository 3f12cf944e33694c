/**
 * Child process that runs cognito-local with its state under a folder of our choosing
 * (cognito-local keeps `.cognito/` relative to the working directory). It exits when the parent
 * goes away (the IPC channel closes) or asks it to (a `stop` message), so no stand-in outlives
 * `npm start`.
 *
 * argv: <state dir>
 */
import { createRequire } from 'node:module';
import type { Server } from 'node:net';

const stateDir = process.argv[2];
if (!stateDir) throw new Error('usage: cognito-process.ts <state dir>');
process.chdir(stateDir);
process.on('disconnect', () => process.exit(0));
process.on('message', (message: { stop?: boolean }) => {
  if (message.stop) process.exit(0);
});

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
