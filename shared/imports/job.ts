/**
 * What every import job shares, whatever its area reads (tracking files, Spotify exports): a file
 * in the imports bucket, a status, and a run's hold on it (a lease) with its heartbeat, so that a
 * stopped run is resumed from its checkpoint (docs/import-export.md, "Imports that finish").
 */

export type ImportStatus = 'awaiting_upload' | 'queued' | 'processing' | 'completed' | 'failed';

/** The error code of an import that failed along the way (its attempts ran out): the failure a retry may mend (the web app offers Retry for it alone). */
export const IMPORT_FAILED = 'import_failed';

/** The fields of an import job the job repository and the run's lease work on. */
export interface ImportJobBase {
  id: string;
  userId: string;
  fileName: string;
  /** Object key in the imports bucket. */
  objectKey: string;
  /** Bytes the client said it would upload: a larger object is deleted and the import fails. */
  declaredBytes?: number;
  status: ImportStatus;
  /** Why a failed import failed (a whole-file problem, or what made its last attempt fail). */
  error: { code: string; message: string } | null;
  /** Runs begun since the import last made progress (it fails after MAX_IMPORT_ATTEMPTS). */
  attempts: number;
  /** Why the last attempt stopped, while the import is retried. */
  lastError?: string;
  /** The run that holds the job (a lease: only it may save progress). */
  runId?: string;
  /** The message (bus event id) that started that run: a redelivery of it may take over at once. */
  runEvent?: string;
  /** The token of a resume handed out by the sweeper: the message carrying it may take over. */
  resumeToken?: string;
  /** The checkpoint step when the run began. */
  claimStep?: number;
  /**
   * How far the runs got through the file, in a unit the area's reader counts (a Spotify export:
   * expanded bytes of its files, whose total the ZIP's central directory gives): the share done.
   */
  position?: ImportPosition;
  /** Last sign of life of a queued or running import; the sweeper resumes one silent for too long. */
  heartbeatAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** Attempts without progress before an import fails (SQS's maxReceiveCount for its queue is the same). */
export const MAX_IMPORT_ATTEMPTS = 3;

/**
 * An import queued or running without a sign of life for this long is resumed from its checkpoint
 * (runs save progress every few hundred rows, a second or so apart).
 */
export const IMPORT_STALL_MS = 5 * 60_000;

/** How long an upload form stays valid: the web app uploads at once; a client that waits asks again. */
export const UPLOAD_FORM_SECONDS = 5 * 60;

/** The message a run starts from. */
export interface ImportDelivery {
  /** The message's id: the same for every delivery of one message. */
  eventId: string;
  /** The sweeper's resume token, when the message is a resume. */
  resumeToken?: string;
}

/** How far an import got: `done` of `total` units (bytes, entries). */
export interface ImportPosition {
  done: number;
  total: number;
}

/**
 * The share of an import done, 0–100: 100 once completed; while it runs, its position (at most
 * 99 — the last roll-ups and the summary are still to be written when the last byte is read).
 */
export function importPercent(job: Pick<ImportJobBase, 'status' | 'position'>): number {
  if (job.status === 'completed') return 100;
  const { done = 0, total = 0 } = job.position ?? {};
  if (total <= 0) return 0;
  return Math.min(99, Math.max(0, Math.floor((done / total) * 100)));
}
