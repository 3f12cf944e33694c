import { randomUUID } from 'node:crypto';
import type { ImportJobRepository, StalledImport } from './job-repository.ts';
import type { ImportDelivery, ImportJobBase } from './job.ts';

/** A run's hold on a job, once claimed. */
export interface ImportHold {
  runId: string;
  /** Runs since the import last made progress, this one included. */
  attempts: number;
}

/**
 * Claims a queued or running job for a new run (see {@link ImportJobRepository.claim}):
 * `step` is the job's checkpoint step, so attempts count only the runs since it last moved.
 * Undefined when another run holds it or it has ended.
 */
export async function claimImport<J extends ImportJobBase>(
  repo: ImportJobRepository<J>,
  job: J,
  step: number,
  delivery: ImportDelivery,
  now: Date,
  stallMs: number,
): Promise<ImportHold | undefined> {
  if (job.status !== 'queued' && job.status !== 'processing') return undefined;
  const attempts = step > (job.claimStep ?? 0) ? 1 : (job.attempts ?? 0) + 1;
  const runId = randomUUID();
  const claim = { runId, eventId: delivery.eventId, resumeToken: delivery.resumeToken, now, attempts, claimStep: step, staleBefore: new Date(now.getTime() - stallMs) };
  return (await repo.claim(job.userId, job.id, claim)) ? { runId, attempts } : undefined;
}

/**
 * The sweeper: every active job of a kind silent for longer than `stallMs` is handed to a new
 * message (`resume` sends it) carrying a resume token, which lets it take the job over.
 */
export async function resumeStalled<J extends ImportJobBase>(
  repo: ImportJobRepository<J>,
  resume: (job: StalledImport, token: string) => Promise<void>,
  options: { now: Date; stallMs: number; limit?: number },
): Promise<{ stalled: number; resumed: number }> {
  const stalled = await repo.stalled(new Date(options.now.getTime() - options.stallMs), options.limit ?? 100);
  let resumed = 0;
  for (const job of stalled) {
    const token = randomUUID();
    if (!(await repo.handOver(job.userId, job.id, job.heartbeatAt, token, options.now))) continue;
    await resume(job, token);
    resumed++;
  }
  return { stalled: stalled.length, resumed };
}
