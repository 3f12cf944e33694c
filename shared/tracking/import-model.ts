import * as z from 'zod/mini';
import { IMPORT_STALL_MS, type ImportJobBase } from '../imports/job.ts';
import { domainEvent } from '../events/domain-events.ts';
import type { DomainEvent } from '../events/catalog.ts';
import { trimmedText } from '../kit/schemas.ts';
import { MAX_HEALTH_EXPORT_BYTES, MAX_IMPORT_BYTES } from './transfer/limits.ts';

/** Mosaic CSV or JSON, a Loop Habit Tracker ZIP (entries); the Health app's `export.zip` (wearable records). */
export const ImportFormat = z.enum(['csv', 'json', 'loop', 'apple_health']);
export type ImportFormat = z.infer<typeof ImportFormat>;

export { IMPORT_STALL_MS, MAX_IMPORT_ATTEMPTS, type ImportStatus } from '../imports/job.ts';

export { MAX_HEALTH_EXPORT_BYTES };

/** The largest file of a format (the upload form's and the start check's cap). */
export function maxImportBytes(format: ImportFormat): number {
  return format === 'apple_health' ? MAX_HEALTH_EXPORT_BYTES : MAX_IMPORT_BYTES;
}

/**
 * The message that starts (or resumes) an import, for its format's consumer: tracking files go
 * to `imports`, Apple Health exports to `health-imports` (so neither bundle carries the other).
 */
export function importRequested(format: ImportFormat, userId: string, detail: { importId: string; resume?: string }): DomainEvent {
  return format === 'apple_health' ? domainEvent('health-import.requested', userId, detail) : domainEvent('import.requested', userId, detail);
}


/** One rejected row (or file, for a whole-file problem), with its reason. */
export interface Rejection {
  file?: string;
  row: number;
  reason: string;
}

export interface ImportSummary {
  /** Entries that did not exist before. */
  imported: number;
  /** Entries that existed and changed. */
  updated: number;
  /** Entries that existed with the same value, note and status. */
  unchanged: number;
  rejected: number;
  /** Activities the import created. */
  activitiesCreated: number;
  /** The first rejections (all of them counted in `rejected`). */
  rejections: Rejection[];
  /** Things the user should know that stopped nothing (e.g. Loop notes on days without an entry). */
  warnings: Array<{ file?: string; row: number; message: string }>;
}

/**
 * How far a running import has got, saved on the job item as it advances, so that a run that
 * stops (a crash, a timeout, a lost message) is resumed from here instead of from the start.
 */
export interface ImportCheckpoint {
  /** Incoming entries, in file order, applied so far (written, or found unchanged): a resumed run skips them. */
  rowsApplied: number;
  /** `entries` while writing entries; `derived` once all are written (roll-ups, stats, goals next). */
  phase: 'entries' | 'derived';
  /** Counts over the applied entries. */
  imported: number;
  updated: number;
  unchanged: number;
  /** Entries the table refused when they were written, each rejected with its row. */
  writeRejected: number;
  writeRejections: Rejection[];
  /** SHA-256 of the file: a resumed run must read the same bytes. */
  digest: string;
  /**
   * Time stamp (createdAt/updatedAt) of every entry this import writes, fixed by its first run:
   * a resumed run recognises its own earlier writes among the stored entries.
   */
  stamp: string;
  /** Bumped by every save: a run that saved nothing made no progress. */
  step: number;
  /**
   * Rows (records) the file holds, counted by a first pass that writes nothing (Apple Health
   * exports): set once the whole file was found sound, so a resumed run goes straight to writing.
   */
  total?: number;
}

/** An import of one file, from upload to summary. */
export interface ImportJob extends ImportJobBase {
  format: ImportFormat;
  /** Rows read so far (progress while processing). */
  rowsRead: number;
  summary: ImportSummary | null;
  checkpoint?: ImportCheckpoint;
  /** Loop exports: import the habits without check-marks too (asked for at creation). */
  allHabits?: boolean;
}

/**
 * The pending marks an import's entries carry come due this long after their write: past a run
 * (15 minutes at most) and the stall before a stopped run is resumed, so the sweeper leaves them
 * to the import, which settles them once its own rebuild has applied them. An import that never
 * gets there (it failed) leaves them to the sweeper and the roll-ups consumer.
 */
export const IMPORT_MARK_DELAY_MS = IMPORT_STALL_MS + 15 * 60_000;

/** Rejections (and warnings) kept in a summary; the rest are counted. */
export const MAX_LISTED_REJECTIONS = 500;

export { MAX_INLINE_IMPORT_BYTES } from './transfer/limits.ts';

/** `POST /v1/imports`: either announce a file to upload (`size`), or send a small one inline (`content`). */
export const CreateImportBody = z
  .object({
    format: ImportFormat,
    fileName: z.optional(trimmedText(200, 1)),
    size: z.optional(z.number().check(z.int(), z.gte(1))),
    content: z.optional(z.string().check(z.minLength(1))),
    /** `base64` for binary content (Loop ZIPs); `utf8` text otherwise. */
    encoding: z._default(z.enum(['utf8', 'base64']), 'utf8'),
    /** Loop exports: also create the habits without a check-mark in the export (default: left out). */
    allHabits: z.optional(z.boolean()),
  })
  .check(
    z.refine((b) => (b.size === undefined) !== (b.content === undefined), {
      message: 'give either size (then upload to the returned URL) or content, not both',
      path: ['size'],
    }),
  );
export type CreateImportBody = z.infer<typeof CreateImportBody>;

export const ImportParams = z.object({ id: z.string().check(z.regex(/^[0-9a-z]{10,40}$/, 'must be an import id')) });
export type ImportParams = z.infer<typeof ImportParams>;

export const ExportBody = z.object({ format: z.enum(['csv', 'json']) });
export type ExportBody = z.infer<typeof ExportBody>;
