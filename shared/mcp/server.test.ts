import { describe, expect, it } from 'vitest';
import { handleMcpRequest, MCP_PROTOCOL_VERSIONS, type McpCall, type McpDeps } from './server.ts';

const ACCEPT = 'application/json, text/event-stream';
const calls: McpCall[] = [];
/** Only `record` is reached by the calls below (a refused scope; arguments that fail their schema reach nothing). */
const deps = { record: async (_u: string, call: McpCall) => void calls.push(call) } as unknown as McpDeps;
const caller = { userId: 'u1', scopes: ['listening:read'] };

function post(body: unknown, headers: Record<string, string> = {}) {
  return handleMcpRequest(deps, caller, {
    method: 'POST',
    headers: { accept: ACCEPT, 'content-type': 'application/json', ...headers },
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  });
}

describe('the MCP server (JSON-RPC over stateless Streamable HTTP)', () => {
  it('negotiates the protocol version on initialize: the client’s when supported, else the newest', async () => {
    const known = await post({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 't', version: '1' } } });
    expect(known).toMatchObject({ statusCode: 200, body: { jsonrpc: '2.0', id: 1, result: { protocolVersion: '2025-03-26', capabilities: { tools: {} }, serverInfo: { name: 'mosaic' } } } });
    const future = await post({ jsonrpc: '2.0', id: 2, method: 'initialize', params: { protocolVersion: '2099-01-01' } });
    expect(future.body).toMatchObject({ result: { protocolVersion: MCP_PROTOCOL_VERSIONS[0] } });
  });

  it('answers notifications with 202 and no body, ping with an empty result, and a batch with a batch', async () => {
    expect(await post({ jsonrpc: '2.0', method: 'notifications/initialized' })).toEqual({ statusCode: 202, headers: {} });
    expect((await post({ jsonrpc: '2.0', id: 'p', method: 'ping' })).body).toEqual({ jsonrpc: '2.0', id: 'p', result: {} });
    const batch = await post([
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 0 } },
      { jsonrpc: '2.0', id: 2, method: 'resources/list' },
    ]);
    expect(batch.body).toEqual([
      { jsonrpc: '2.0', id: 1, result: {} },
      { jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'Method not found: resources/list' } },
    ]);
  });

  it('lists the tools with JSON Schema inputs: required fields, enums, defaults optional', async () => {
    const { body } = (await post({ jsonrpc: '2.0', id: 1, method: 'tools/list' })) as { body: { result: { tools: Array<{ name: string; description: string; inputSchema: any }> } } };
    const top = body.result.tools.find((t) => t.name === 'listening_top')!;
    expect(top.description).toMatch(/\(scope listening:read\)$/);
    expect(top.inputSchema).toMatchObject({ type: 'object', required: ['dimension'], properties: { dimension: { enum: ['artist', 'track', 'album', 'show', 'audiobook'] }, range: { default: '4w' } } });
    const log = body.result.tools.find((t) => t.name === 'tracking_log_entry')!;
    expect(log.inputSchema.required.sort()).toEqual(['activityId', 'date']);
  });

  it('answers a bad call with the tool’s error result: unknown tool, arguments against the schema, a scope the token lacks (recorded)', async () => {
    const call = async (name: string, args: unknown) => ((await post({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } })).body as any).result;
    expect(await call('nope', {})).toEqual({ isError: true, content: [{ type: 'text', text: 'Tool nope not found' }] });
    const invalid = await call('listening_top', { dimension: 'planet' });
    expect(invalid.isError).toBe(true);
    expect(invalid.content[0].text).toMatch(/^Input validation error: Invalid arguments for tool listening_top: dimension: /);
    calls.length = 0;
    const refused = await call('tracking_today', {});
    expect(refused).toEqual({ isError: true, content: [{ type: 'text', text: 'Refused: this token lacks the tracking:read scope.' }] });
    expect(calls).toMatchObject([{ tool: 'tracking_today', outcome: 'refused' }]);
  });

  it('refuses what the transport does not take, in JSON-RPC form', async () => {
    const get = await handleMcpRequest(deps, caller, { method: 'GET', headers: { accept: ACCEPT }, body: Buffer.alloc(0) });
    expect(get).toMatchObject({ statusCode: 405, headers: { allow: 'POST' }, body: { jsonrpc: '2.0', error: { code: -32000 }, id: null } });
    expect((await post({ jsonrpc: '2.0', id: 1, method: 'ping' }, { accept: 'application/json' })).statusCode).toBe(406);
    expect((await post({ jsonrpc: '2.0', id: 1, method: 'ping' }, { 'content-type': 'text/plain' })).statusCode).toBe(415);
    expect(await post('{"jsonrpc": "2.0", "id": 1,')).toMatchObject({ statusCode: 400, body: { error: { code: -32700 } } });
    expect(await post({ id: 1, method: 'ping' })).toMatchObject({ statusCode: 400, body: { error: { code: -32600 } } });
    expect(await post([])).toMatchObject({ statusCode: 400, body: { error: { code: -32600 } } });
    expect(await post({ jsonrpc: '2.0', id: 1, method: 'ping' }, { 'mcp-protocol-version': '1999-01-01' })).toMatchObject({ statusCode: 400, body: { error: { code: -32000 } } });
  });
});
