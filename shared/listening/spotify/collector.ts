import { randomUUID } from 'node:crypto';
import { domainEvent, type EventPublisher } from '../../events/domain-events.ts';
import { readRecentlyPlayed } from '../formats.ts';
import { storePlays, type PlayRepository } from '../play-store.ts';
import { getRecentlyPlayed, SpotifyGrantError, type ApiAnswer, type RecentlyPlayedPage } from './client.ts';
import { accessToken, type ConnectDeps } from './connect.ts';
import type { Connection, JobRun, StopReason } from './connection.ts';

/**
 * The collector: one run per connected user per schedule tick. A new connection first pages
 * backward (`before`) until one of seed 004's five stop conditions; after that each run asks
 * for what was played `after` the newest play it has. 429 honours Retry-After (a short one is
 * waited out, a long one moves the next poll); 5xx backs off with jitter; 401 refreshes the token
 * once. The cursor only moves past plays that were stored, so a failed run loses nothing.
 */

export interface CollectorDeps extends ConnectDeps {
  plays: PlayRepository;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Announces finished runs (`listening.synced`). */
  events: EventPublisher;
}

export interface CollectorLimits {
  /** Initial sync: how far back (days). */
  maxAgeDays: number;
  /** Initial sync: requests per run. */
  maxRequests: number;
  /** 429s in a run before it stops. */
  max429: number;
  /** Longest Retry-After waited out inside a run (s); longer ones move `nextPollAt`. */
  maxInlineWaitSeconds: number;
  /** Tries of a request that answers 5xx. */
  max5xxTries: number;
  /** Pages of `after` polling per run. */
  maxPollPages: number;
}

export const COLLECTOR_LIMITS: CollectorLimits = { maxAgeDays: 90, maxRequests: 40, max429: 3, maxInlineWaitSeconds: 5, max5xxTries: 3, maxPollPages: 10 };

/** How long the play-writer lease is held by a run (longer than a run can take). */
const LEASE_MS = 5 * 60_000;

class RunStop extends Error {
  readonly outcome: JobRun['outcome'];
  constructor(outcome: JobRun['outcome'], message: string) {
    super(message);
    this.outcome = outcome;
  }
}

interface RunState {
  requests: number;
  rateLimited: number;
  playsAdded: number;
  token: string;
  refreshed: boolean;
}

/** One request with the run's rules for 401, 429 and 5xx. */
async function request(deps: CollectorDeps, userId: string, connection: Connection, state: RunState, limits: CollectorLimits, cursor: { after?: number; before?: number }): Promise<RecentlyPlayedPage> {
  const app = await deps.app();
  for (let tries = 1; ; tries++) {
    state.requests++;
    const answer: ApiAnswer<RecentlyPlayedPage> = await getRecentlyPlayed(app, state.token, cursor);
    if (answer.ok) return answer.body;
    if (answer.status === 401) {
      if (state.refreshed) throw new RunStop('failed', 'Spotify refused a fresh access token (401)');
      state.refreshed = true;
      state.token = await accessToken(deps, userId, connection, { force: true });
      continue;
    }
    if (answer.status === 429) {
      state.rateLimited++;
      const seconds = 'retryAfterSeconds' in answer ? answer.retryAfterSeconds : 30;
      if (state.rateLimited >= limits.max429 || seconds > limits.maxInlineWaitSeconds) {
        await deps.connections.update(userId, { nextPollAt: new Date(deps.now().getTime() + seconds * 1000).toISOString() });
        throw new RunStop('rate_limited', `Spotify asked to wait ${seconds} s (429)`);
      }
      await deps.sleep(seconds * 1000);
      continue;
    }
    if (answer.status >= 500 && tries < limits.max5xxTries) {
      // Exponential back-off with full jitter: 0.5 s, 1 s, 2 s … scaled by a random factor.
      await deps.sleep(Math.round(500 * 2 ** (tries - 1) * (0.5 + deps.random())));
      continue;
    }
    throw new RunStop('failed', 'message' in answer ? answer.message : 'Spotify answered with an error');
  }
}

