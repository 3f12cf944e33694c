import * as z from 'zod';
import { day, Page, timestamp } from '../kit/responses.ts';
import { CreatedImport } from '../tracking/responses.ts';

/** Response schemas of the listening routes (OpenAPI and the response test read them). */

const Minutes = z.number().min(0).describe('Minutes, to a tenth');

export const BoardEntry = z.strictObject({
  key: z.string(),
  name: z.string(),
  artist: z.string().optional(),
  artistKey: z.string().optional().describe('Links to the artist page'),
  plays: z.number().int(),
  ms: z.number().int().describe('Time played, ms'),
});

export const TopList = z
  .strictObject({
    dimension: z.enum(['artist', 'track', 'album', 'show', 'audiobook']),
    order: z.enum(['plays', 'time']),
    from: day().optional(),
    to: day().optional(),
    items: z.array(BoardEntry),
  })
  .meta({ id: 'ListeningTopList', description: 'Top artists, tracks, albums, shows or audiobooks of a range' });

export const Heatmap = z
  .strictObject({
    from: day().optional(),
    to: day().optional(),
    minutes: z.array(z.array(z.number())).describe('[weekday 0 = Monday][hour 0–23], local time'),
    plays: z.array(z.array(z.number())),
  })
  .meta({ id: 'ListeningHeatmap' });

export const ListeningTime = z
  .strictObject({
    granularity: z.enum(['day', 'week', 'month']),
    from: day().optional(),
    to: day().optional(),
    minutes: Minutes,
    plays: z.number().int(),
    byKind: z.record(z.string(), z.strictObject({ plays: z.number().int(), minutes: Minutes })),
    buckets: z.array(z.strictObject({ start: z.string(), minutes: Minutes })),
  })
  .meta({ id: 'ListeningTime', description: 'Listening time per day, week or month (short plays left out)' });

const Brief = z.strictObject({ key: z.string(), name: z.string(), plays: z.number().int(), minutes: Minutes });

export const ArtistPage = z
  .strictObject({
    key: z.string(),
    name: z.string(),
    plays: z.number().int(),
    minutes: Minutes,
    firstPlayedAt: timestamp().optional(),
    lastPlayedAt: timestamp().optional(),
    byYear: z.array(z.strictObject({ year: z.string(), plays: z.number().int(), minutes: Minutes })),
    topTracks: z.array(Brief),
    albums: z.array(Brief),
  })
  .meta({ id: 'ListeningArtist' });

export const OnThisDay = z
  .strictObject({
    date: day(),
    years: z.array(z.strictObject({ date: day(), plays: z.number().int(), minutes: Minutes, top: z.array(BoardEntry) })),
  })
  .meta({ id: 'ListeningOnThisDay' });

export const SearchResults = z
  .strictObject({
    items: z.array(
      z.strictObject({
        dimension: z.enum(['artist', 'track', 'album', 'show', 'audiobook']),
        key: z.string(),
        name: z.string(),
        artist: z.string().optional(),
        artistKey: z.string().optional(),
        plays: z.number().int(),
        minutes: Minutes,
      }),
    ),
  })
  .meta({ id: 'ListeningSearch' });

export const TimelinePlay = z.strictObject({
  endedAt: timestamp(),
  kind: z.string(),
  name: z.string(),
  by: z.string().optional(),
  artistKey: z.string().optional(),
  msPlayed: z.number().int(),
  short: z.boolean(),
  sources: z.array(z.enum(['extended', 'account', 'api'])).describe('Every source that saw this play'),
});

export const Timeline = z
  .strictObject({ items: z.array(TimelinePlay), nextCursor: z.string().optional() })
  .meta({ id: 'ListeningTimeline', description: 'Plays newest first' });

export const Overview = z
  .strictObject({
    today: day(),
    weekMinutes: Minutes,
    monthMinutes: Minutes,
    allTimeMinutes: Minutes,
    allTimePlays: z.number().int(),
    shortPlays: z.number().int(),
    firstPlayedAt: timestamp().optional(),
  })
  .meta({ id: 'ListeningOverview' });

export const ConnectStart = z
  .strictObject({ authorizeUrl: z.url().describe("Spotify's consent page: send the browser there"), expiresAt: timestamp('The connect link works until then') })
  .meta({ id: 'SpotifyConnectStart' });

export const SpotifyConnection = z
  .strictObject({
    status: z.enum(['not_connected', 'connected', 'paused', 'needs_reconnect']),
    paused: z.boolean().optional(),
    spotifyUserId: z.string().optional(),
    displayName: z.string().optional(),
    scope: z.string().optional(),
    connectedAt: timestamp().optional(),
    afterCursor: z.number().int().optional().describe('Newest played_at collected (epoch ms)'),
    lastPollAt: timestamp().optional(),
    nextPollAt: timestamp().optional().describe('Not polled before this (Retry-After or back-off)'),
    lastError: z.strictObject({ at: timestamp(), message: z.string() }).optional(),
    failures: z.number().int().optional(),
    initialSync: z
      .strictObject({
        status: z.enum(['pending', 'done']),
        stoppedBy: z.enum(['empty_batch', 'no_progress', 'max_age', 'max_requests', 'rate_limited']).optional(),
        requests: z.number().int().optional(),
        plays: z.number().int().optional(),
        oldestAt: z.number().int().optional(),
      })
      .optional(),
    playsCollected: z.number().int().optional(),
  })
  .meta({ id: 'SpotifyConnection', description: 'The Spotify connection and its collector (tokens never leave the server)' });

