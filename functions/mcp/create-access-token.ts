import { createAccessTokenRoute } from '../../infra/routes/mcp.ts';
import { created } from '../../shared/kit/http-handler.ts';
import { idempotentHttpHandler } from '../../shared/kit/idempotent-http-handler.ts';
import { dynamoTokens } from '../../shared/mcp/token-repository.ts';
import { createToken } from '../../shared/mcp/tokens.ts';

export const handler = idempotentHttpHandler(createAccessTokenRoute, async ({ body, user }) => created(await createToken(dynamoTokens, user.id, body, new Date())));
