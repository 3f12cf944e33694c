import { listAccessTokensRoute } from '../../infra/routes/mcp.ts';
import { httpHandler, ok } from '../../shared/kit/http-handler.ts';
import { dynamoTokens } from '../../shared/mcp/token-repository.ts';
import { listTokens } from '../../shared/mcp/tokens.ts';

export const handler = httpHandler(listAccessTokensRoute, async ({ user }) => ok(await listTokens(dynamoTokens, user.id, new Date())));
