import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { dynamo, tableName } from '../aws/dynamo.ts';
import { userItemsQuery, userKey } from '../db/keys.ts';
import type { McpCall } from './server.ts';

const RETENTION_SECONDS = 30 * 24 * 3600;

/** Records an MCP tool call in the user's partition (kept 30 days). */
export async function recordMcpCall(userId: string, call: McpCall): Promise<void> {
  await dynamo.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...userKey(userId, `MCPCALL#${call.at}#${randomUUID().slice(0, 8)}`), type: 'mcp-call', ...call, expiresAt: Math.floor(Date.parse(call.at) / 1000) + RETENTION_SECONDS },
    }),
  );
}

// The user's newest MCP calls
export async function listMcpCalls(userId: string, limit: number): Promise<McpCall[]> {
  const out = await dynamo.send(
    new QueryCommand({
      TableName: tableName,
      ...userItemsQuery(userId, 'MCPCALL#'),
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((i) => ({ tool: i.tool as string, at: i.at as string, ms: Number(i.ms), outcome: i.outcome as McpCall['outcome'], ...(i.tokenId ? { tokenId: i.tokenId as string } : {}) }));
}
