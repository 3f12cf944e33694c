/** The incidents area's wiring for handlers that read: table-backed repositories and clocks (no bus). */
import { newId, newTimeOrderedId } from '../kit/ids.ts';
import { dynamoCorrelation, dynamoIncidentReader } from './incident-repository.ts';
import type { ViewDeps } from './incident-views.ts';
import { dynamoProjects } from './project-repository.ts';
import type { ProjectDeps } from './projects.ts';

export const projectDeps: ProjectDeps = { projects: dynamoProjects, newId, now: () => new Date() };

/** For routes that only read: publishing is not theirs (their bundles carry no bus client). */
export const readDeps: ViewDeps = {
  projects: dynamoProjects,
  reader: dynamoIncidentReader,
  store: dynamoCorrelation,
  bus: { publish: () => Promise.reject(new Error('This route publishes nothing')) },
  newId: newTimeOrderedId,
  now: () => new Date(),
};
