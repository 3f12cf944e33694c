/**
 * Operator commands, for operators without the web app (docs/operations.md, "CLI"):
 *
 * - `npm run admin -- grant|revoke <email>`: make a user an administrator (the `admin` group), or
 *   take it away (their tokens stop opening admin routes at once; the last admin stays).
 * - `npm run admin -- disable|enable <email>`: sign-in stops and every session ends / sign-in again.
 * - `npm run admin -- backup <email> [--out <file.zip>]`: a backup ZIP of the user's data in the
 *   backups bucket (and in a file with --out).
 * - `npm run admin -- restore <email> (--file <zip> | --key <key> | --latest) [--allow-other-user]`:
 *   restore the user from a ZIP file or a stored backup; refuses a damaged one, changing nothing.
 * - `npm run admin -- repair <email> [--dry-run] [--verbose] [--json]`: recompute the user's
 *   derived data (day and month roll-ups, activity stats, goal progress, at-risk flags) from their
 *   raw entries, write what differs, settle pending marks it makes moot, and report what changed
 *   (counts per kind; a line per changed item with --verbose; the whole report with --json).
 *   `--dry-run` writes nothing: it reports the differences.
 *
 * The commands are the admin console's domain functions (shared/operations), acting as
 * `cli:<operator>`: they are audited like the console's actions. Locally the CLI talks to the
 * running `npm start` (or, when none runs, starts the data folder's stand-ins for the moment).
 * For a deployed stage pass `--stage <name>` and `--region`, with AWS credentials in the
 * environment as for the AWS CLI: the user pool is found by its name (or `--user-pool-id`), the
 * backups bucket by its stack's name prefix (or `--backups-bucket`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
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
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { bucketConstructId } from '../infra/cdk/construct-ids.ts';
import { ensureTable } from '../infra/local/provision.ts';
import { readRuntimeState, runningDataDirs } from '../infra/local/runtime-state.ts';
import { localS3Credentials } from '../infra/local/secrets.ts';
import { LOCAL_ISSUER_DOMAIN, startStandIns } from '../infra/local/stand-ins.ts';
import { names } from '../infra/naming.ts';
import { ADMIN_GROUP } from '../shared/auth/groups.ts';
import { BUCKET_NAMES, bucketEnvName } from '../shared/contract/buckets.ts';

const COMMANDS = ['grant', 'revoke', 'disable', 'enable', 'backup', 'restore', 'repair'] as const;
type Command = (typeof COMMANDS)[number];
const usage = [
  'usage: npm run admin -- grant|revoke|disable|enable <email> [target]',
  '       npm run admin -- backup <email> [--out <file.zip>] [target]',
  '       npm run admin -- restore <email> (--file <file.zip> | --key <key> | --latest) [--allow-other-user] [target]',
  '       npm run admin -- repair <email> [--dry-run] [--verbose] [--json] [target]',
  'target: (none: the local runtime) | --stage <name> --region <region> [--user-pool-id <id>] [--backups-bucket <name>]',
].join('\n');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'user-pool-id': { type: 'string' },
    'backups-bucket': { type: 'string' },
    region: { type: 'string' },
    stage: { type: 'string' },
    out: { type: 'string' },
    file: { type: 'string' },
    key: { type: 'string' },
    latest: { type: 'boolean', default: false },
    'allow-other-user': { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const [rawCommand, rawEmail] = positionals;
const restoreSources = [values.file, values.key, values.latest || undefined].filter(Boolean).length;
if (!COMMANDS.includes(rawCommand as Command) || !rawEmail || positionals.length > 2 || (rawCommand === 'restore' && restoreSources !== 1)) {
  console.error(usage);
  process.exit(2);
}
const command = rawCommand as Command;
const email = rawEmail.trim().toLowerCase();
/** Who acts, in the audit trail. */
const actor = { id: `cli:${process.env.MOSAIC_OPERATOR ?? userInfo().username}` };

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const LOCAL_REGION = 'us-east-1';

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

