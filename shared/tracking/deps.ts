import type { EventPublisher } from '../events/domain-events.ts';
import { localDate, type IsoDate } from '../kit/dates.ts';
import { NotFoundError } from '../kit/errors.ts';
import type { ProfileReads } from '../users/profile-reads.ts';
import type { ProfileRepository } from '../users/profile-repository.ts';
import type { ActivityReads } from './activity-reads.ts';
import type { ActivityRepository } from './activity-repository.ts';
import type { EntryReads } from './entry-reads.ts';
import type { EntryRepository } from './entry-repository.ts';
import type { GoalReads } from './goal-reads.ts';
import type { GoalRepository } from './goal-repository.ts';
import type { RollupReads } from './rollup-reads.ts';
import type { RollupRepository } from './rollup-repository.ts';

/**
 * The repositories' read access patterns: what the views that only read (today, insights, the
 * dashboard) take, so a function that only reads need not bundle the writes (the MCP tools).
 */
export interface TrackingReads {
  activities: ActivityReads;
  entries: EntryReads;
  goals: GoalReads;
  rollups: RollupReads;
  profiles: ProfileReads;
  now: () => Date;
}

/** What the tracking domain needs from the outside world; handlers pass the DynamoDB ones. */
export interface TrackingDeps extends TrackingReads {
  activities: ActivityRepository;
  entries: EntryRepository;
  goals: GoalRepository;
  rollups: RollupRepository;
  profiles: ProfileRepository;
  events: EventPublisher;
  now: () => Date;
}

/**
 * A user, with their time zone when the request already knows it: an authenticated request learns
 * it from the token state, which mirrors the profile's (shared/auth/auth-state.ts), so it needs no
 * profile read for "today".
 */
export interface KnownUser {
  id: string;
  timezone?: string;
}

/** The user's id, given either way. */
export const idOf = (user: string | KnownUser): string => (typeof user === 'string' ? user : user.id);

/** The user's current local date and time zone (from the profile unless the caller knows the zone). */
export async function userToday(
  deps: Pick<TrackingReads, 'profiles' | 'now'>,
  user: string | KnownUser,
): Promise<{ today: IsoDate; timezone: string }> {
  const known = typeof user === 'string' ? undefined : user.timezone;
  if (known) return { today: localDate(known, deps.now()), timezone: known };
  const profile = await deps.profiles.get(idOf(user));
  if (!profile) throw new NotFoundError('Your profile');
  return { today: localDate(profile.timezone, deps.now()), timezone: profile.timezone };
}