export const JobRun = z.strictObject({
  id: z.string(),
  kind: z.enum(['poll', 'initial-sync', 'import']),
  trigger: z.enum(['schedule', 'manual', 'connect', 'upload']),
  startedAt: timestamp(),
  endedAt: timestamp(),
  outcome: z.enum(['succeeded', 'failed', 'skipped', 'rate_limited', 'needs_reconnect']),
  playsAdded: z.number().int(),
  requests: z.number().int(),
  detail: z.string().optional(),
});

export const JobRunList = z.strictObject({ items: z.array(JobRun) }).meta({ id: 'ListeningJobRuns', description: 'Newest first' });

export const AdminListening = z
  .strictObject({ connection: SpotifyConnection, runs: z.array(JobRun) })
  .meta({ id: 'AdminListening', description: "A user's listening collector as the admin sees it (never tokens)" });

export const SyncQueued = z.strictObject({ queued: z.literal(true) }).meta({ id: 'SyncQueued' });

const count = (description: string) => z.number().int().min(0).describe(description);
const KindCounts = z.strictObject({ track: z.number().int(), episode: z.number().int(), audiobook: z.number().int(), video: z.number().int(), unknown: z.number().int() });
const RejectionCounts = z.partialRecord(z.enum(['invalid_json', 'not_an_object', 'too_large', 'bad_time', 'bad_ms_played', 'bad_field', 'missing_names']), z.number().int());
const Counts = {
  records: count('Records read: plays and rejected ones'),
  plays: count('Plays read (short ones included)'),
  kinds: KindCounts.describe('Plays by kind'),
  short: count('Plays under 30 s: stored, flagged, left out of analytics'),
  rejected: count('Records rejected'),
  rejections: RejectionCounts.describe('Rejected records by reason'),
};

export const ImportFile = z
  .strictObject({
    index: z.number().int().describe("Position among the archive's files"),
    name: z.string().describe('Path inside the archive (or the uploaded file name)'),
    bytes: z.number().int(),
    status: z.enum(['read', 'empty', 'not-spotify', 'failed']).describe('not-spotify: nothing of it was read; failed: its JSON broke off (records before the break were read)'),
    format: z.enum(['extended-endsong', 'extended-streaming', 'account-music', 'account-podcast', 'account-audiobook', 'api-recently-played']).optional().describe('Detected from the content'),
    message: z.string().optional().describe('Why the file was not-spotify or failed'),
    ...Counts,
    examples: z.array(z.strictObject({ record: z.number().int(), code: z.string(), message: z.string() })).describe('The first rejected records'),
  })
  .meta({ id: 'ListeningImportFile', description: 'One file of an export: its format, status and counts' });

export const ListeningImport = z
  .strictObject({
    id: z.string().regex(/^[0-9a-z]{10,40}$/).describe('Time-ordered import id'),
    fileName: z.string().min(1),
    status: z.enum(['awaiting_upload', 'queued', 'processing', 'completed', 'failed']).describe('awaiting_upload → queued → processing → completed or failed'),
    progress: z
      .strictObject({
        ...Counts,
        added: count('Plays stored for the first time'),
        merged: count('Plays the collector or the other export format had stored: their sources merged'),
        duplicates: count('Plays this export had stored already (a re-import, a repeated row)'),
      })
      .describe('Counts so far (all files, the current one included)'),
    percent: z.number().int().min(0).max(100).describe("The share done, 0–100: of the export's expanded bytes (from the ZIP's central directory) read and stored; 100 once completed"),
    playsPerSecond: z.number().int().min(0).optional().describe('Plays read per second since the import began (to its end once finished)'),
    files: z.array(ImportFile).describe('The files read so far, in the archive\'s order (the first 100)'),
    error: z.strictObject({ code: z.string(), message: z.string() }).nullable().describe('Why it failed (a damaged ZIP, no history in it, a cap; or what made its last attempt fail)'),
    attempts: count('Runs since the import last got further; it fails after 3'),
    createdAt: timestamp(),
    updatedAt: timestamp(),
    startedAt: timestamp().optional(),
    finishedAt: timestamp().optional(),
  })
  .meta({ id: 'ListeningImport', description: 'An import of a Spotify privacy export, from upload to per-file summary' });

export const ListeningImportPage = Page(ListeningImport, 'ListeningImportPage');

export const CreatedListeningImport = z
  .strictObject({ import: ListeningImport, upload: CreatedImport.shape.upload.unwrap() })
  .meta({ id: 'CreatedListeningImport', description: 'The import, and the form to upload the export to (then start it)' });
