import type { EventPublisher } from '../events/domain-events.ts';
import { localDate, type IsoDate } from '../kit/dates.ts';
import { NotFoundError } from '../kit/errors.ts';
import type { ProfileRepository } from '../users/profile-repository.ts';
import type { ActivityRepository } from './activity-repository.ts';
import type { EntryRepository } from './entry-repository.ts';
import type { GoalRepository } from './goal-repository.ts';
import type { RollupRepository } from './rollup-repository.ts';

/** What the tracking domain needs from the outside world; handlers pass the DynamoDB ones. */
export interface TrackingDeps {
  activities: ActivityRepository;
  entries: EntryRepository;
  goals: GoalRepository;
  rollups: RollupRepository;
  profiles: ProfileRepository;
  events: EventPublisher;
  now: () => Date;
}

/** The user's current local date and time zone. */
export async function userToday(
  deps: Pick<TrackingDeps, 'profiles' | 'now'>,
  userId: string,
): Promise<{ today: IsoDate; timezone: string }> {
  const profile = await deps.profiles.get(userId);
  if (!profile) throw new NotFoundError('Your profile');
  return { today: localDate(profile.timezone, deps.now()), timezone: profile.timezone };
}
