import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { buildApp as buildFauxqs } from 'fauxqs';

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
  stop(): Promise<void>;
}

export const LOCAL_ISSUER_DOMAIN = 'http://cognito.mosaic.localhost';

/** Browsers upload imports and download exports straight from the bucket (presigned URLs). */
const BUCKET_CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startCognito(stateDir: string): Promise<{ endpoint: string; child: ChildProcess }> {
  const configDir = join(stateDir, '.cognito');
  mkdirSync(configDir, { recursive: true });
  const port = await freePort();
  writeFileSync(
    join(configDir, 'config.json'),
    JSON.stringify(
      {
        TokenConfig: { IssuerDomain: LOCAL_ISSUER_DOMAIN },
        ServerConfig: { port, hostname: '127.0.0.1', development: false, https: false },
      },
      null,
      2,
    ),
  );
  const script = fileURLToPath(new URL('./cognito-process.ts', import.meta.url));
  const child = fork(script, [stateDir], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1' },
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('cognito-local did not start within 30 s')), 30_000);
    child.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cognito-local exited with code ${code}`));
    });
  });
  return { endpoint: `http://127.0.0.1:${port}`, child };
}

/**
 * Starts the AWS stand-ins on free loopback ports, with state under `dataDir`:
 * dynalite (DynamoDB, LevelDB files: survives restarts), s3rver (S3, files: survives restarts),
 * fauxqs (SQS, in memory) and cognito-local (user pool, JSON files: survives restarts).
 */
export async function startStandIns(dataDir: string, bucketNames: string[]): Promise<StandIns> {
  const dynamoDir = join(dataDir, 'dynamodb');
  const s3Dir = join(dataDir, 's3');
  const cognitoDir = join(dataDir, 'cognito');
  for (const dir of [dynamoDir, s3Dir, cognitoDir]) mkdirSync(dir, { recursive: true });

  const dynamo = dynalite({ path: dynamoDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    dynamo.once('error', reject);
    dynamo.listen(0, '127.0.0.1', () => resolve());
  });
  const dynamoPort = (dynamo.address() as { port: number }).port;

  const s3 = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: s3Dir,
    configureBuckets: bucketNames.map((name) => ({ name, configs: [BUCKET_CORS] })),
  });
  const s3Address = await s3.run();

  // fauxqs's own starter binds every interface; build its app and bind loopback only.
  const sqs = buildFauxqs({ logger: false });
  const sqsAddress = await sqs.listen({ port: 0, host: '127.0.0.1' });
  const cognito = await startCognito(cognitoDir);

  return {
    endpoints: {
      dynamodb: `http://127.0.0.1:${dynamoPort}`,
      s3: `http://127.0.0.1:${s3Address.port}`,
      sqs: sqsAddress,
      cognito: cognito.endpoint,
    },
    issuerDomain: LOCAL_ISSUER_DOMAIN,
    async stop() {
      cognito.child.kill();
      await Promise.allSettled([
        sqs.close(),
        s3.close(),
        new Promise<void>((resolve) => dynamo.close(() => resolve())),
        new Promise<void>((resolve) => {
          if (cognito.child.exitCode !== null) resolve();
          else cognito.child.once('exit', () => resolve());
        }),
      ]);
    },
  };
}
