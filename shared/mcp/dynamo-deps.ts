import { listeningQueries } from '../listening/dynamo-deps.ts';
import { tracking } from '../tracking/dynamo-deps.ts';
import { recordMcpCall } from './call-repository.ts';
import type { McpDeps } from './server.ts';
import { dynamoTokens } from './token-repository.ts';

/** The MCP endpoint's dependencies in a Lambda. */
export const mcpDeps: McpDeps & { tokens: typeof dynamoTokens; now: () => Date } = {
  listening: listeningQueries,
  tracking,
  record: recordMcpCall,
  tokens: dynamoTokens,
  now: () => new Date(),
};
