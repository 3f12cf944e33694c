import { dynamoProfiles } from '../users/profile-repository.ts';
import { dynamoHistory } from './play-repository.ts';
import type { QueryDeps } from './queries.ts';

/** The history queries' dependencies in a Lambda. */
export const listeningQueries: QueryDeps = { reader: dynamoHistory, profiles: dynamoProfiles, now: () => new Date() };
