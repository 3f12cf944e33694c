import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { tableDefinition } from '../../infra/local/table-migration.ts';

/**
 * The table stand-in (dynalite, in memory) with Mosaic's table, for tests of a repository's
 * conditional writes without the whole local runtime. `env` is what the repositories' document
 * client reads (shared/config.ts): set it before importing them.
 */
export async function startTable(tableName = 'mosaic-test') {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await client.send(new CreateTableCommand(tableDefinition(tableName)));
  client.destroy();
  return {
    env: { TABLE_NAME: tableName, AWS_ENDPOINT_URL_DYNAMODB: endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
