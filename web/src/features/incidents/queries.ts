import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../api/api.ts';

export const incidentKeys = {
  all: ['incidents'] as const,
  projects: () => ['incidents', 'projects'] as const,
  project: (id: string) => ['incidents', 'project', id] as const,
  members: (id: string) => ['incidents', 'project', id, 'members'] as const,
  hooks: (id: string) => ['incidents', 'project', id, 'hooks'] as const,
  outgoing: (id: string) => ['incidents', 'project', id, 'outgoing'] as const,
  connections: (id: string) => ['incidents', 'project', id, 'connections'] as const,
  list: (id: string, state: string, severity: string) => ['incidents', 'project', id, 'list', state, severity] as const,
  incident: (id: string, incidentId: string) => ['incidents', 'project', id, 'incident', incidentId] as const,
  timeline: (id: string, incidentId: string) => ['incidents', 'project', id, 'incident', incidentId, 'timeline'] as const,
};

export const incidentQueries = {
  projects: () => ({ queryKey: incidentKeys.projects(), queryFn: ({ signal }: { signal: AbortSignal }) => api.projects.list(signal) }),
  project: (id: string) => ({ queryKey: incidentKeys.project(id), queryFn: ({ signal }: { signal: AbortSignal }) => api.projects.get(id, signal) }),
  members: (id: string) => ({ queryKey: incidentKeys.members(id), queryFn: ({ signal }: { signal: AbortSignal }) => api.projects.members(id, signal) }),
  hooks: (id: string) => ({ queryKey: incidentKeys.hooks(id), queryFn: ({ signal }: { signal: AbortSignal }) => api.projects.hooks(id, signal) }),
  connections: (id: string) => ({ queryKey: incidentKeys.connections(id), queryFn: ({ signal }: { signal: AbortSignal }) => api.projects.connections(id, signal) }),
  outgoing: (id: string) => ({ queryKey: incidentKeys.outgoing(id), queryFn: ({ signal }: { signal: AbortSignal }) => api.projects.outgoing(id, signal) }),
  list: (id: string, state: string, severity: string) => ({
    queryKey: incidentKeys.list(id, state, severity),
    queryFn: ({ signal }: { signal: AbortSignal }) => api.projects.incidents(id, { state, ...(severity ? { severity } : {}), limit: 100 }, signal),
  }),
  incident: (id: string, incidentId: string) => ({
    queryKey: incidentKeys.incident(id, incidentId),
    queryFn: ({ signal }: { signal: AbortSignal }) => api.projects.incident(id, incidentId, signal),
  }),
  timeline: (id: string, incidentId: string) => ({
    queryKey: incidentKeys.timeline(id, incidentId),
    queryFn: ({ signal }: { signal: AbortSignal }) => api.projects.timeline(id, incidentId, { limit: 100 }, signal),
  }),
};

/** After a change: everything of the area is read again. */
export const incidentsChanged = (client: QueryClient) => client.invalidateQueries({ queryKey: incidentKeys.all });
