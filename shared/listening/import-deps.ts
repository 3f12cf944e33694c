import { dynamoProfiles } from '../users/profile-repository.ts';
import type { ListeningImportDeps } from './import.ts';
import { exportFiles } from './import-files.ts';
import { enqueueImport } from './import-queue.ts';
import { dynamoListeningImports } from './import-repository.ts';
import { dynamoPlays } from './play-repository.ts';
import { dynamoConnections } from './spotify/connection-repository.ts';

/** Starting, running and resuming imports of Spotify exports in a Lambda. */
export const listeningImporting: ListeningImportDeps = {
  imports: dynamoListeningImports,
  files: exportFiles,
  plays: dynamoPlays,
  connections: dynamoConnections,
  profiles: dynamoProfiles,
  enqueue: enqueueImport,
  now: () => new Date(),
};

