import { revokeAccessTokenRoute } from '../../infra/routes/mcp.ts';
import { httpHandler, noContent } from '../../shared/kit/http-handler.ts';
import { dynamoTokens } from '../../shared/mcp/token-repository.ts';
import { revokeToken } from '../../shared/mcp/tokens.ts';

export const handler = httpHandler(revokeAccessTokenRoute, async ({ params, user }) => {
  await revokeToken(dynamoTokens, user.id, params.id, new Date());
  return noContent();
});
