import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/api.ts';

export const deviceKeys = {
  all: ['devices'] as const,
  sources: () => ['devices', 'sources'] as const,
  rules: () => ['devices', 'rules'] as const,
  preview: (ruleId: string) => ['devices', 'rules', 'preview', ruleId] as const,
  /** The last `import.progress` pushed for an import (set by the live channel, never fetched). */
  progress: (importId: string) => ['devices', 'import-progress', importId] as const,
};

/** What `import.progress` says of a running import (docs/events.md). */
export interface ImportProgress {
  phase: 'checking' | 'writing';
  rowsRead: number;
  rowsApplied: number;
  total?: number;
}

export const deviceQueries = {
  sources: () => queryOptions({ queryKey: deviceKeys.sources(), queryFn: ({ signal }) => api.wearables.sources(signal) }),
  rules: () => queryOptions({ queryKey: deviceKeys.rules(), queryFn: ({ signal }) => api.wearables.rules(signal) }),
  preview: (ruleId: string) => queryOptions({ queryKey: deviceKeys.preview(ruleId), queryFn: ({ signal }) => api.wearables.preview(ruleId, signal) }),
  progress: (importId: string) =>
    queryOptions<ImportProgress | null>({
      queryKey: deviceKeys.progress(importId),
      // Only the live channel fills it; without a connection the job's own counts are shown.
      queryFn: () => null,
      staleTime: Infinity,
    }),
};
