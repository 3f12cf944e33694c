import { authenticate } from '../kit/auth.ts';
import { TooManyRequestsError, UnauthorizedError } from '../kit/errors.ts';
import { enforceRateLimit } from '../kit/rate-limit.ts';
import { TOKEN_PREFIX, TOKEN_SCOPES } from './scopes.ts';
import { handleMcpRequest, jsonRpcError, type McpCaller, type McpDeps, type McpResponse } from './server.ts';
import { verifyToken, type TokenRepository } from './tokens.ts';

/** Calls per caller (user) per minute. */
export const MCP_RATE_LIMIT = { requests: 120, windowSeconds: 60 };

export interface McpHttpRequest {
  method: string;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export type McpHttpResponse = McpResponse;

/** JSON-RPC's server-error range, for refusals before a method runs. */
const UNAUTHORIZED = -32001;
const RATE_LIMITED = -32002;

/**
 * The MCP endpoint: the bearer is a personal access token (its scopes) or a Mosaic access token
 * from Cognito (every scope); anything else is refused with 401 and a JSON-RPC error (MCP's own
 * form), as is a caller over the rate limit (429 + Retry-After). Then the server (./server.ts) answers.
 */
export async function serveMcp(deps: McpDeps & { tokens: TokenRepository; now: () => Date }, request: McpHttpRequest): Promise<McpHttpResponse> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const refuse = (message: string): McpHttpResponse => ({
    statusCode: 401,
    headers: { 'www-authenticate': 'Bearer realm="mosaic", error="invalid_token"' },
    body: jsonRpcError(UNAUTHORIZED, message),
  });
  if (!bearer) return refuse('Authentication required: send a Mosaic personal access token as a Bearer token.');
  let caller: McpCaller;
  if (bearer.startsWith(TOKEN_PREFIX)) {
    const check = await verifyToken(deps.tokens, bearer, deps.now());
    if (!check.ok) return refuse(check.reason);
    caller = { userId: check.token.userId, scopes: check.token.scopes, tokenId: check.token.id };
  } else {
    try {
      const user = await authenticate(`Bearer ${bearer}`);
      caller = { userId: user.id, scopes: TOKEN_SCOPES };
    } catch (error) {
      if (error instanceof UnauthorizedError) return refuse(error.message);
      throw error;
    }
  }
  try {
    await enforceRateLimit('mcp', `user:${caller.userId}`, MCP_RATE_LIMIT, deps.now().getTime());
  } catch (error) {
    if (!(error instanceof TooManyRequestsError)) throw error;
    const seconds = (error.details as { retryAfterSeconds: number }).retryAfterSeconds;
    return { statusCode: 429, headers: { 'retry-after': String(seconds) }, body: jsonRpcError(RATE_LIMITED, `Too many MCP calls; try again in ${seconds} s.`) };
  }
  return handleMcpRequest(deps, caller, request);
}
