import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { s3 } from '../aws/s3.ts';
import { config } from '../config.ts';

/** The JWKS document of the stage's user pool (public: needs no IAM permission). */
function jwksUrl(): string {
  return (
    config.LOCAL_JWKS_URL ??
    `https://cognito-idp.${config.AWS_REGION}.amazonaws.com/${config.USER_POOL_ID}/.well-known/jwks.json`
  );
}

/** The checks behind `GET /v1/health`: the table, storage and the user pool each answer. */
export const dependencyChecks = {
  table: () => dynamo.send(new GetCommand({ TableName: tableName, Key: { pk: 'HEALTH', sk: 'HEALTH' } })),
  storage: () => s3.send(new HeadBucketCommand({ Bucket: config.buckets.imports })),
  userPool: async () => {
    const response = await fetch(jwksUrl());
    if (!response.ok) throw new Error(`JWKS answered ${response.status}`);
  },
};
