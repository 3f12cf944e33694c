import type * as z from 'zod';
import { http, request } from '../../api/client.ts';
import type * as listening from '../../../../shared/listening/responses.ts';
import type * as mcp from '../../../../shared/mcp/responses.ts';

/** The listening and MCP routes the web app uses, typed from the shared response schemas. */
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

const enc = encodeURIComponent;

export const listeningApi = {
  overview: (signal?: AbortSignal) => http.get<Overview>('/v1/listening/overview', undefined, signal),
  top: (dimension: Dimension, range: Range, by: 'plays' | 'time', limit = 10, signal?: AbortSignal) =>
    http.get<TopList>(`/v1/listening/top/${dimension}`, { range, by, limit }, signal),
  heatmap: (range: Range, signal?: AbortSignal) => http.get<Heatmap>('/v1/listening/heatmap', { range }, signal),
  time: (range: Range, granularity: 'day' | 'week' | 'month', signal?: AbortSignal) => http.get<ListeningTime>('/v1/listening/time', { range, granularity }, signal),
  timeline: (cursor?: string, signal?: AbortSignal) => http.get<Timeline>('/v1/listening/plays', { limit: 25, cursor }, signal),
  artist: (key: string, signal?: AbortSignal) => http.get<ArtistPage>(`/v1/listening/artists/${enc(key)}`, undefined, signal),
  connection: (signal?: AbortSignal) => http.get<Connection>('/v1/listening/spotify', undefined, signal),
  connect: () => request<{ authorizeUrl: string }>('POST', '/v1/listening/spotify/connect'),
  callback: (body: { state: string; code?: string; error?: string }) => request<Connection>('POST', '/v1/listening/spotify/callback', { body }),
  disconnect: () => http.delete('/v1/listening/spotify'),
  runs: (signal?: AbortSignal) => http.get<JobRuns>('/v1/listening/runs', { limit: 10 }, signal),
  imports: {
    create: (body: { fileName: string; size: number }, key: string) => http.post<CreatedListeningImport>('/v1/listening/imports', body, key),
    start: (id: string, key: string) => http.post<ListeningImport>(`/v1/listening/imports/${enc(id)}/start`, undefined, key),
    retry: (id: string, key: string) => http.post<ListeningImport>(`/v1/listening/imports/${enc(id)}/retry`, undefined, key),
    get: (id: string, signal?: AbortSignal) => http.get<ListeningImport>(`/v1/listening/imports/${enc(id)}`, undefined, signal),
    list: (signal?: AbortSignal) => http.get<ListeningImportPage>('/v1/listening/imports', { limit: 10 }, signal),
  },
  tokens: {
    list: (signal?: AbortSignal) => http.get<AccessTokenList>('/v1/me/access-tokens', undefined, signal),
    create: (body: { name: string; scopes: string[]; expiresInDays: number }) => request<CreatedAccessToken>('POST', '/v1/me/access-tokens', { body }),
    revoke: (id: string) => http.delete(`/v1/me/access-tokens/${enc(id)}`),
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
