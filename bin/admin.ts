/**
 * Operator commands:
 *
 * - `npm run admin -- grant <email>` / `revoke <email>`: make a user an administrator (the `admin`
 *   group of the user pool), as the seed's `assign-user-data` did. The user signs in again to get
 *   a token carrying the group.
 * - `npm run admin -- repair <email> [--dry-run] [--verbose] [--json]`: recompute the user's
 *   derived data (day and month roll-ups, activity stats, goal progress, at-risk flags) from their
 *   raw entries, write what differs, settle pending marks it makes moot, and report what changed
 *   (counts per kind; a line per changed item with --verbose; the whole report with --json).
 *   `--dry-run` writes nothing: it reports the differences.
 *
 * Locally it talks to the running `npm start` (or, when none runs, starts the local user pool and
 * table on the data folder for the moment). For a deployed stage pass `--stage <name>` (the user
 * pool is found by its name; or give `--user-pool-id <id>`) and `--region`, with AWS credentials in
 * the environment as for the AWS CLI: the same code runs against the stage's table and pool.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  AdminAddUserToGroupCommand,
  AdminGetUserCommand,
  AdminRemoveUserFromGroupCommand,
  CognitoIdentityProviderClient,
  ListUserPoolsCommand,
  type UserPoolDescriptionType,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { ensureTable } from '../infra/local/provision.ts';
import { readRuntimeState, runningDataDirs } from '../infra/local/runtime-state.ts';
import { ensureLocalSecrets } from '../infra/local/secrets.ts';
import { startCognito } from '../infra/local/stand-ins.ts';
import { names } from '../infra/naming.ts';
import { ADMIN_GROUP } from '../shared/auth/groups.ts';
import { BUCKET_NAMES, bucketEnvName } from '../shared/contract/buckets.ts';

const usage = [
  'usage: npm run admin -- grant|revoke <email> [--stage <name> | --user-pool-id <id>] [--region <region>]',
  '       npm run admin -- repair <email> [--dry-run] [--verbose] [--json] [--stage <name>] [--user-pool-id <id>] [--region <region>]',
].join('\n');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'user-pool-id': { type: 'string' },
    region: { type: 'string' },
    stage: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const [command, rawEmail] = positionals;
if (!['grant', 'revoke', 'repair'].includes(command ?? '') || !rawEmail || positionals.length > 2) {
  console.error(usage);
  process.exit(2);
}
const email = rawEmail.trim().toLowerCase();

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const LOCAL_REGION = 'us-east-1';
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The data folder to work on: `MOSAIC_DATA_DIR` when set; else the one the running `npm start`
 * of this checkout serves (it may have been started with `MOSAIC_DATA_DIR` in another shell);
 * else `.mosaic/`.
 */
function chooseDataDir(): string {
  if (process.env.MOSAIC_DATA_DIR) return resolve(process.env.MOSAIC_DATA_DIR);
  const running = runningDataDirs(root, isAlive);
  if (running.length > 1 && (!values.stage || values.stage === 'local')) {
    console.error(`Several Mosaic instances are running (data in ${running.join(', ')}): set MOSAIC_DATA_DIR to the one to use.`);
    process.exit(2);
  }
  return running[0] ?? join(root, '.mosaic');
}
const dataDir = chooseDataDir();

/** The running `npm start` on this data folder, if any. */
function runningInstance(): { endpoints: { cognito: string; dynamodb: string } } | undefined {
  const state = readRuntimeState(dataDir);
  return state && isAlive(state.pid) ? state : undefined;
}

interface Target {
  stage: string;
  region: string;
  cognito: CognitoIdentityProviderClient;
  userPoolId: string;
  /** Locally, the table's endpoint (the cloud uses the regional one). */
  dynamoEndpoint?: string;
  stop: () => Promise<void>;
}

async function findPool(client: CognitoIdentityProviderClient, poolName: string): Promise<string | undefined> {
  let token: string | undefined;
  do {
    const page = await client.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken: token }));
    const found = page.UserPools?.find((p: UserPoolDescriptionType) => p.Name === poolName)?.Id;
    if (found) return found;
    token = page.NextToken;
  } while (token);
  return undefined;
}

