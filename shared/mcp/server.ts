import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import * as z from 'zod/mini';
import { LocalDate } from '../kit/schemas.ts';
import { artistPage, listeningTime, resolveRange, search, timeline, topList, type HistoryReader } from '../listening/history.ts';
import { getOverview, type QueryDeps } from '../listening/queries.ts';
import { nameKey } from '../listening/rollups.ts';
import type { TrackingDeps } from '../tracking/deps.ts';
import { putEntry } from '../tracking/entries.ts';
import { getActivityInsights, getDashboard } from '../tracking/insights.ts';
import { PutEntryBody } from '../tracking/schemas.ts';
import { getToday } from '../tracking/today.ts';
import { localDate } from '../kit/dates.ts';
import { allows, type TokenScope } from './scopes.ts';

/**
 * Mosaic's MCP server: tools over the caller's own listening history and tracking, built per
 * request (stateless Streamable HTTP: no session survives a request, as Lambdas share nothing).
 * Each tool names the scope it needs; a token without it gets the tool's error result, and every
 * call is recorded.
 */

export interface McpCaller {
  userId: string;
  scopes: readonly string[];
  /** The personal access token used, when one was. */
  tokenId?: string;
}

export interface McpCall {
  tool: string;
  at: string;
  ms: number;
  outcome: 'ok' | 'error' | 'refused';
  tokenId?: string;
}

export interface McpDeps {
  listening: QueryDeps & { reader: HistoryReader };
  tracking: TrackingDeps;
  record: (userId: string, call: McpCall) => Promise<void>;
}

type ToolResult = { content: Array<{ type: 'text'; text: string }>; isError?: boolean };

const text = (value: unknown): ToolResult => ({ content: [{ type: 'text', text: JSON.stringify(value, null, 2) }] });

const Range = {
  range: z._default(z.enum(['4w', '6m', '1y', 'all', 'custom']), '4w'),
  from: z.optional(LocalDate),
  to: z.optional(LocalDate),
};

/** The MCP server for one caller. */
export function mosaicServer(deps: McpDeps, caller: McpCaller): McpServer {
  const server = new McpServer({ name: 'mosaic', version: '1.0.0' }, { instructions: "Tools over the user's own Mosaic data: listening history (Spotify) and habit tracking." });

  const today = async () => localDate((await deps.listening.profiles.get(caller.userId))?.timezone ?? 'UTC', deps.listening.now());

  function tool<S extends Record<string, z.core.$ZodType>>(
    name: string,
    scope: TokenScope,
    description: string,
    shape: S,
    run: (args: z.infer<z.ZodMiniObject<S>>) => Promise<unknown>,
  ) {
    server.registerTool(name, { description: `${description} (scope ${scope})`, inputSchema: shape }, (async (args: z.infer<z.ZodMiniObject<S>>) => {
      const started = Date.now();
      const at = new Date().toISOString();
      const log = (outcome: McpCall['outcome']) => deps.record(caller.userId, { tool: name, at, ms: Date.now() - started, outcome, ...(caller.tokenId ? { tokenId: caller.tokenId } : {}) });
      if (!allows(caller.scopes, scope)) {
        await log('refused');
        return { isError: true, content: [{ type: 'text', text: `Refused: this token lacks the ${scope} scope.` }] };
      }
      try {
        const result = text(await run(args));
        await log('ok');
        return result;
      } catch (error) {
        await log('error');
        return { isError: true, content: [{ type: 'text', text: error instanceof Error ? error.message : String(error) }] };
      }
    }) as never);
  }

  const reader = deps.listening.reader;
  tool(
    'listening_top',
    'listening:read',
    'Top artists, tracks, albums, shows or audiobooks for a range (4w, 6m, 1y, all, or custom from/to), by plays or listening time',
    { dimension: z.enum(['artist', 'track', 'album', 'show', 'audiobook']), ...Range, by: z._default(z.enum(['plays', 'time']), 'plays'), limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(50)), 10) },
    async (a) => topList(reader, caller.userId, resolveRange(a, await today()), a.dimension, a.by, a.limit),
  );
  tool(
    'listening_plays',
    'listening:read',
    'Plays newest first within an optional range of instants (ISO 8601), with the sources that saw each; pass the cursor back for more',
    { before: z.optional(z.iso.datetime()), after: z.optional(z.iso.datetime()), limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(200)), 50), cursor: z.optional(z.string()) },
    async (a) =>
      timeline(reader, caller.userId, { limit: a.limit, cursor: a.cursor, before: a.before ? Date.parse(a.before) : undefined, after: a.after ? Date.parse(a.after) : undefined }),
  );
  tool('listening_search', 'listening:read', 'Artists, tracks, albums, shows and audiobooks whose name contains the query', { query: z.string().check(z.minLength(1), z.maxLength(200)), limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(50)), 10) }, async (a) =>
    search(reader, caller.userId, a.query, a.limit),
  );
  tool('listening_artist', 'listening:read', "An artist's first play, totals, top tracks, albums and plays by year, by the artist's name", { name: z.string().check(z.minLength(1), z.maxLength(500)) }, async (a) =>
    artistPage(reader, caller.userId, nameKey(a.name)),
  );
  tool(
    'listening_stats',
    'listening:read',
    'Listening time per day, week or month over a range, totals by kind, and minutes this week and month',
    { ...Range, granularity: z._default(z.enum(['day', 'week', 'month']), 'week') },
    async (a) => ({
      overview: await getOverview(deps.listening, caller.userId),
      time: await listeningTime(reader, caller.userId, resolveRange(a, await today()), a.granularity),
    }),
  );
  tool('tracking_today', 'tracking:read', "Today's activities (habits) with what is logged and what is due", { date: z.optional(LocalDate) }, (a) => getToday(deps.tracking, caller.userId, a.date));
  tool('tracking_activity_stats', 'tracking:read', "One activity's statistics: streaks, completion, trends", { activityId: z.string().check(z.uuid()), date: z.optional(LocalDate) }, (a) =>
    getActivityInsights(deps.tracking, caller.userId, a.activityId, a.date),
  );
  tool('tracking_dashboard', 'tracking:read', 'The progress dashboard: every activity and goal at a glance', { date: z.optional(LocalDate) }, (a) => getDashboard(deps.tracking, caller.userId, a.date));
  tool(
    'tracking_log_entry',
    'tracking:write',
    "Logs an activity's entry for a date: a value, a status (done, skipped, missed), or both",
    { activityId: z.string().check(z.uuid()), date: LocalDate, value: z.optional(z.number()), status: z.optional(z.enum(['done', 'skipped', 'missed'])), note: z.optional(z.string().check(z.maxLength(2000))) },
    async (a) => {
      const body = PutEntryBody.parse({ value: a.value, status: a.status, note: a.note });
      return putEntry(deps.tracking, caller.userId, { date: a.date, activityId: a.activityId }, body);
    },
  );
  return server;
}

/** Answers one MCP HTTP request (stateless, JSON responses) for an authenticated caller. */
export async function handleMcpRequest(deps: McpDeps, caller: McpCaller, request: Request): Promise<Response> {
  const server = mosaicServer(deps, caller);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    await server.close();
  }
}

/** A JSON-RPC error body: how MCP refuses a request before any method runs. */
export function jsonRpcError(code: number, message: string) {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}
