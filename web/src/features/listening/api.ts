import type * as z from 'zod';
import { send } from '../../api/client.ts';
import { endpoint } from '../../api/route-path.ts';
import { ROUTES } from '../../api/routes.gen.ts';
import type * as listening from '../../../../shared/listening/responses.ts';
import type * as mcp from '../../../../shared/mcp/responses.ts';

/** The listening and MCP routes the web app uses (named in routes.gen.ts), typed from the shared response schemas. */
export type TopList = z.output<typeof listening.TopList>;
export type Heatmap = z.output<typeof listening.Heatmap>;
export type ListeningTime = z.output<typeof listening.ListeningTime>;
export type Timeline = z.output<typeof listening.Timeline>;
export type ArtistPage = z.output<typeof listening.ArtistPage>;
export type Overview = z.output<typeof listening.Overview>;
export type Connection = z.output<typeof listening.SpotifyConnection>;
export type JobRuns = z.output<typeof listening.JobRunList>;
export type ListeningImport = z.output<typeof listening.ListeningImport>;
export type ListeningImportPage = z.output<typeof listening.ListeningImportPage>;
export type CreatedListeningImport = z.output<typeof listening.CreatedListeningImport>;
export type AccessTokenList = z.output<typeof mcp.AccessTokenList>;
export type CreatedAccessToken = z.output<typeof mcp.CreatedAccessToken>;

export type Range = '4w' | '6m' | '1y' | 'all';
export type Dimension = 'artist' | 'track' | 'album' | 'show' | 'audiobook';

const R = ROUTES;

export const listeningApi = {
  overview: (signal?: AbortSignal) => send<Overview>(endpoint(R['listening-overview']), { signal }),
  top: (dimension: Dimension, range: Range, by: 'plays' | 'time', limit = 10, signal?: AbortSignal) =>
    send<TopList>(endpoint(R['listening-top'], { dimension }), { query: { range, by, limit }, signal }),
  heatmap: (range: Range, signal?: AbortSignal) => send<Heatmap>(endpoint(R['listening-heatmap']), { query: { range }, signal }),
  time: (range: Range, granularity: 'day' | 'week' | 'month', signal?: AbortSignal) =>
    send<ListeningTime>(endpoint(R['listening-time']), { query: { range, granularity }, signal }),
  timeline: (cursor?: string, signal?: AbortSignal) => send<Timeline>(endpoint(R['listening-timeline']), { query: { limit: 25, cursor }, signal }),
  artist: (key: string, signal?: AbortSignal) => send<ArtistPage>(endpoint(R['listening-artist'], { key }), { signal }),
  connection: (signal?: AbortSignal) => send<Connection>(endpoint(R['spotify-status']), { signal }),
  connect: () => send<{ authorizeUrl: string }>(endpoint(R['spotify-connect'])),
  callback: (body: { state: string; code?: string; error?: string }) => send<Connection>(endpoint(R['spotify-callback']), { body }),
  disconnect: () => send<void>(endpoint(R['spotify-disconnect'])),
  runs: (signal?: AbortSignal) => send<JobRuns>(endpoint(R['listening-runs']), { query: { limit: 10 }, signal }),
  imports: {
    create: (body: { fileName: string; size: number }, key: string) =>
      send<CreatedListeningImport>(endpoint(R['listening-import-create']), { body, idempotencyKey: key }),
    start: (id: string, key: string) => send<ListeningImport>(endpoint(R['listening-import-start'], { id }), { idempotencyKey: key }),
    retry: (id: string, key: string) => send<ListeningImport>(endpoint(R['listening-import-retry'], { id }), { idempotencyKey: key }),
    get: (id: string, signal?: AbortSignal) => send<ListeningImport>(endpoint(R['listening-import-get'], { id }), { signal }),
    list: (signal?: AbortSignal) => send<ListeningImportPage>(endpoint(R['listening-imports']), { query: { limit: 10 }, signal }),
  },
  tokens: {
    list: (signal?: AbortSignal) => send<AccessTokenList>(endpoint(R['list-access-tokens']), { signal }),
    create: (body: { name: string; scopes: string[]; expiresInDays: number }) => send<CreatedAccessToken>(endpoint(R['create-access-token']), { body }),
    revoke: (id: string) => send<void>(endpoint(R['revoke-access-token'], { id })),
  },
};

export const listeningKeys = {
  all: ['listening'] as const,
  overview: () => ['listening', 'overview'] as const,
  top: (d: Dimension, r: Range, by: string) => ['listening', 'top', d, r, by] as const,
  heatmap: (r: Range) => ['listening', 'heatmap', r] as const,
  time: (r: Range, g: string) => ['listening', 'time', r, g] as const,
  timeline: () => ['listening', 'timeline'] as const,
  artist: (key: string) => ['listening', 'artist', key] as const,
  connection: () => ['listening', 'connection'] as const,
  runs: () => ['listening', 'runs'] as const,
  imports: () => ['listening', 'imports'] as const,
  importJob: (id: string) => ['listening', 'imports', id] as const,
  tokens: () => ['access-tokens'] as const,
};
