import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { api } from '../../../api/api.ts';
import type { ImportJobView } from '../../../api/types.ts';
import { trackingKeys } from '../queries.ts';
import { isRunning } from './import-format.ts';

/** How often a running import is read, and for how long at most (the live channel pushes progress in between). */
const POLL_MS = 1000;
const POLL_FOR_MS = 10 * 60_000;

/** One import, read every second while it runs (for ten minutes at most). */
export const importJob = (id: string) =>
  queryOptions({
    queryKey: trackingKeys.importJob(id),
    queryFn: ({ signal }) => api.imports.get(id, signal),
    refetchInterval: (query) => {
      const job = query.state.data;
      return isRunning(job) && Date.now() - Date.parse(job!.createdAt) < POLL_FOR_MS ? POLL_MS : false;
    },
  });

/**
 * The import a form started: `send` creates it (with `start`, which sends the file), `job` follows it,
 * and `onFinished` runs once when it ends (completed or failed). `follow` shows another job (a retry),
 * `clear` none.
 */
export function useImportRun<A>(start: (args: A) => Promise<ImportJobView>, onFinished: (job: ImportJobView) => void) {
  const client = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useQuery({ ...importJob(jobId ?? ''), enabled: jobId !== null });
  const announced = useRef<string | null>(null);
  const follow = (started: ImportJobView) => {
    client.setQueryData(trackingKeys.importJob(started.id), started);
    announced.current = null;
    setJobId(started.id);
  };
  const send = useMutation({ mutationFn: start, onSuccess: follow });

  const finished = useEffectEvent(onFinished);
  useEffect(() => {
    const done = job.data;
    if (!done || isRunning(done) || announced.current === done.id) return;
    announced.current = done.id;
    finished(done);
  }, [job.data]);

  return { job, send, follow, clear: () => setJobId(null) };
}