interface Target {
  stage: string;
  region: string;
  cognito: CognitoIdentityProviderClient;
  userPoolId: string;
  /** The variables the shared modules read at load (table, buckets, pool; locally the endpoints). */
  env?: Record<string, string>;
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

/** The stage's variables for the shared modules (as the CDK sets them on a function). */
function stageEnv(stage: string, region: string, userPoolId: string, buckets: Record<string, string>): Record<string, string> {
  const n = names(stage);
  return {
    STAGE: stage,
    AWS_REGION: region,
    TABLE_NAME: n.table,
    EVENT_BUS_NAME: n.bus,
    USER_POOL_ID: userPoolId,
    USER_POOL_CLIENT_ID: 'admin-cli',
    ...Object.fromEntries(BUCKET_NAMES.map((b) => [bucketEnvName(b), buckets[b] ?? n.localBucket(b)])),
  };
}

/** The local stage: the running instance's stand-ins, or the data folder's own for the moment. */
async function localTarget(): Promise<Target> {
  const dataDir = chooseDataDir();
  const state = readRuntimeState(dataDir);
  const running = state && isAlive(state.pid) ? state : undefined;
  const n = names('local');
  let endpoints: { cognito: string; dynamodb: string; s3: string };
  let stop = async () => undefined as void;
  if (running) endpoints = running.endpoints;
  else {
    // The table's and the buckets' files are locked by one process at a time: with Mosaic stopped, this one.
    const standIns = await startStandIns(dataDir, BUCKET_NAMES.map((b) => n.localBucket(b)));
    endpoints = standIns.endpoints;
    stop = () => standIns.stop();
    const client = new DynamoDBClient({ endpoint: endpoints.dynamodb, region: LOCAL_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    // A data folder from before the table's newest index is rebuilt first, as `npm start` would.
    await ensureTable(client, n.table, { dataDir, log: (line) => console.error(line) });
    client.destroy();
  }
  // The local S3 checks signatures with the installation's secret; the other stand-ins take any.
  const credentials = localS3Credentials(dataDir);
  const cognito = new CognitoIdentityProviderClient({ endpoint: endpoints.cognito, region: LOCAL_REGION, credentials });
  const userPoolId = running?.resources.userPoolId ?? (await findPool(cognito, n.userPool));
  if (!userPoolId) {
    await stop();
    throw new Error(`No local user pool in ${dataDir}: run npm start once first.`);
  }
  const env = {
    ...stageEnv('local', LOCAL_REGION, userPoolId, running?.resources.buckets ?? {}),
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoints.cognito,
    // Marks the stage local for the shared modules (cognito-local lacks a few calls they then skip).
    LOCAL_JWT_ISSUER: `${LOCAL_ISSUER_DOMAIN}/${userPoolId}`,
    LOCAL_JWKS_URL: `${endpoints.cognito}/${userPoolId}/.well-known/jwks.json`,
  };
  return { stage: 'local', region: LOCAL_REGION, cognito, userPoolId, env, stop };
}

/** A deployed stage's backups bucket: CDK names it after its stack and construct (or --backups-bucket). */
async function findBackupsBucket(stage: string, region: string): Promise<string | undefined> {
  if (values['backups-bucket']) return values['backups-bucket'];
  const s3 = new S3Client({ region });
  const prefix = `${names(stage).stack('data')}-${bucketConstructId('backups')}`.toLowerCase();
  const page = await s3.send(new ListBucketsCommand({}));
  s3.destroy();
  return page.Buckets?.find((b) => b.Name?.startsWith(prefix))?.Name;
}

/** A deployed stage: its pool (by name, unless given), table and buckets, with the caller's AWS credentials. */
async function cloudTarget(stage: string): Promise<Target> {
  const region = values.region ?? process.env.AWS_REGION;
  if (!region) throw new Error('Pass --region (or set AWS_REGION) for a deployed stage.');
  const cognito = new CognitoIdentityProviderClient({ region });
  const userPoolId = values['user-pool-id'] ?? (await findPool(cognito, names(stage).userPool));
  if (!userPoolId) throw new Error(`No user pool named ${names(stage).userPool} in ${region}.`);
  const buckets: Record<string, string> = {};
  if (command === 'backup' || command === 'restore') {
    const backups = await findBackupsBucket(stage, region);
    if (!backups) throw new Error(`No backups bucket of stage ${stage} found: pass --backups-bucket <name>.`);
    buckets.backups = backups;
  }
  return { stage, region, cognito, userPoolId, env: stageEnv(stage, region, userPoolId, buckets), stop: async () => undefined };
}

async function target(): Promise<Target> {
  if (values.stage && values.stage !== 'local') return cloudTarget(values.stage);
  // --user-pool-id alone (no stage): a deployed pool, for grant and revoke only (no table known).
  if (values['user-pool-id'] && !values.stage) {
    const region = values.region ?? process.env.AWS_REGION ?? LOCAL_REGION;
    return { stage: 'unknown', region, cognito: new CognitoIdentityProviderClient({ region }), userPoolId: values['user-pool-id'], stop: async () => undefined };
  }
  return localTarget();
}

/** The user's id (the pool's `sub`) from their email. */
async function userIdOf(t: Target): Promise<string> {
  const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: t.userPoolId, Username: email }));
  return user.UserAttributes?.find((a) => a.Name === 'sub')?.Value ?? user.Username!;
}

