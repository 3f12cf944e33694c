import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { GSI1 } from '../db/keys.ts';
import { decodeCursor, encodeCursor } from '../kit/paging.ts';
import type { Page } from '../kit/schemas.ts';

/**
 * Per-user jobs that concern only some users fan out over an audience instead of every user:
 * items listed in GSI1 under the audience's key, one per user (sort key: the user id).
 */

/** Users with a Spotify connection (the listening collector's audience). */
export const SPOTIFY_AUDIENCE = 'AUDIENCE#spotify';

/** The audience of each job that has one (by job queue name). */
export const JOB_AUDIENCES: Record<string, string> = { 'collect-listening': SPOTIFY_AUDIENCE };

// A page of an audience's user ids (GSI1)
export async function audiencePage(audience: string, page: { limit: number; cursor?: string }): Promise<Page<string>> {
  const start = decodeCursor(page.cursor, [GSI1.partitionKey, GSI1.sortKey, 'pk', 'sk']);
  const out = await dynamo.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: GSI1.name,
      KeyConditionExpression: '#p = :p',
      ExpressionAttributeNames: { '#p': GSI1.partitionKey },
      ExpressionAttributeValues: { ':p': audience },
      Limit: page.limit,
      ExclusiveStartKey: start,
    }),
  );
  const items = out.Items ?? [];
  const last = items.at(-1);
  return {
    items: items.map((i) => i[GSI1.sortKey] as string),
    nextCursor: out.LastEvaluatedKey && last ? encodeCursor(last, [GSI1.partitionKey, GSI1.sortKey, 'pk', 'sk']) : undefined,
  };
}
