/**
 * The listening area: history analytics over the play store (roll-ups only), the Spotify
 * connection and its collector, imports of the privacy export, and the MCP endpoint.
 * `listeningRoutes` holds what the handlers need at run time; `listeningDeployment` what only
 * the CDK app, the local runtime and the docs read.
 */
import { contracts, route } from '../../shared/contract/routes.ts';
import { MAX_IMPORT_ATTEMPTS } from '../../shared/imports/job.ts';
import { PageQuery } from '../../shared/kit/schemas.ts';
import { CreateListeningImportBody, ListeningImportParams } from '../../shared/listening/import-model.ts';
import {
  AdminListening,
  CreatedListeningImport,
  ListeningImport,
  ListeningImportPage,
  SyncQueued,
  ArtistPage,
  ConnectStart,
  JobRunList,
  SpotifyConnection,
  Heatmap,
  ListeningTime,
  OnThisDay,
  Overview,
  SearchResults,
  Timeline,
  TopList,
} from '../../shared/listening/responses.ts';
import { AdminUserParams, ArtistParams, CallbackBody, RunsQuery, DayQuery, RangeQuery, SearchQuery, TimelineQuery, TimeQuery, TopParams, TopQuery } from '../../shared/listening/schemas.ts';
import type { ConsumerDef, Deployments, ScheduleDef } from './types.ts';

export const listeningOverviewRoute = route('listening-overview', { method: 'GET', path: '/v1/listening/overview', auth: 'user' });
export const listeningTopRoute = route('listening-top', { method: 'GET', path: '/v1/listening/top/{dimension}', auth: 'user', params: TopParams, query: TopQuery });
export const listeningTimeRoute = route('listening-time', { method: 'GET', path: '/v1/listening/time', auth: 'user', query: TimeQuery });
export const listeningHeatmapRoute = route('listening-heatmap', { method: 'GET', path: '/v1/listening/heatmap', auth: 'user', query: RangeQuery });
export const listeningTimelineRoute = route('listening-timeline', { method: 'GET', path: '/v1/listening/plays', auth: 'user', query: TimelineQuery });
export const listeningArtistRoute = route('listening-artist', { method: 'GET', path: '/v1/listening/artists/{key}', auth: 'user', params: ArtistParams });
export const listeningOnThisDayRoute = route('listening-on-this-day', { method: 'GET', path: '/v1/listening/on-this-day', auth: 'user', query: DayQuery });
export const listeningSearchRoute = route('listening-search', { method: 'GET', path: '/v1/listening/search', auth: 'user', query: SearchQuery });
export const spotifyStatusRoute = route('spotify-status', { method: 'GET', path: '/v1/listening/spotify', auth: 'user' });
export const spotifyConnectRoute = route('spotify-connect', { method: 'POST', path: '/v1/listening/spotify/connect', auth: 'user', idempotent: false, successStatus: 200 });
export const spotifyCallbackRoute = route('spotify-callback', { method: 'POST', path: '/v1/listening/spotify/callback', auth: 'user', body: CallbackBody, idempotent: false, successStatus: 200 });
export const spotifyDisconnectRoute = route('spotify-disconnect', { method: 'DELETE', path: '/v1/listening/spotify', auth: 'user', successStatus: 204 });
export const listeningImportCreateRoute = route('listening-import-create', { method: 'POST', path: '/v1/listening/imports', auth: 'user', body: CreateListeningImportBody });
export const listeningImportStartRoute = route('listening-import-start', { method: 'POST', path: '/v1/listening/imports/{id}/start', auth: 'user', params: ListeningImportParams, successStatus: 202 });
export const listeningImportRetryRoute = route('listening-import-retry', { method: 'POST', path: '/v1/listening/imports/{id}/retry', auth: 'user', params: ListeningImportParams, successStatus: 202 });
export const listeningImportGetRoute = route('listening-import-get', { method: 'GET', path: '/v1/listening/imports/{id}', auth: 'user', params: ListeningImportParams });
export const listeningImportsRoute = route('listening-imports', { method: 'GET', path: '/v1/listening/imports', auth: 'user', query: PageQuery });
export const listeningRunsRoute = route('listening-runs', { method: 'GET', path: '/v1/listening/runs', auth: 'user', query: RunsQuery });
export const adminListeningRoute = route('admin-listening', { method: 'GET', path: '/v1/admin/users/{userId}/listening', auth: 'admin', params: AdminUserParams });
export const adminListeningPauseRoute = route('admin-listening-pause', { method: 'POST', path: '/v1/admin/users/{userId}/listening/pause', auth: 'admin', params: AdminUserParams, idempotent: false, successStatus: 200 });
export const adminListeningResumeRoute = route('admin-listening-resume', { method: 'POST', path: '/v1/admin/users/{userId}/listening/resume', auth: 'admin', params: AdminUserParams, idempotent: false, successStatus: 200 });
export const adminListeningSyncRoute = route('admin-listening-sync', { method: 'POST', path: '/v1/admin/users/{userId}/listening/sync', auth: 'admin', params: AdminUserParams, idempotent: false, successStatus: 202 });

