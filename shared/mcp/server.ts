import * as z from 'zod/mini';
import { allows } from './scopes.ts';
import TOOL_SCHEMAS from './tool-schemas.json' with { type: 'json' };
import { MCP_TOOLS, type McpCall, type McpCaller, type McpDeps, type McpTool } from './tools.ts';

export type { McpCall, McpCaller, McpDeps } from './tools.ts';

/**
 * Mosaic's MCP server: JSON-RPC 2.0 over MCP's Streamable HTTP transport in its stateless form
 * with JSON responses (no session, no SSE stream: Lambdas share nothing between requests) —
 * `initialize`, `ping`, `tools/list`, `tools/call`, and notifications — over the tools of
 * ./tools.ts. Hand-written rather than the SDK's server, whose message schemas need classic zod
 * (docs/decisions.md, "MCP: a small JSON-RPC server"); the official SDK client in the tests
 * proves it compatible. Each tool names the scope it needs; a token without it gets the tool's
 * error result, and every call is recorded.
 */

/** Protocol revisions this server speaks, newest first (the SDK's list when this was written). */
export const MCP_PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05', '2024-10-07'] as const;

const SERVER_INFO = { name: 'mosaic', version: '1.0.0' };
const INSTRUCTIONS = "Tools over the user's own Mosaic data: listening history (Spotify) and habit tracking.";

/** JSON-RPC error codes (the spec's, and the server-error range for the transport's refusals). */
export const RPC = { parseError: -32700, invalidRequest: -32600, methodNotFound: -32601, invalidParams: -32602, internalError: -32603, badRequest: -32000 } as const;

export interface McpRequest {
  method: string;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export interface McpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body?: unknown;
}

type Id = string | number;
type Message = { jsonrpc: '2.0'; id?: Id; method?: string; params?: unknown; result?: unknown; error?: unknown };
type ToolResult = { content: Array<{ type: 'text'; text: string }>; isError?: boolean };

/** A JSON-RPC error body: how MCP refuses a request before any method runs. */
export function jsonRpcError(code: number, message: string, id: Id | null = null) {
  return { jsonrpc: '2.0', error: { code, message }, id };
}

class RpcError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

const refuse = (statusCode: number, code: number, message: string, headers: Record<string, string> = {}): McpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: jsonRpcError(code, message),
});

const isId = (id: unknown): id is Id => typeof id === 'string' || typeof id === 'number';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON-RPC message: a request (method and id), a notification (method, no id) or a response (id and result or error). */
function isMessage(v: unknown): v is Message {
  if (!isObject(v) || v.jsonrpc !== '2.0') return false;
  if (typeof v.method === 'string') return v.id === undefined || isId(v.id);
  return isId(v.id) && ('result' in v || 'error' in v);
}

/**
 * Each tool's input as JSON Schema (draft-07, input side), generated from its zod schema by
 * `npm run docs` (infra/mcp-tool-schemas.ts, drift-tested): converting at load would put zod's
 * JSON Schema converter into this function's bundle.
 */
const toolList = MCP_TOOLS.map((t) => ({ name: t.name, description: t.description, inputSchema: (TOOL_SCHEMAS as Record<string, unknown>)[t.name] }));
const listTools = () => ({ tools: toolList });

const toolError = (text: string): ToolResult => ({ content: [{ type: 'text', text }], isError: true });

/** `tools/call`: the arguments checked against the tool's schema, its scope, the call recorded; a failure is the tool's error result. */
async function callTool(deps: McpDeps, caller: McpCaller, params: unknown): Promise<ToolResult> {
  if (!isObject(params) || typeof params.name !== 'string') throw new RpcError(RPC.invalidParams, 'tools/call needs params.name');
  const tool: McpTool | undefined = MCP_TOOLS.find((t) => t.name === params.name);
  if (!tool) return toolError(`Tool ${params.name} not found`);
  const parsed = z.safeParse(tool.input, params.arguments ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(arguments)'}: ${i.message}`).join('; ');
    return toolError(`Input validation error: Invalid arguments for tool ${tool.name}: ${issues}`);
  }
  const started = Date.now();
  const at = new Date().toISOString();
  const log = (outcome: McpCall['outcome']) => deps.record(caller.userId, { tool: tool.name, at, ms: Date.now() - started, outcome, ...(caller.tokenId ? { tokenId: caller.tokenId } : {}) });
  if (!allows(caller.scopes, tool.scope)) {
    await log('refused');
    return toolError(`Refused: this token lacks the ${tool.scope} scope.`);
  }
  try {
    const result: ToolResult = { content: [{ type: 'text', text: JSON.stringify(await tool.run(deps, caller, parsed.data as never), null, 2) }] };
    await log('ok');
    return result;
  } catch (error) {
    await log('error');
    return toolError(error instanceof Error ? error.message : String(error));
  }
}

