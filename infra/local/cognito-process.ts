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
// Ctrl+C reaches the whole process group: the parent does the stopping (a child that died of it
// first would read as a stand-in lost, stopping the runtime with an error).
process.on('SIGINT', () => undefined);
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

// cognito-local's RespondToAuthChallenge issues a refresh token without storing it, so a session
// signed in with an MFA code could never refresh; store it as a password sign-in does.
type Ctx = unknown;
type TargetFactory = (services: {
  cognito: { getUserPoolForClientId(ctx: Ctx, clientId: string): Promise<{
    getUserByUsername(ctx: Ctx, username: string): Promise<object | null>;
    storeRefreshToken(ctx: Ctx, token: string, user: object): Promise<void>;
  }> };
}) => (ctx: Ctx, req: { ClientId: string; ChallengeResponses?: { USERNAME?: string } }) => Promise<{ AuthenticationResult?: { RefreshToken?: string } }>;
const targets = (require('cognito-local/lib/targets/targets.js') as { Targets: Record<string, TargetFactory> }).Targets;
const respond = targets.RespondToAuthChallenge!;
targets.RespondToAuthChallenge = (services) => async (ctx, req) => {
  const result = await respond(services)(ctx, req);
  const token = result.AuthenticationResult?.RefreshToken;
  if (token && req.ChallengeResponses?.USERNAME) {
    const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
    const user = await pool.getUserByUsername(ctx, req.ChallengeResponses.USERNAME);
    if (user) await pool.storeRefreshToken(ctx, token, user);
  }
  return result;
};

const server = await cognitoLocal.createDefaultServer(pino({ level: process.env.COGNITO_LOG_LEVEL ?? 'warn' }));
const listening = await server.start();
const address = listening.address();
process.send?.({ ready: true, port: typeof address === 'object' && address ? address.port : undefined });
