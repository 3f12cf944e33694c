/**
 * MCP for AI assistants: the endpoint (official SDK, Streamable HTTP, stateless) and the personal
 * access tokens it accepts, managed from the profile page.
 */
import { contracts, route } from '../../shared/contract/routes.ts';
import { AccessTokenList, CreatedAccessToken, McpCallList, McpError, McpResponse } from '../../shared/mcp/responses.ts';
import { CallsQuery, CreateTokenBody, TokenParams } from '../../shared/mcp/schemas.ts';
import type { Deployments } from './types.ts';

// Public at the gateway: the function itself refuses in MCP's error form (a personal access token or a Cognito token).
export const mcpRoute = route('mcp', { method: 'POST', path: '/v1/mcp', auth: 'public', bodyBytes: 64 * 1024, successStatus: 200 });
export const createAccessTokenRoute = route('create-access-token', { method: 'POST', path: '/v1/me/access-tokens', auth: 'user', body: CreateTokenBody });
export const listAccessTokensRoute = route('list-access-tokens', { method: 'GET', path: '/v1/me/access-tokens', auth: 'user' });
export const revokeAccessTokenRoute = route('revoke-access-token', { method: 'DELETE', path: '/v1/me/access-tokens/{id}', auth: 'user', params: TokenParams, successStatus: 204 });
export const listMcpCallsRoute = route('list-mcp-calls', { method: 'GET', path: '/v1/me/mcp-calls', auth: 'user', query: CallsQuery });

export const mcpRoutes = contracts([
  mcpRoute,
  createAccessTokenRoute,
  listAccessTokensRoute,
  revokeAccessTokenRoute,
  listMcpCallsRoute,
]);

export const mcpDeployment = {
  mcp: {
    handler: 'functions/mcp/mcp.ts',
    resources: { table: 'write', publishes: ['entry.logged'] },
    timeoutSeconds: 29,
    memoryMb: 1024,
    summary: 'MCP (Streamable HTTP, stateless, JSON responses): listening and tracking tools over your own data, with a personal access token or an access token',
    tag: 'mcp',
    response: McpResponse,
    errors: { 413: 'Body larger than 64 KiB' },
    protocolErrors: {
      schema: McpError,
      statuses: {
        400: 'Not JSON (-32700), not a JSON-RPC 2.0 message (-32600), or an unsupported MCP-Protocol-Version',
        401: 'No token, or one that is unknown, expired, revoked or forged (-32001; WWW-Authenticate: Bearer)',
        406: 'Accept does not list both application/json and text/event-stream',
        415: 'Content-Type is not application/json',
        429: 'Too many MCP calls (-32002); see Retry-After',
      },
    },
  },
  'create-access-token': { handler: 'functions/mcp/create-access-token.ts', resources: { table: 'write' }, summary: 'Creates a personal access token (shown once; scoped read/write per area; expiring)', tag: 'mcp', response: CreatedAccessToken },
  'list-access-tokens': { handler: 'functions/mcp/list-access-tokens.ts', resources: { table: 'read' }, summary: 'Your personal access tokens, with their last use', tag: 'mcp', response: AccessTokenList },
  'revoke-access-token': { handler: 'functions/mcp/revoke-access-token.ts', resources: { table: 'write' }, summary: 'Revokes a personal access token at once', tag: 'mcp' },
  'list-mcp-calls': { handler: 'functions/mcp/list-mcp-calls.ts', resources: { table: 'read' }, summary: 'Recent MCP tool calls (tool, outcome, token)', tag: 'mcp', response: McpCallList },
} satisfies Deployments<typeof mcpRoutes>;