async function store(deps: CollectorDeps, userId: string, timezone: string, page: RecentlyPlayedPage, state: RunState) {
  const { plays } = readRecentlyPlayed(page, { now: deps.now().getTime() });
  const result = await storePlays(deps.plays, userId, plays, { timeZone: timezone });
  state.playsAdded += result.added;
  return { plays, result };
}

/** The backward initial sync; answers why it stopped. */
async function initialSync(deps: CollectorDeps, userId: string, timezone: string, connection: Connection, state: RunState, limits: CollectorLimits) {
  const oldestAllowed = deps.now().getTime() - limits.maxAgeDays * 86_400_000;
  let before = deps.now().getTime();
  let stoppedBy: StopReason | undefined;
  let oldestAt: number | undefined;
  let plays = 0;
  let newest = connection.afterCursor ?? 0;
  const start = state.requests;
  try {
    while (!stoppedBy) {
      if (state.requests - start >= limits.maxRequests) {
        stoppedBy = 'max_requests';
        break;
      }
      const page = await request(deps, userId, connection, state, limits, { before });
      const { plays: read, result } = await store(deps, userId, timezone, page, state);
      plays += result.added;
      if (read.length === 0) {
        stoppedBy = 'empty_batch';
        break;
      }
      const oldest = Math.min(...read.map((p) => p.endedAt));
      newest = Math.max(newest, ...read.map((p) => p.endedAt));
      oldestAt = oldest;
      if (oldest >= before || (result.added === 0 && result.merged === 0)) stoppedBy = 'no_progress';
      else if (oldest < oldestAllowed) stoppedBy = 'max_age';
      before = oldest;
    }
  } catch (error) {
    if (error instanceof RunStop && error.outcome === 'rate_limited') stoppedBy = 'rate_limited';
    else throw error;
  } finally {
    if (newest) await deps.connections.update(userId, { afterCursor: Math.max(newest, connection.afterCursor ?? 0) });
    if (newest) connection.afterCursor = Math.max(newest, connection.afterCursor ?? 0);
  }
  const sync = { status: 'done' as const, stoppedBy, requests: state.requests - start, plays, ...(oldestAt !== undefined ? { oldestAt } : {}) };
  await deps.connections.update(userId, { initialSync: sync });
  return sync;
}

/** Polls `after` the cursor, page by page, until Spotify has nothing newer. */
async function poll(deps: CollectorDeps, userId: string, timezone: string, connection: Connection, state: RunState, limits: CollectorLimits) {
  for (let pages = 0; pages < limits.maxPollPages; pages++) {
    const after = connection.afterCursor ?? deps.now().getTime() - 86_400_000;
    const page = await request(deps, userId, connection, state, limits, { after });
    const { plays } = await store(deps, userId, timezone, page, state);
    if (plays.length === 0) return;
    const newest = Math.max(after, ...plays.map((p) => p.endedAt));
    connection.afterCursor = newest;
    await deps.connections.update(userId, { afterCursor: newest });
    if (plays.length < 50) return;
  }
}

/** Back-off after failures in a row: 5 min, 10, 20 … up to 6 h. */
function backoffMs(failures: number): number {
  return Math.min(6 * 3_600_000, 5 * 60_000 * 2 ** Math.max(0, failures - 1));
}

export interface CollectOptions {
  trigger: JobRun['trigger'];
  timezone: string;
  limits?: CollectorLimits;
  /** Run even before `nextPollAt` (an admin's trigger). */
  force?: boolean;
}

/**
 * One collector run for one user; recorded as a job run, and returned. A successful run is
 * announced with `listening.synced` once the play-writer lease is released — except a scheduled
 * poll that found nothing new: every connected user is polled every 15 minutes, and an empty
 * poll changes nothing a client shows.
 */