/** The answer to one request's method. */
async function answer(deps: McpDeps, caller: McpCaller, message: Message): Promise<unknown> {
  switch (message.method) {
    case 'initialize': {
      const requested = isObject(message.params) ? message.params.protocolVersion : undefined;
      if (typeof requested !== 'string') throw new RpcError(RPC.invalidParams, 'initialize needs params.protocolVersion');
      const protocolVersion = (MCP_PROTOCOL_VERSIONS as readonly string[]).includes(requested) ? requested : MCP_PROTOCOL_VERSIONS[0];
      return { protocolVersion, capabilities: { tools: { listChanged: false } }, serverInfo: SERVER_INFO, instructions: INSTRUCTIONS };
    }
    case 'ping':
      return {};
    case 'tools/list':
      return listTools();
    case 'tools/call':
      return callTool(deps, caller, message.params);
    default:
      throw new RpcError(RPC.methodNotFound, `Method not found: ${message.method}`);
  }
}

/**
 * Answers one MCP HTTP request for an authenticated caller: a POST of one JSON-RPC message (or a
 * batch); requests get their responses as JSON, notifications and responses alone a 202. The
 * transport's refusals follow the spec (and the SDK's server): 405 for another method, 406
 * without both JSON and SSE in Accept, 415 for another content type, 400 for a body that is
 * not JSON-RPC or an unsupported `mcp-protocol-version`.
 */
export async function handleMcpRequest(deps: McpDeps, caller: McpCaller, request: McpRequest): Promise<McpResponse> {
  if (request.method !== 'POST') return refuse(405, RPC.badRequest, 'Method not allowed: this stateless server takes POST only.', { allow: 'POST' });
  const accept = request.headers.accept ?? '';
  if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
    return refuse(406, RPC.badRequest, 'Not Acceptable: Client must accept both application/json and text/event-stream');
  }
  if (!(request.headers['content-type'] ?? '').includes('application/json')) return refuse(415, RPC.badRequest, 'Unsupported Media Type: Content-Type must be application/json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body.toString('utf8'));
  } catch {
    return refuse(400, RPC.parseError, 'Parse error: the body is not JSON');
  }
  const batch = Array.isArray(parsed);
  const messages: unknown[] = batch ? (parsed as unknown[]) : [parsed];
  if (messages.length === 0 || !messages.every(isMessage)) return refuse(400, RPC.invalidRequest, 'Invalid Request: not a JSON-RPC 2.0 message');
  const initializing = messages.some((m) => m.method === 'initialize');
  if (initializing && messages.length > 1) return refuse(400, RPC.invalidRequest, 'Invalid Request: initialize must be sent alone');
  const version = request.headers['mcp-protocol-version'];
  if (!initializing && version !== undefined && !(MCP_PROTOCOL_VERSIONS as readonly string[]).includes(version)) {
    return refuse(400, RPC.badRequest, `Bad Request: Unsupported protocol version (supported versions: ${MCP_PROTOCOL_VERSIONS.join(', ')})`);
  }

  const requests = messages.filter((m): m is Message & { id: Id; method: string } => typeof m.method === 'string' && m.id !== undefined);
  if (requests.length === 0) return { statusCode: 202, headers: {} };
  const responses = [];
  for (const message of requests) {
    try {
      responses.push({ jsonrpc: '2.0', id: message.id, result: await answer(deps, caller, message) });
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      responses.push(jsonRpcError(error.code, error.message, message.id));
    }
  }
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: batch ? responses : responses[0] };
}
