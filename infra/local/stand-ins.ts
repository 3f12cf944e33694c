import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureLocalSecrets, STAND_IN_SECRETS } from './secrets.ts';

/** Where each stand-in listens (loopback, free ports). */
export interface StandInEndpoints {
  dynamodb: string;
  s3: string;
  sqs: string;
  cognito: string;
}

export interface StandIns {
  endpoints: StandInEndpoints;
  /** Issuer of tokens from the local pool; fixed, so tokens survive a restart on a new port. */
  issuerDomain: string;
  /** Settles, saying which and how, if a stand-in process ends without being asked to stop. */
  lost: Promise<string>;
  stop(): Promise<void>;
}

export const LOCAL_ISSUER_DOMAIN = 'http://cognito.mosaic.localhost';

/**
 * Browsers reach the buckets through the gateway's `/_files/` (same origin as the app), so the
 * buckets need CORS only for the extra web origins an operator lists; none → no CORS rule.
 */
export function bucketCorsXml(origins: string[]): string | undefined {
  if (origins.length === 0) return undefined;
  const escape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<CORSConfiguration>
  <CORSRule>
${origins.map((o) => `    <AllowedOrigin>${escape(o)}</AllowedOrigin>`).join('\n')}
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;
}

/**
 * Forks one of the stand-in scripts beside this file and waits for its first IPC message (what it
 * listens on). The child ends with its parent (it exits when the IPC channel closes).
 */
async function forkStandIn<T>(script: string, args: string[], what: string): Promise<{ child: ChildProcess; ready: T }> {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), args, {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    // node:sqlite (the local SQS) is stable in use but still flagged experimental in Node 22.
    execArgv: [...process.execArgv, '--disable-warning=ExperimentalWarning'],
    env: { ...process.env, AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1' },
  });
  const ready = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start within 30 s`)), 30_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as T);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with code ${code}`));
    });
  });
  return { child, ready };
}

/** Waits for a child to exit; asks it to stop first, and kills it if it takes longer than `graceMs`. */
async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.send({ stop: true });
  else child.kill();
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts cognito-local on a free loopback port with its state in `stateDir`, signing tokens with
 * the installation's key in `secretsDir` (ensureLocalSecrets made it). It listens on port 0 and
 * says which port it got: a port found free beforehand could be taken before it listened.
 */
export async function startCognito(stateDir: string, secretsDir: string): Promise<{ endpoint: string; child: ChildProcess }> {
  const configDir = join(stateDir, '.cognito');
  mkdirSync(configDir, { recursive: true });
  writeFileSync(
    join(configDir, 'config.json'),
    JSON.stringify(
      {
        TokenConfig: { IssuerDomain: LOCAL_ISSUER_DOMAIN },
        ServerConfig: { port: 0, hostname: '127.0.0.1', development: false, https: false },
      },
      null,
      2,
    ),
  );
  const { child, ready } = await forkStandIn<{ port?: number }>(
    './cognito-process.ts',
    [stateDir, join(secretsDir, STAND_IN_SECRETS.tokenSigningKey)],
    'cognito-local',
  );
  if (!ready.port) throw new Error('cognito-local did not say which port it listens on');
  return { endpoint: `http://127.0.0.1:${ready.port}`, child };
}

/**
 * Starts the AWS stand-ins on free loopback ports, with state under `dataDir`, in two child
 * processes so that they do not share the gateway's event loop: dynalite (DynamoDB, LevelDB
 * files: survives restarts), s3rver (S3, files: survives restarts) and the local SQS
 * (`sqs-server.ts`, a SQLite file: queued and in-flight messages survive even kill -9) in one
 * (`stand-ins-process.ts`), cognito-local (user pool, JSON files: survives restarts) in the
 * other (`cognito-process.ts`).
 */
export async function startStandIns(dataDir: string, bucketNames: string[], corsOrigins: string[] = []): Promise<StandIns> {
  const cognitoDir = join(dataDir, 'cognito');
  mkdirSync(cognitoDir, { recursive: true });
  const secretsDir = ensureLocalSecrets(dataDir);
  const [data, cognito] = await Promise.allSettled([
    forkStandIn<{ endpoints: Omit<StandInEndpoints, 'cognito'> }>(
      './stand-ins-process.ts',
      [JSON.stringify({ dataDir, buckets: bucketNames, bucketCors: bucketCorsXml(corsOrigins) })],
      'the data stand-ins',
    ),
    startCognito(cognitoDir, secretsDir),
  ]);
  if (data.status === 'rejected' || cognito.status === 'rejected') {
    for (const started of [data, cognito]) if (started.status === 'fulfilled') started.value.child.kill();
    throw data.status === 'rejected' ? data.reason : (cognito as PromiseRejectedResult).reason;
  }
  let stopping = false;
  const lost = new Promise<string>((resolve) => {
    const children: Array<[ChildProcess, string]> = [
      [data.value.child, 'the data stand-ins (DynamoDB, S3, SQS)'],
      [cognito.value.child, 'the user pool stand-in (cognito-local)'],
    ];
    for (const [child, what] of children) {
      child.once('exit', (code, signal) => {
        if (!stopping) resolve(`${what} stopped unexpectedly (${signal ?? `exit code ${code}`})`);
      });
    }
  });
  return {
    endpoints: { ...data.value.ready.endpoints, cognito: cognito.value.endpoint },
    issuerDomain: LOCAL_ISSUER_DOMAIN,
    lost,
    async stop() {
      stopping = true;
      await Promise.all([stopChild(data.value.child, 5_000), stopChild(cognito.value.child, 5_000)]);
    },
  };
}
