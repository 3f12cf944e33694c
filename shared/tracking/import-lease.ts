import { randomUUID } from 'node:crypto';
import { domainEvent, type EventPublisher } from '../events/domain-events.ts';
import { FileError } from '../files/errors.ts';
import { IMPORT_FAILED } from '../imports/job.ts';
import { resumeStalled } from '../imports/lease.ts';
import {
  IMPORT_STALL_MS,
  MAX_IMPORT_ATTEMPTS,
  importRequested,
  type ImportCheckpoint,
  type ImportJob,
} from './import-model.ts';
import type { ImportChanges, ImportRepository } from './import-repository.ts';
import { jobView, type ImportJobView } from './imports.ts';

/**
 * The run of one import job whatever its format: the lease (one run at a time), checkpoints with
 * heartbeats, progress events, attempts and the final failure. What a run *does* (read a CSV
 * into entries, an Apple Health export into wearable records) is handed in by the caller, so
 * each format's consumer bundles only its own work (import-run.ts, wearables/health-import.ts).
 *
 * - A run holds the job by a lease (`runId`): it claims the job, and every save is conditional on
 *   still holding it; a run that lost it stops. A claim succeeds when nobody holds the job, when
 *   its holder has been silent for the stall time, when the message is a redelivery of the one
 *   the holder started from (SQS shows it again only once that invocation has ended: the queue's
 *   visibility timeout is longer than the function's timeout), or when the message carries the
 *   resume token the sweeper ({@link resumeStalledImports}) handed out.
 * - An import always ends `completed` or `failed` with a reason: a whole-file problem (a
 *   {@link FileError}) fails it at once; any other failure is retried, and after
 *   {@link MAX_IMPORT_ATTEMPTS} attempts without progress it fails, naming the last error.
 */

/** What every run needs: the job store, the bus (progress) and a clock. */
export interface LeaseDeps {
  imports: ImportRepository;
  events: EventPublisher;
  now: () => Date;
}

/** The message a run starts from. */
export interface ImportDelivery {
  /** The bus event's id: the same for every delivery of one message. */
  eventId: string;
  /** The sweeper's resume token, when the message is a resume. */
  resumeToken?: string;
}

export interface ImportRunOptions {
  /** Silence after which a run counts as stopped (default {@link IMPORT_STALL_MS}). */
  stallMs?: number;
}

/** Another run holds the job now: this one stops without touching it further. */
export class HoldLostError extends Error {
  constructor() {
    super('Another run holds this import now.');
  }
}

/** A short account of an error for the job's `lastError` and a final failure's message. */
function describe(doing: string, error: unknown): string {
  const e = error instanceof Error ? error : new Error(String(error));
  return `${doing}: ${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`.slice(0, 500);
}

/** Least time between two `import.progress` events of one run (a big file checkpoints often). */
export const PROGRESS_EVERY_MS = 2_000;

/** One run of one import, from its claim to its end: what the format's work saves through. */
export class ImportRun {
  readonly job: ImportJob;
  private readonly deps: LeaseDeps;
  private readonly runId: string;
  private readonly heartbeatMs: number;
  private checkpoint: ImportCheckpoint;
  private lastSave = 0;
  private lastProgress = 0;
  private lastPhase: string | undefined;
  /** What the run is doing (for the reason of a failure). */
  doing = 'starting';

  constructor(deps: LeaseDeps, job: ImportJob, runId: string, heartbeatMs: number) {
    this.deps = deps;
    this.job = job;
    this.runId = runId;
    this.heartbeatMs = heartbeatMs;
    this.checkpoint = job.checkpoint ?? {
      rowsApplied: 0,
      phase: 'entries',
      imported: 0,
      updated: 0,
      unchanged: 0,
      writeRejected: 0,
      writeRejections: [],
      digest: '',
      stamp: deps.now().toISOString(),
      step: 0,
    };
  }

  get state(): ImportCheckpoint {
    return this.checkpoint;
  }

