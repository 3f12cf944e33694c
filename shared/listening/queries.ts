import { localDate } from '../kit/dates.ts';
import type { ProfileRepository } from '../users/profile-repository.ts';
import * as history from './history.ts';
import type { Dimension } from './rollups.ts';
import type { RangeQuery, TimelineQuery, TimeQuery, TopQuery } from './schemas.ts';

/** The history routes' entry points: the user's local today, then the query. */

export interface QueryDeps {
  reader: history.HistoryReader;
  profiles: Pick<ProfileRepository, 'get'>;
  now: () => Date;
}

async function today(deps: QueryDeps, userId: string): Promise<string> {
  const profile = await deps.profiles.get(userId);
  return localDate(profile?.timezone ?? 'UTC', deps.now());
}

/** Top list of a dimension over a range. */
export async function getTop(deps: QueryDeps, userId: string, dimension: Dimension, query: TopQuery) {
  const range = history.resolveRange(query, await today(deps, userId));
  return history.topList(deps.reader, userId, range, dimension, query.by, query.limit);
}

export async function getHeatmap(deps: QueryDeps, userId: string, query: RangeQuery) {
  return history.heatmap(deps.reader, userId, history.resolveRange(query, await today(deps, userId)));
}

export async function getListeningTime(deps: QueryDeps, userId: string, query: TimeQuery) {
  return history.listeningTime(deps.reader, userId, history.resolveRange(query, await today(deps, userId)), query.granularity);
}

export async function getOverview(deps: QueryDeps, userId: string) {
  return history.overview(deps.reader, userId, await today(deps, userId));
}

export async function getOnThisDay(deps: QueryDeps, userId: string, date?: string) {
  return history.onThisDay(deps.reader, userId, date ?? (await today(deps, userId)));
}

export async function getTimeline(deps: QueryDeps, userId: string, query: TimelineQuery) {
  return history.timeline(deps.reader, userId, {
    limit: query.limit,
    cursor: query.cursor,
    before: query.before ? Date.parse(query.before) : undefined,
    after: query.after ? Date.parse(query.after) : undefined,
    includeShort: query.short === 'include',
  });
}
