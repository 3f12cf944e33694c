import { listeningQueries } from '../listening/dynamo-deps.ts';
import { busPublisher } from '../events/bus-publisher.ts';
import { trackingReads } from '../tracking/dynamo-reads.ts';
import { dynamoEntryChanges } from '../tracking/entry-changes.ts';
import { dynamoEntryReads } from '../tracking/entry-reads.ts';
import { recordMcpCall } from './call-repository.ts';
import type { McpDeps } from './server.ts';
import { dynamoTokens } from './token-repository.ts';

/** The MCP endpoint's dependencies in a Lambda. */
export const mcpDeps: McpDeps & { tokens: typeof dynamoTokens; now: () => Date } = {
  listening: listeningQueries,
  // The tracking reads, and logging an entry: none of the other writes (a smaller bundle).
  tracking: { ...trackingReads, entries: { ...dynamoEntryReads, ...dynamoEntryChanges }, events: busPublisher },
  record: recordMcpCall,
  tokens: dynamoTokens,
  now: () => new Date(),
};