  /**
   * Saves the checkpoint (with `changes`) and a heartbeat, as long as this run holds the job.
   * `progressed`: the checkpoint moved forward (counts towards "progress" for the attempts).
   */
  async save(next: Partial<ImportCheckpoint> = {}, changes: ImportChanges = {}, progressed = false): Promise<void> {
    const checkpoint = { ...this.checkpoint, ...next, step: this.checkpoint.step + (progressed ? 1 : 0) };
    const now = this.deps.now();
    const ok = await this.deps.imports.save(this.job.userId, this.job.id, this.runId, {
      ...changes,
      checkpoint,
      heartbeatAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    if (!ok) throw new HoldLostError();
    this.checkpoint = checkpoint;
    this.lastSave = now.getTime();
  }

  /** A sign of life during long steps (at most every few seconds). */
  async heartbeat(): Promise<void> {
    if (this.deps.now().getTime() - this.lastSave >= this.heartbeatMs) await this.save();
  }

  /**
   * Tells the user's open tabs how far the run got (`import.progress`, a client event): the first
   * of each phase, then at most every {@link PROGRESS_EVERY_MS}; a lost one is made up by the
   * next, or by `import.completed`.
   */
  async progress(detail: { phase: 'checking' | 'writing'; rowsRead: number; rowsApplied: number; total?: number }): Promise<void> {
    const now = this.deps.now().getTime();
    if (detail.phase === this.lastPhase && now - this.lastProgress < PROGRESS_EVERY_MS) return;
    this.lastProgress = now;
    this.lastPhase = detail.phase;
    await this.deps.events.publish([domainEvent('import.progress', this.job.userId, { importId: this.job.id, format: this.job.format, ...detail })]);
  }

  /** Ends the job as completed with `changes` (its summary); false when the run lost the job. */
  async complete(changes: ImportChanges): Promise<boolean> {
    return this.deps.imports.finish(this.job.userId, this.job.id, this.runId, { ...changes, status: 'completed', updatedAt: this.deps.now().toISOString() });
  }

  async fail(error: { code: string; message: string }): Promise<ImportJobView | undefined> {
    const now = this.deps.now().toISOString();
    const changes = { status: 'failed' as const, error, updatedAt: now };
    if (!(await this.deps.imports.finish(this.job.userId, this.job.id, this.runId, changes))) return undefined;
    return jobView({ ...this.job, ...changes });
  }
}

/**
 * One message's work on one import: claims the job, runs `execute` from the job's checkpoint and
 * ends it (what `execute` returns), or fails it — at once for a whole-file problem, after its
 * attempts for anything else (thrown meanwhile, so the queue delivers the message again). A
 * message for a job another run holds, or that has ended, changes nothing.
 */
export async function runImportJob(
  deps: LeaseDeps,
  userId: string,
  id: string,
  delivery: ImportDelivery,
  options: ImportRunOptions,
  execute: (run: ImportRun) => Promise<ImportJobView | undefined>,
): Promise<ImportJobView | undefined> {
  const stallMs = options.stallMs ?? IMPORT_STALL_MS;
  const job = await deps.imports.get(userId, id);
  if (!job || (job.status !== 'queued' && job.status !== 'processing')) return job && jobView(job);
  const now = deps.now();
  const step = job.checkpoint?.step ?? 0;
  // Attempts count the runs since the import last made progress.
  const attempts = step > (job.claimStep ?? 0) ? 1 : (job.attempts ?? 0) + 1;
  const runId = randomUUID();
  const claim = { runId, eventId: delivery.eventId, resumeToken: delivery.resumeToken, now, attempts, claimStep: step };
  if (!(await deps.imports.claim(userId, id, { ...claim, staleBefore: new Date(now.getTime() - stallMs) }))) return undefined;
  const run = new ImportRun(deps, { ...job, attempts }, runId, Math.min(5_000, stallMs / 4));
  if (attempts > MAX_IMPORT_ATTEMPTS) {
    const last = job.lastError ? ` The last time: ${job.lastError}.` : '';
    return run.fail({ code: IMPORT_FAILED, message: `The import stopped ${attempts - 1} times without getting further.${last} Retry it, or start a new import.` });
  }
  try {
    return await execute(run);
  } catch (error) {
    if (error instanceof HoldLostError) return undefined;
    if (error instanceof FileError) return run.fail({ code: error.code, message: error.message });
    const reason = describe(run.doing, error);
    if (attempts >= MAX_IMPORT_ATTEMPTS) {
      return run.fail({ code: IMPORT_FAILED, message: `The import failed ${attempts} times; the last time while ${reason}. Retry it, or start a new import.` });
    }
    await run.save({}, { lastError: reason }).catch(() => undefined);
    throw error; // the queue delivers the message again
  }
}

/**
 * The sweeper: every active import silent for longer than the stall time (its run crashed, or
 * the message that should start or resume it was lost) is handed to a new message carrying a
 * resume token — the message of its format's consumer — which resumes it from its checkpoint. A
 * job that keeps stopping without progress fails on the attempt after its last (see
 * {@link runImportJob}), so none stays active forever.
 */
export async function resumeStalledImports(
  deps: Pick<LeaseDeps, 'imports' | 'events' | 'now'>,
  options: ImportRunOptions & { limit?: number } = {},
): Promise<{ stalled: number; resumed: number }> {
  return resumeStalled(
    deps.imports,
    async (stalled, token) => {
      // The job's format says which consumer resumes it (an extra read, for the few stalled jobs).
      const job = await deps.imports.get(stalled.userId, stalled.id);
      await deps.events.publish([importRequested(job?.format ?? 'csv', stalled.userId, { importId: stalled.id, resume: token })]);
    },
    { now: deps.now(), stallMs: options.stallMs ?? IMPORT_STALL_MS, limit: options.limit },
  );
}
