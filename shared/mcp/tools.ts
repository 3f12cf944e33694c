import * as z from 'zod/mini';
import { localDate } from '../kit/dates.ts';
import { LocalDate } from '../kit/schemas.ts';
import { artistPage, listeningTime, resolveRange, search, timeline, topList, type HistoryReader } from '../listening/history.ts';
import { getOverview, type QueryDeps } from '../listening/queries.ts';
import { nameKey } from '../listening/rollups.ts';
import type { TrackingDeps, TrackingReads } from '../tracking/deps.ts';
import type { EntryChanges } from '../tracking/entry-changes.ts';
import { putEntry } from '../tracking/entries.ts';
import { getActivityInsights, getDashboard } from '../tracking/insights.ts';
import { PutEntryBody } from '../tracking/entry-schemas.ts';
import { getToday } from '../tracking/today.ts';
import type { TokenScope } from './scopes.ts';

/**
 * Mosaic's MCP tools: over the caller's own listening history and tracking. Each names the scope
 * it needs and its input schema (zod/mini): the server validates arguments with it, and
 * `tools/list` shows the JSON Schema that `npm run docs` generates from it (tool-schemas.json).
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

/** What the tracking tools use: the reads, and logging an entry (its write and its event). */
export type McpTracking = TrackingReads & Pick<TrackingDeps, 'events'> & { entries: TrackingReads['entries'] & Pick<EntryChanges, 'put'> };

export interface McpDeps {
  listening: QueryDeps & { reader: HistoryReader };
  tracking: McpTracking;
  record: (userId: string, call: McpCall) => Promise<void>;
}

/** One tool: its name, scope, description, input schema and what it does for a caller. */
export interface McpTool {
  name: string;
  scope: TokenScope;
  description: string;
  input: z.ZodMiniObject;
  run: (deps: McpDeps, caller: McpCaller, args: never) => Promise<unknown>;
}

function tool<S extends Record<string, z.core.$ZodType>>(
  name: string,
  scope: TokenScope,
  description: string,
  shape: S,
  run: (deps: McpDeps, caller: McpCaller, args: z.infer<z.ZodMiniObject<S>>) => Promise<unknown>,
): McpTool {
  return { name, scope, description: `${description} (scope ${scope})`, input: z.object(shape), run };
}

const Range = {
  range: z._default(z.enum(['4w', '6m', '1y', 'all', 'custom']), '4w'),
  from: z.optional(LocalDate),
  to: z.optional(LocalDate),
};

/** The caller's local date (their profile's time zone). */
const today = async (deps: McpDeps, caller: McpCaller) => localDate((await deps.listening.profiles.get(caller.userId))?.timezone ?? 'UTC', deps.listening.now());

export const MCP_TOOLS: readonly McpTool[] = [
  tool(
    'listening_top',
    'listening:read',
    'Top artists, tracks, albums, shows or audiobooks for a range (4w, 6m, 1y, all, or custom from/to), by plays or listening time',
    { dimension: z.enum(['artist', 'track', 'album', 'show', 'audiobook']), ...Range, by: z._default(z.enum(['plays', 'time']), 'plays'), limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(50)), 10) },
    async (deps, caller, a) => topList(deps.listening.reader, caller.userId, resolveRange(a, await today(deps, caller)), a.dimension, a.by, a.limit),
  ),
  tool(
    'listening_plays',
    'listening:read',
    'Plays newest first within an optional range of instants (ISO 8601), with the sources that saw each; pass the cursor back for more',
    { before: z.optional(z.iso.datetime()), after: z.optional(z.iso.datetime()), limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(200)), 50), cursor: z.optional(z.string()) },
    async (deps, caller, a) =>
      timeline(deps.listening.reader, caller.userId, { limit: a.limit, cursor: a.cursor, before: a.before ? Date.parse(a.before) : undefined, after: a.after ? Date.parse(a.after) : undefined }),
  ),
  tool(
    'listening_search',
    'listening:read',
    'Artists, tracks, albums, shows and audiobooks whose name contains the query',
    { query: z.string().check(z.minLength(1), z.maxLength(200)), limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(50)), 10) },
    async (deps, caller, a) => search(deps.listening.reader, caller.userId, a.query, a.limit),
  ),
  tool('listening_artist', 'listening:read', "An artist's first play, totals, top tracks, albums and plays by year, by the artist's name", { name: z.string().check(z.minLength(1), z.maxLength(500)) }, async (deps, caller, a) =>
    artistPage(deps.listening.reader, caller.userId, nameKey(a.name)),
  ),
  tool(
    'listening_stats',
    'listening:read',
    'Listening time per day, week or month over a range, totals by kind, and minutes this week and month',
    { ...Range, granularity: z._default(z.enum(['day', 'week', 'month']), 'week') },
    async (deps, caller, a) => ({
      overview: await getOverview(deps.listening, caller.userId),
      time: await listeningTime(deps.listening.reader, caller.userId, resolveRange(a, await today(deps, caller)), a.granularity),
    }),
  ),
  tool('tracking_today', 'tracking:read', "Today's activities (habits) with what is logged and what is due", { date: z.optional(LocalDate) }, (deps, caller, a) => getToday(deps.tracking, caller.userId, a.date)),
  tool('tracking_activity_stats', 'tracking:read', "One activity's statistics: streaks, completion, trends", { activityId: z.string().check(z.uuid()), date: z.optional(LocalDate) }, (deps, caller, a) =>
    getActivityInsights(deps.tracking, caller.userId, a.activityId, a.date),
  ),
  tool('tracking_dashboard', 'tracking:read', 'The progress dashboard: every activity and goal at a glance', { date: z.optional(LocalDate) }, (deps, caller, a) => getDashboard(deps.tracking, caller.userId, a.date)),
  tool(
    'tracking_log_entry',
    'tracking:write',
    "Logs an activity's entry for a date: a value, a status (done, skipped, missed), or both",
    { activityId: z.string().check(z.uuid()), date: LocalDate, value: z.optional(z.number()), status: z.optional(z.enum(['done', 'skipped', 'missed'])), note: z.optional(z.string().check(z.maxLength(2000))) },
    async (deps, caller, a) => {
      const body = PutEntryBody.parse({ value: a.value, status: a.status, note: a.note });
      return putEntry(deps.tracking, caller.userId, { date: a.date, activityId: a.activityId }, body);
    },
  ),
];