export const listeningRoutes = contracts([
  listeningOverviewRoute,
  listeningTopRoute,
  listeningTimeRoute,
  listeningHeatmapRoute,
  listeningTimelineRoute,
  listeningArtistRoute,
  listeningOnThisDayRoute,
  listeningSearchRoute,
  spotifyStatusRoute,
  spotifyConnectRoute,
  spotifyCallbackRoute,
  spotifyDisconnectRoute,
  listeningImportCreateRoute,
  listeningImportStartRoute,
  listeningImportRetryRoute,
  listeningImportGetRoute,
  listeningImportsRoute,
  listeningRunsRoute,
  adminListeningRoute,
  adminListeningPauseRoute,
  adminListeningResumeRoute,
  adminListeningSyncRoute,
]);

const read = { table: 'read' } as const;

export const listeningDeployment = {
  'listening-overview': { handler: 'functions/listening/overview.ts', resources: read, summary: 'Minutes listened this week and month, all-time totals', tag: 'listening', response: Overview },
  'listening-top': {
    handler: 'functions/listening/top.ts',
    resources: read,
    summary: 'Top artists, tracks, albums, shows or audiobooks for the last 4 weeks, 6 months, a year, all time or a custom range, by plays or time',
    tag: 'listening',
    response: TopList,
  },
  'listening-time': { handler: 'functions/listening/time.ts', resources: read, summary: 'Listening time per day, week or month over a range', tag: 'listening', response: ListeningTime },
  'listening-heatmap': { handler: 'functions/listening/heatmap.ts', resources: read, summary: 'Listening by hour of day × weekday over a range (local time)', tag: 'listening', response: Heatmap },
  'listening-timeline': { handler: 'functions/listening/timeline.ts', resources: read, summary: 'Plays newest first, a page at a time, with the sources that saw each', tag: 'listening', response: Timeline },
  'listening-artist': { handler: 'functions/listening/artist.ts', resources: read, summary: "An artist's first play, totals, top tracks, albums and plays by year", tag: 'listening', response: ArtistPage },
  'listening-on-this-day': { handler: 'functions/listening/on-this-day.ts', resources: read, summary: 'What was played on this date in earlier years', tag: 'listening', response: OnThisDay },
  'listening-search': { handler: 'functions/listening/search.ts', resources: read, summary: 'Artists, tracks, albums, shows and audiobooks by name', tag: 'listening', response: SearchResults },
  'spotify-status': { handler: 'functions/listening/spotify-status.ts', resources: read, summary: 'The Spotify connection: state, last and next poll, last error, initial sync', tag: 'listening', response: SpotifyConnection },
  'spotify-connect': {
    handler: 'functions/listening/spotify-connect.ts',
    resources: { table: 'write', secrets: { app: ['spotify-app', 'signing-key'] } },
    summary: "Starts connecting Spotify: Spotify's authorize URL (authorization code with PKCE, signed expiring state)",
    tag: 'listening',
    response: ConnectStart,
  },
  'spotify-callback': {
    handler: 'functions/listening/spotify-callback.ts',
    resources: { table: 'write', secrets: { app: ['spotify-app', 'signing-key'], envelope: 'seal' } },
    summary: 'Completes connecting Spotify with what its consent page sent back (400 for a forged, expired or used state, or a refusal)',
    tag: 'listening',
    response: SpotifyConnection,
  },
  'spotify-disconnect': { handler: 'functions/listening/spotify-disconnect.ts', resources: { table: 'write' }, summary: 'Disconnects Spotify: its tokens are deleted (plays stay)', errors: { 404: 'Spotify is not connected' }, tag: 'listening' },
  'listening-import-create': {
    handler: 'functions/listening/import-create.ts',
    resources: { table: 'write', buckets: { imports: 'readwrite' } },
    summary: 'Start importing a Spotify privacy export (the ZIP, or one history file, up to 500 MiB): a presigned upload form',
    tag: 'listening',
    response: CreatedListeningImport,
  },
  'listening-import-start': {
    handler: 'functions/listening/import-start.ts',
    resources: { table: 'write', buckets: { imports: 'readwrite' }, queues: ['listening-import'] },
    summary: 'Queue an uploaded export for import (a file larger than declared is deleted and the import fails, 413)',
    tag: 'listening',
    response: ListeningImport,
  },
  'listening-import-retry': {
    handler: 'functions/listening/import-retry.ts',
    resources: { table: 'write', buckets: { imports: 'read' }, queues: ['listening-import'] },
    summary: 'Queue a failed export import again; it resumes from its checkpoint (409 unless it failed, or when its file is gone)',
    tag: 'listening',
    response: ListeningImport,
  },
  'listening-import-get': {
    handler: 'functions/listening/import-get.ts',
    resources: read,
    summary: 'An export import: status, plays so far and plays/s, per-file format, counts and rejections, or its error',
    tag: 'listening',
    response: ListeningImport,
  },
  'listening-imports': { handler: 'functions/listening/import-list.ts', resources: read, summary: 'Export imports, newest first', tag: 'listening', response: ListeningImportPage },
  'listening-runs': { handler: 'functions/listening/runs.ts', resources: read, summary: 'Recent collector and import runs (start, end, outcome, plays added)', tag: 'listening', response: JobRunList },
  'admin-listening': { handler: 'functions/listening/admin-listening.ts', resources: read, summary: "Admin: a user's Spotify connection state, last and next poll, last error, and job runs", tag: 'admin', response: AdminListening },
  'admin-listening-pause': { handler: 'functions/listening/admin-pause.ts', resources: { table: 'write' }, summary: "Admin: pause a user's collector", tag: 'admin', response: AdminListening },
  'admin-listening-resume': { handler: 'functions/listening/admin-resume.ts', resources: { table: 'write' }, summary: "Admin: resume a user's collector", tag: 'admin', response: AdminListening },
  'admin-listening-sync': { handler: 'functions/listening/admin-sync.ts', resources: { table: 'read', queues: ['collect-listening'] }, summary: "Admin: queue a collector run for a user now", tag: 'admin', response: SyncQueued },
} satisfies Deployments<typeof listeningRoutes>;