export async function collectUser(deps: CollectorDeps, userId: string, options: CollectOptions): Promise<JobRun | undefined> {
  const run = await runCollector(deps, userId, options);
  if (run?.outcome !== 'succeeded') return run;
  const kind = run.kind === 'initial-sync' ? 'initial-sync' : run.trigger === 'manual' ? 'manual' : 'collector';
  if (kind === 'collector' && run.playsAdded === 0) return run;
  await deps.events.publish([domainEvent('listening.synced', userId, { runId: run.id, kind, playsAdded: run.playsAdded, finishedAt: run.endedAt })]);
  return run;
}

async function runCollector(deps: CollectorDeps, userId: string, options: CollectOptions): Promise<JobRun | undefined> {
  const limits = options.limits ?? COLLECTOR_LIMITS;
  const connection = await deps.connections.get(userId);
  if (!connection || connection.status !== 'connected' || connection.paused) return undefined;
  const started = deps.now();
  if (!options.force && connection.nextPollAt && Date.parse(connection.nextPollAt) > started.getTime()) return undefined;
  const kind: JobRun['kind'] = connection.initialSync.status === 'pending' ? 'initial-sync' : 'poll';
  const run: JobRun = { id: randomUUID(), kind, trigger: options.trigger, startedAt: started.toISOString(), endedAt: '', outcome: 'succeeded', playsAdded: 0, requests: 0 };
  const owner = `collector:${run.id}`;
  if (!(await deps.connections.acquireWriter(userId, owner, started.getTime() + LEASE_MS, started.getTime()))) {
    return finish(deps, userId, run, { requests: 0, playsAdded: 0 }, 'skipped', 'An import is writing plays; the next run collects');
  }
  const state: RunState = { requests: 0, rateLimited: 0, playsAdded: 0, token: '', refreshed: false };
  try {
    state.token = await accessToken(deps, userId, connection, { timezone: options.timezone });
    if (kind === 'initial-sync') {
      const sync = await initialSync(deps, userId, options.timezone, connection, state, limits);
      run.detail = `stopped by ${sync.stoppedBy}`;
    } else {
      await poll(deps, userId, options.timezone, connection, state, limits);
    }
    await deps.connections.update(userId, { lastPollAt: deps.now().toISOString(), failures: 0, playsCollected: connection.playsCollected + state.playsAdded, ...(kind === 'poll' ? {} : {}) });
    return await finish(deps, userId, run, state, 'succeeded', run.detail);
  } catch (error) {
    if (error instanceof SpotifyGrantError && error.code === 'invalid_grant') return await finish(deps, userId, run, state, 'needs_reconnect', error.message);
    const outcome = error instanceof RunStop ? error.outcome : 'failed';
    const message = error instanceof Error ? error.message : String(error);
    const failures = outcome === 'failed' ? connection.failures + 1 : connection.failures;
    await deps.connections.update(userId, {
      lastPollAt: deps.now().toISOString(),
      lastError: { at: deps.now().toISOString(), message },
      failures,
      playsCollected: connection.playsCollected + state.playsAdded,
      ...(outcome === 'failed' ? { nextPollAt: new Date(deps.now().getTime() + backoffMs(failures)).toISOString() } : {}),
    });
    return await finish(deps, userId, run, state, outcome, message);
  } finally {
    await deps.connections.releaseWriter(userId, owner);
  }
}

async function finish(deps: CollectorDeps, userId: string, run: JobRun, state: Pick<RunState, 'requests' | 'playsAdded'>, outcome: JobRun['outcome'], detail?: string): Promise<JobRun> {
  const done: JobRun = { ...run, endedAt: deps.now().toISOString(), outcome, playsAdded: state.playsAdded, requests: state.requests, ...(detail ? { detail } : {}) };
  await deps.connections.addRun(userId, done);
  return done;
}
