import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';

/** The document client every repository uses; the endpoint comes from the environment. */
export const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ region: config.AWS_REGION }), {
  marshallOptions: { removeUndefinedValues: true },
});

export const tableName = config.TABLE_NAME;
