import { listMcpCallsRoute } from '../../infra/routes/mcp.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { listMcpCalls } from '../../shared/mcp/call-repository.ts';

export const handler = httpHandler(listMcpCallsRoute, async ({ query, user }) => ok({ items: await listMcpCalls(user.id, query.limit) }));