export const listeningConsumers = {
  'collect-listening': {
    handler: 'functions/listening/collect-user.ts',
    resources: { table: 'write', secrets: { app: ['spotify-app'], envelope: 'seal-open' }, publishes: ['listening.synced'] },
    batchSize: 1,
    visibilityTimeoutSeconds: 360,
    maxReceiveCount: 3,
    timeoutSeconds: 300,
    memoryMb: 512,
    description: "Polls one user's Spotify recently-played (initial backward sync first) into the play store",
  },
  'listening-import': {
    handler: 'functions/listening/import-run.ts',
    resources: { table: 'write', buckets: { imports: 'readwrite' }, publishes: ['listening.synced'] },
    batchSize: 1,
    // Longer than the function's timeout: a message seen again means its last run has ended.
    visibilityTimeoutSeconds: 960,
    maxReceiveCount: MAX_IMPORT_ATTEMPTS,
    timeoutSeconds: 900,
    memoryMb: 1024,
    description: 'Reads an uploaded Spotify export from its checkpoint on into the play store (a stopped run is resumed by resume-listening-imports)',
  },
} satisfies Record<string, ConsumerDef>;

export const listeningSchedules = {
  'listening-collector': {
    expression: 'rate(15 minutes)',
    perUser: 'collect-listening',
    description: 'Collects recently played tracks of every connected Spotify account',
  },
  'resume-listening-imports': {
    expression: 'rate(5 minutes)',
    handler: 'functions/listening/resume-imports.ts',
    resources: { table: 'write', queues: ['listening-import'] },
    timeoutSeconds: 60,
    memoryMb: 512,
    description: 'Resumes Spotify export imports silent for 5 minutes (a crashed run, a lost message) from their checkpoints',
  },
} satisfies Record<string, ScheduleDef>;
