import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, inject, it } from 'vitest';
import { as, call, newUser } from '../support/http-client.ts';

const mosaic = inject('mosaic');
const base = mosaic.url;

/** The official SDK client over HTTP, with a bearer token. */
async function mcpClient(token?: string) {
  const client = new Client({ name: 'mosaic-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL('/v1/mcp', base), { requestInit: { headers: token ? { authorization: `Bearer ${token}` } : {} } });
  await client.connect(transport);
  return client;
}

const textOf = (result: any) => JSON.parse(result.content[0].text);

describe('MCP at /v1/mcp', () => {
  it('lists and calls tools with a personal access token; a read-only token cannot write; a revoked one is refused', async () => {
    const user = await newUser(base, { timezone: 'UTC' });
    const api = as(base, user);
    const activity = (await api.post('/v1/activities', { name: 'Read' })).body;

    const readOnly = await api.post('/v1/me/access-tokens', { name: 'Claude (read)', scopes: ['listening:read', 'tracking:read'], expiresInDays: 30 });
    expect(readOnly.status).toBe(201);
    expect(readOnly.body.token).toMatch(/^mosaic_pat_/);
    const writer = (await api.post('/v1/me/access-tokens', { name: 'Claude (write)', scopes: ['tracking:write'] })).body;

    const client = await mcpClient(readOnly.body.token);
    const tools = (await client.listTools()).tools.map((t) => t.name).sort();
    expect(tools).toEqual(['listening_artist', 'listening_plays', 'listening_search', 'listening_stats', 'listening_top', 'tracking_activity_stats', 'tracking_dashboard', 'tracking_log_entry', 'tracking_today']);
    const top = await client.callTool({ name: 'listening_top', arguments: { dimension: 'artist', range: 'all' } });
    expect(top.isError).toBeFalsy();
    expect(textOf(top)).toMatchObject({ dimension: 'artist', items: [] });
    const today = await client.callTool({ name: 'tracking_today', arguments: {} });
    expect(JSON.stringify(textOf(today))).toContain(activity.id);
    const date = new Date().toISOString().slice(0, 10);
    const refused = await client.callTool({ name: 'tracking_log_entry', arguments: { activityId: activity.id, date, status: 'done' } });
    expect(refused.isError).toBe(true);
    expect((refused.content as any)[0].text).toMatch(/tracking:write/);
    await client.close();

    const write = await mcpClient(writer.token);
    const logged = await write.callTool({ name: 'tracking_log_entry', arguments: { activityId: activity.id, date, status: 'done' } });
    expect(logged.isError).toBeFalsy();
    expect((await api.get(`/v1/entries?from=${date}&to=${date}`)).body.items).toHaveLength(1);
    // tracking:write does not reach listening.
    expect((await write.callTool({ name: 'listening_search', arguments: { query: 'x' } })).isError).toBe(true);
    await write.close();

    const tokens = (await api.get('/v1/me/access-tokens')).body.items;
    expect(tokens.find((t: any) => t.id === readOnly.body.id).lastUsedAt).toEqual(expect.any(String));
    expect(JSON.stringify(tokens)).not.toContain(readOnly.body.token.slice(-20));
    const calls = (await api.get('/v1/me/mcp-calls')).body.items;
    expect(calls.map((c: any) => c.outcome).sort()).toEqual(['ok', 'ok', 'ok', 'refused', 'refused']);

    expect((await api.delete(`/v1/me/access-tokens/${readOnly.body.id}`)).status).toBe(204);
    await expect(mcpClient(readOnly.body.token)).rejects.toThrow(/401|revoked/);
  });

  it('refuses a call without a token, or with a forged one, in JSON-RPC form', async () => {
    await expect(mcpClient()).rejects.toThrow(/401|Authentication required/);
    const res = await call(base, 'POST', '/v1/mcp', {
      json: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      headers: { authorization: 'Bearer mosaic_pat_AAAAAAAAAAAA_bm90LWEtcmVhbC10b2tlbi1hdC1hbGwtbm90LWV2ZW4tY2xvc2U', accept: 'application/json, text/event-stream' },
    });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ jsonrpc: '2.0', error: { code: -32001 }, id: null });
  });

  it('accepts the Cognito access token of a signed-in user', async () => {
    const user = await newUser(base);
    const client = await mcpClient(user.token);
    expect((await client.listTools()).tools.length).toBe(9);
    await client.close();
  });

  it('speaks MCP as the official SDK client expects: server info and capabilities, ping, schemas, argument errors', async () => {
    const user = await newUser(base);
    const client = await mcpClient(user.token);
    expect(client.getServerVersion()).toMatchObject({ name: 'mosaic' });
    expect(client.getServerCapabilities()).toMatchObject({ tools: {} });
    expect(client.getInstructions()).toMatch(/listening history/);
    expect(await client.ping()).toEqual({});
    const top = (await client.listTools()).tools.find((t) => t.name === 'listening_top')!;
    expect(top.inputSchema).toMatchObject({ type: 'object', required: ['dimension'] });
    const wrong = await client.callTool({ name: 'listening_top', arguments: { dimension: 'planet' } });
    expect(wrong.isError).toBe(true);
    expect((wrong.content as any)[0].text).toMatch(/Invalid arguments for tool listening_top/);
    const stats = await client.callTool({ name: 'listening_stats', arguments: { range: 'all', granularity: 'month' } });
    expect(stats.isError).toBeFalsy();
    expect(textOf(stats)).toMatchObject({ overview: { allTimePlays: 0 } });
    await client.close();
  });
});
