import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { withoutCallLogging } from './lean-client.ts';
import { recordReads } from './read-meter.ts';

const client = withoutCallLogging(new DynamoDBClient({ region: config.AWS_REGION }));

// Counts the items each call reads, for the per-request `itemsRead` metric (read-meter.ts).
client.middlewareStack.add(
  (next) => async (args) => {
    const result = await next(args);
    recordReads(result.output as unknown as Record<string, unknown>);
    return result;
  },
  { step: 'initialize', name: 'mosaicReadMeter' },
);

/** The document client every repository uses; the endpoint comes from the environment. */
export const dynamo = DynamoDBDocumentClient.from(client, {
  marshallOptions: { removeUndefinedValues: true },
});

export const tableName = config.TABLE_NAME;