/** The local stage: the running instance's stand-ins, or the data folder's own for the moment. */
async function localTarget(needsTable: boolean): Promise<Target> {
  const stops: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
  };
  const running = runningInstance();
  let cognitoEndpoint = running?.endpoints.cognito;
  let dynamoEndpoint = running?.endpoints.dynamodb;
  if (!cognitoEndpoint) {
    const cognito = await startCognito(join(dataDir, 'cognito'), ensureLocalSecrets(dataDir));
    cognitoEndpoint = cognito.endpoint;
    stops.push(() => void cognito.child.kill());
  }
  if (needsTable && !dynamoEndpoint) {
    // The table's LevelDB files are locked by one process at a time: with Mosaic stopped, this one.
    const server = dynalite({ path: join(dataDir, 'dynamodb'), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', () => ready()));
    stops.push(() => new Promise<void>((closed) => server.close(() => closed())));
    dynamoEndpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const client = new DynamoDBClient({ endpoint: dynamoEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    // A data folder from before the table's newest index is rebuilt first, as `npm start` would.
    await ensureTable(client, names('local').table, { dataDir, log: (line) => console.error(line) });
    client.destroy();
  }
  const cognito = new CognitoIdentityProviderClient({ endpoint: cognitoEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const userPoolId = await findPool(cognito, names('local').userPool);
  if (!userPoolId) {
    await stop();
    throw new Error(`No local user pool in ${dataDir}: run npm start once first.`);
  }
  return { stage: 'local', region: LOCAL_REGION, cognito, userPoolId, dynamoEndpoint, stop };
}

/** A deployed stage: its pool (by name, unless given) and table, with the caller's AWS credentials. */
async function cloudTarget(stage: string): Promise<Target> {
  const region = values.region ?? process.env.AWS_REGION;
  if (!region) throw new Error('Pass --region (or set AWS_REGION) for a deployed stage.');
  const cognito = new CognitoIdentityProviderClient({ region });
  const userPoolId = values['user-pool-id'] ?? (await findPool(cognito, names(stage).userPool));
  if (!userPoolId) throw new Error(`No user pool named ${names(stage).userPool} in ${region}.`);
  return { stage, region, cognito, userPoolId, stop: async () => undefined };
}

async function target(needsTable: boolean): Promise<Target> {
  if (values.stage && values.stage !== 'local') return cloudTarget(values.stage);
  // --user-pool-id alone (no stage): a deployed pool, as `grant` always allowed.
  if (values['user-pool-id'] && !values.stage) {
    const region = values.region ?? process.env.AWS_REGION ?? LOCAL_REGION;
    return {
      stage: 'unknown',
      region,
      cognito: new CognitoIdentityProviderClient({ region }),
      userPoolId: values['user-pool-id'],
      stop: async () => undefined,
    };
  }
  return localTarget(needsTable);
}

async function grantOrRevoke(t: Target): Promise<void> {
  const input = { UserPoolId: t.userPoolId, Username: email, GroupName: ADMIN_GROUP };
  await t.cognito.send(command === 'grant' ? new AdminAddUserToGroupCommand(input) : new AdminRemoveUserFromGroupCommand(input));
  console.log(`${command === 'grant' ? 'Granted' : 'Revoked'} ${ADMIN_GROUP} for ${email}. They get it with their next sign-in.`);
}

async function repair(t: Target): Promise<void> {
  if (t.stage === 'unknown') throw new Error('repair needs --stage <name> to find the table (--user-pool-id alone does not name it).');
  const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: t.userPoolId, Username: email }));
  const userId = user.UserAttributes?.find((a) => a.Name === 'sub')?.Value ?? user.Username!;
  const n = names(t.stage);
  // The table repositories read their configuration at load: the stage's names, and locally the
  // stand-in's endpoint. The repair publishes nothing and touches no bucket or queue.
  Object.assign(process.env, {
    STAGE: t.stage,
    AWS_REGION: t.region,
    TABLE_NAME: n.table,
    EVENT_BUS_NAME: n.bus,
    USER_POOL_ID: t.userPoolId,
    USER_POOL_CLIENT_ID: 'admin-cli',
    ...Object.fromEntries(BUCKET_NAMES.map((b) => [bucketEnvName(b), n.localBucket(b)])),
    ...(t.dynamoEndpoint
      ? { AWS_ENDPOINT_URL_DYNAMODB: t.dynamoEndpoint, AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey }
      : {}),
  });
  const { repairUser, describeChange } = await import('../shared/tracking/repair.ts');
  const { trackingStore } = await import('../shared/tracking/dynamo-deps.ts');
  const dryRun = values['dry-run'];
  const report = await repairUser(trackingStore, userId, { dryRun });
  if (values.json) {
    console.log(JSON.stringify({ email, ...report }, null, 2));
    return;
  }
  const c = report.counts;
  const differences = c.day + c.month + c.stats + c.atRisk + c.goal;
  const verb = dryRun ? 'to write' : 'written';
  console.log(`Repair of ${email} (user ${userId}, stage ${t.stage})${dryRun ? ' — dry run, nothing written' : ''}:`);
  console.log(`  day roll-up slots ${verb}:   ${c.day}`);
  console.log(`  month roll-up slots ${verb}: ${c.month}`);
  console.log(`  activity stats ${verb}:      ${c.stats}`);
  console.log(`  at-risk flags ${verb}:       ${c.atRisk}`);
  console.log(`  goal progress ${verb}:       ${c.goal}`);
  console.log(`  pending marks ${dryRun ? 'to settle' : 'settled'}:     ${report.marks} (${report.tombstones} of them tombstones of deleted entries)`);
  if (report.conflicts) console.log(`  lost to concurrent writes:  ${report.conflicts} (those carry their own pending marks)`);
  if (values.verbose) for (const change of report.changes) console.log(`  - ${describeChange(change)}`);
  console.log(differences ? `${differences} difference(s) ${dryRun ? 'found' : 'repaired'}.` : 'Derived data matches the entries.');
}

let t: Target | undefined;
try {
  t = await target(command === 'repair');
  if (command === 'repair') await repair(t);
  else await grantOrRevoke(t);
} catch (error) {
  const e = error as Error;
  console.error(e.name === 'UserNotFoundException' ? `No user with the email ${email}.` : `${e.name}: ${e.message}`);
  process.exitCode = 1;
} finally {
  await t?.stop();
}
