import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll } from 'vitest';
import { tableDefinition } from '../../infra/local/table-migration.ts';
import { functionTestEnv } from './function-env.ts';

const TABLE = 'mosaic-test';

/**
 * The local runtime's table stand-in (dynalite, in memory, the table as the design declares it) for
 * tests of repository code without a whole runtime. It sets the environment the repositories read
 * (table name, endpoint), so import them after this has started: `await import('…/repository.ts')`.
 */
export async function startDynaliteTable(): Promise<{ close(): Promise<void> }> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const env = { AWS_ENDPOINT_URL_DYNAMODB: endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', TABLE_NAME: TABLE };
  Object.assign(process.env, functionTestEnv('test', { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', ...env }));
  const client = new DynamoDBClient({ endpoint, region: env.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await client.send(new CreateTableCommand(tableDefinition(TABLE)));
  client.destroy();
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * For a test file: the table starts before its tests (and stops after), then `load` imports the
 * modules under test (they read the environment as they load). Answers what `load` gave.
 */
export function withDynaliteTable<T>(load: () => Promise<T>): () => T {
  let table: Awaited<ReturnType<typeof startDynaliteTable>> | undefined;
  let loaded: T | undefined;
  beforeAll(async () => {
    table = await startDynaliteTable();
    loaded = await load();
  });
  afterAll(() => table?.close());
  return () => {
    if (loaded === undefined) throw new Error('The table is not started yet (use this inside a test).');
    return loaded;
  };
}
