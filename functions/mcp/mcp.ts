import { mcpRoute } from '../../infra/routes/mcp.ts';
import { httpHandler } from '../../shared/kit/http-handler.ts';
import { mcpDeps } from '../../shared/mcp/dynamo-deps.ts';
import { serveMcp } from '../../shared/mcp/endpoint.ts';

export const handler = httpHandler(mcpRoute, async ({ headers, rawBody, method }) => serveMcp(mcpDeps, { method, headers, body: rawBody }));
