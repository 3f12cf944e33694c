import { dynamoProfileReads } from '../users/profile-reads.ts';
import { dynamoHistory } from './play-repository.ts';
import type { QueryDeps } from './queries.ts';

/** The history queries' dependencies in a Lambda. */
export const listeningQueries: QueryDeps = { reader: dynamoHistory, profiles: dynamoProfileReads, now: () => new Date() };
