import { mcpRoutes } from '../../infra/routes/mcp.ts';
import { created, httpHandler } from '../../shared/kit/http-handler.ts';
import { dynamoTokens } from '../../shared/mcp/token-repository.ts';
import { createToken } from '../../shared/mcp/tokens.ts';

export const handler = httpHandler(mcpRoutes['create-access-token'], async ({ body, user }) => created(await createToken(dynamoTokens, user.id, body, new Date())));
