import * as z from 'zod';
import { timestamp } from '../kit/responses.ts';
import { TOKEN_SCOPES } from './scopes.ts';

const TokenFields = {
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  createdAt: timestamp(),
  expiresAt: timestamp(),
  revokedAt: timestamp().optional(),
  lastUsedAt: timestamp().optional(),
  status: z.enum(['active', 'expired', 'revoked']),
};

export const AccessTokenInfo = z.strictObject(TokenFields).meta({ id: 'AccessToken', description: 'A personal access token (never its secret)' });

export const CreatedAccessToken = z
  .strictObject({ ...TokenFields, token: z.string().describe('The token itself: shown this once, stored only as a hash') })
  .meta({ id: 'CreatedAccessToken' });

export const AccessTokenList = z.strictObject({ items: z.array(AccessTokenInfo) }).meta({ id: 'AccessTokenList', description: 'Newest first' });

export const McpCallList = z
  .strictObject({
    items: z.array(z.strictObject({ tool: z.string(), at: timestamp(), ms: z.number().int(), outcome: z.enum(['ok', 'error', 'refused']), tokenId: z.string().optional() })),
  })
  .meta({ id: 'McpCallList', description: 'MCP tool calls, newest first (kept 30 days)' });

export const McpResponse = z.unknown().meta({ id: 'McpResponse', description: 'A JSON-RPC 2.0 response (MCP Streamable HTTP, JSON mode)' });

/** What `jsonRpcError` (server.ts) answers: MCP's refusals are JSON-RPC errors, not ErrorResponse. */
export const McpError = z
  .strictObject({
    jsonrpc: z.literal('2.0'),
    error: z.strictObject({ code: z.number().int(), message: z.string() }),
    id: z.union([z.string(), z.number(), z.null()]),
  })
  .meta({ id: 'McpError', description: 'A JSON-RPC 2.0 error, as MCP clients expect: a refused token, the rate limit, or a request the transport does not take' });
