import { createHash } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { writeIf } from '../db/table.ts';

/** Page claims are kept two days: long past any retry of a run. */
const CLAIM_TTL_SECONDS = 2 * 24 * 60 * 60;

// One page of one run of a per-user job (the cursor hashed: sort keys are at most 1 KB)
const pageKey = (job: string, scheduledTime: string, cursor: string | undefined) => ({
  pk: `JOBRUN#${job}#${scheduledTime}`,
  sk: `PAGE#${cursor ? createHash('sha256').update(cursor).digest('hex') : 'first'}`,
});

/** Claims a page of a run with a conditional put; false when it was claimed before. */
export async function claimJobPage(
  job: string,
  scheduledTime: string,
  cursor: string | undefined,
  nowMs: number = Date.now(),
): Promise<boolean> {
  return writeIf(
    dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...pageKey(job, scheduledTime, cursor), type: 'job-page', expiresAt: Math.floor(nowMs / 1000) + CLAIM_TTL_SECONDS },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}