/** Only the pool is known (`--user-pool-id` without a stage): the group alone, unaudited, as before the table was known. */
async function groupOnly(t: Target): Promise<void> {
  if (command !== 'grant' && command !== 'revoke') throw new Error(`${command} needs --stage <name> to find the table (--user-pool-id alone does not name it).`);
  const input = { UserPoolId: t.userPoolId, Username: email, GroupName: ADMIN_GROUP };
  await t.cognito.send(command === 'grant' ? new AdminAddUserToGroupCommand(input) : new AdminRemoveUserFromGroupCommand(input));
  console.log(`${command === 'grant' ? 'Granted' : 'Revoked'} ${ADMIN_GROUP} for ${email} (group only: pass --stage to end admin tokens at once).`);
}

async function userAction(userId: string): Promise<void> {
  const users = await import('../shared/operations/users.ts');
  const { adminUsers } = await import('../shared/operations/dynamo-deps.ts');
  const act = { grant: users.grantAdmin, revoke: users.revokeAdmin, disable: users.disableUser, enable: users.enableUser }[command as 'grant'];
  const view = await act(adminUsers, actor, userId);
  const said = {
    grant: `Granted ${ADMIN_GROUP} for ${email}. They get it with their next sign-in.`,
    revoke: `Revoked ${ADMIN_GROUP} for ${email}: their tokens no longer open admin routes.`,
    disable: `Disabled ${email}: sign-in refused, every session ended.`,
    enable: `Enabled ${email}: they can sign in again.`,
  }[command as 'grant'];
  console.log(values.json ? JSON.stringify(view, null, 2) : said);
}

async function backup(userId: string): Promise<void> {
  const { createBackup, readBackup } = await import('../shared/operations/backup-store.ts');
  const { audit } = await import('../shared/audit/audit-writer.ts');
  const made = await createBackup(userId);
  await audit({ kind: 'backup.created', actor: actor.id, target: userId, detail: { key: made.key, bytes: made.bytes } });
  if (values.out) writeFileSync(values.out, await readBackup(made.key));
  console.log(values.json ? JSON.stringify(made, null, 2) : `Backed up ${email}: ${made.key} (${made.bytes} bytes)${values.out ? `, saved to ${values.out}` : ''}.`);
}

async function restore(userId: string): Promise<void> {
  const { listBackups, readBackup, restoreBackup } = await import('../shared/operations/backup-store.ts');
  const { audit } = await import('../shared/audit/audit-writer.ts');
  let source: string;
  let zip: Uint8Array;
  if (values.file) {
    source = values.file;
    zip = readFileSync(values.file);
  } else {
    const key = values.key ?? (await listBackups(userId))[0]?.key;
    if (!key) throw new Error(`${email} has no stored backup.`);
    source = key;
    zip = await readBackup(key);
  }
  try {
    const result = await restoreBackup(zip, { targetUserId: userId, allowOtherUser: values['allow-other-user'] });
    await audit({ kind: 'backup.restored', actor: actor.id, target: userId, detail: { source, removed: result.removed } });
    const total = Object.values(result.restored).reduce((a, b) => a + b, 0);
    console.log(values.json ? JSON.stringify(result, null, 2) : `Restored ${email} from ${source}: ${total} items (${Object.entries(result.restored).map(([a, c]) => `${a} ${c}`).join(', ')}), ${result.removed} removed.`);
  } catch (error) {
    await audit({ kind: 'backup.restored', actor: actor.id, target: userId, outcome: 'failed', detail: { source, reason: (error as Error).message } });
    throw error;
  }
}

async function repair(userId: string, stage: string): Promise<void> {
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
  console.log(`Repair of ${email} (user ${userId}, stage ${stage})${dryRun ? ' — dry run, nothing written' : ''}:`);
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
  t = await target();
  if (!t.env) await groupOnly(t);
  else {
    const userId = await userIdOf(t);
    // The shared modules read their configuration when they load: set it first.
    Object.assign(process.env, t.env);
    if (command === 'repair') await repair(userId, t.stage);
    else if (command === 'backup') await backup(userId);
    else if (command === 'restore') await restore(userId);
    else await userAction(userId);
  }
} catch (error) {
  const e = error as Error & { status?: number };
  console.error(e.name === 'UserNotFoundException' ? `No user with the email ${email}.` : `${e.name}: ${e.message}`);
  process.exitCode = 1;
} finally {
  await t?.stop();
}
