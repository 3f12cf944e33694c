/**
 * `npm run admin -- grant <email>` / `revoke <email>`: make a user an administrator (the `admin`
 * group of the user pool), as the seed's `assign-user-data` did. The user signs in again to get a
 * token carrying the group.
 *
 * Locally it talks to the running `npm start` (or, when none runs, starts the local user pool
 * on the data folder for the moment). For a deployed stage pass `--user-pool-id <id>` (and AWS
 * credentials in the environment, as for the AWS CLI).
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  AdminAddUserToGroupCommand,
  AdminRemoveUserFromGroupCommand,
  CognitoIdentityProviderClient,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { readRuntimeState } from '../infra/local/runtime-state.ts';
import { ensureLocalSecrets } from '../infra/local/secrets.ts';
import { startCognito } from '../infra/local/stand-ins.ts';
import { names } from '../infra/naming.ts';
import { ADMIN_GROUP } from '../shared/auth/groups.ts';

const usage = 'usage: npm run admin -- grant|revoke <email> [--user-pool-id <id>] [--region <region>]';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'user-pool-id': { type: 'string' }, region: { type: 'string' } },
});
const [command, email] = positionals;
if ((command !== 'grant' && command !== 'revoke') || !email) {
  console.error(usage);
  process.exit(2);
}

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const dataDir = resolve(process.env.MOSAIC_DATA_DIR ?? join(root, '.mosaic'));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function localPool(): Promise<{ client: CognitoIdentityProviderClient; userPoolId: string; stop: () => void }> {
  let endpoint: string;
  let stop = () => undefined as void;
  const state = readRuntimeState(dataDir);
  if (state && isAlive(state.pid)) {
    endpoint = state.endpoints.cognito;
  } else {
    const cognito = await startCognito(join(dataDir, 'cognito'), ensureLocalSecrets(dataDir));
    endpoint = cognito.endpoint;
    stop = () => void cognito.child.kill();
  }
  const client = new CognitoIdentityProviderClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  const userPoolId = pools.UserPools?.find((p) => p.Name === names('local').userPool)?.Id;
  if (!userPoolId) {
    stop();
    throw new Error(`No local user pool in ${dataDir}: run npm start once first.`);
  }
  return { client, userPoolId, stop };
}

const target = values['user-pool-id']
  ? {
      client: new CognitoIdentityProviderClient({ region: values.region ?? process.env.AWS_REGION }),
      userPoolId: values['user-pool-id'],
      stop: () => undefined,
    }
  : await localPool();

try {
  const input = { UserPoolId: target.userPoolId, Username: email.trim().toLowerCase(), GroupName: ADMIN_GROUP };
  await target.client.send(command === 'grant' ? new AdminAddUserToGroupCommand(input) : new AdminRemoveUserFromGroupCommand(input));
  console.log(`${command === 'grant' ? 'Granted' : 'Revoked'} ${ADMIN_GROUP} for ${input.Username}. They get it with their next sign-in.`);
} catch (error) {
  const e = error as Error;
  console.error(e.name === 'UserNotFoundException' ? `No user with the email ${email}.` : `${e.name}: ${e.message}`);
  process.exitCode = 1;
} finally {
  target.stop();
}
