import { busPublisher } from '../events/bus-publisher.ts';
import { dynamoProfiles } from '../users/profile-repository.ts';
import type { ImportRunDeps } from './import.ts';
import { exportFiles } from './import-files.ts';
import { dynamoListeningImports } from './import-repository.ts';
import { dynamoPlays } from './play-repository.ts';
import { dynamoConnections } from './spotify/connection-repository.ts';

/** Running imports of Spotify exports in a Lambda (the consumer: no queue client). */
export const listeningImporting: ImportRunDeps = {
  imports: dynamoListeningImports,
  files: exportFiles,
  plays: dynamoPlays,
  connections: dynamoConnections,
  profiles: dynamoProfiles,
  events: busPublisher,
  now: () => new Date(),
};

