import * as z from 'zod/mini';
import type { ImportJobBase } from '../imports/job.ts';
import { trimmedText } from '../kit/schemas.ts';
import type { FileCounts, FileSummary, ReadCheckpoint } from './export-reader.ts';

/** Counts of an import so far: what the reader read, and what the play store made of it. */
export interface ImportProgress extends Omit<FileCounts, 'examples'> {
  /** Plays stored for the first time. */
  added: number;
  /** Plays another source (the collector, the other export format) had stored: provenance merged. */
  merged: number;
  /** Plays this source had stored already (a re-import, a row repeated, overlapping files). */
  duplicates: number;
}

/** Where a resumed run goes on: the reader's checkpoint and the counts up to it. */
export interface ListeningImportCheckpoint {
  read?: ReadCheckpoint;
  /** Counts of the files finished before `read.file` (all of them, listed or not). */
  done: FileCounts;
  added: number;
  merged: number;
  duplicates: number;
  /** Bumped by every save that moved forward: a run that saved nothing made no progress. */
  step: number;
}

/** An import of a Spotify privacy export (a ZIP, or one history file), from upload to summary. */
export interface ListeningImportJob extends ImportJobBase {
  progress: ImportProgress;
  /** Summaries of the files read so far, in the archive's order (the first {@link MAX_LISTED_FILES}). */
  files: FileSummary[];
  checkpoint?: ListeningImportCheckpoint;
  /** When the first run began (plays/s is over the whole import). */
  startedAt?: string;
  finishedAt?: string;
}

/** File summaries a job lists (an export has a few dozen files; the counts cover them all). */
export const MAX_LISTED_FILES = 100;

/** `POST /v1/listening/imports`: announce the export to upload. */
export const CreateListeningImportBody = z.object({
  /** The file's name (`my_spotify_data.zip`, or one `.json` history file). */
  fileName: z._default(trimmedText(200, 1), 'my_spotify_data.zip'),
  /** Its size in bytes: the upload form accepts no more. */
  size: z.number().check(z.int(), z.gte(1)),
});
export type CreateListeningImportBody = z.infer<typeof CreateListeningImportBody>;

export const ListeningImportParams = z.object({ id: z.string().check(z.regex(/^[0-9a-z]{10,40}$/, 'must be an import id')) });
export type ListeningImportParams = z.infer<typeof ListeningImportParams>;

/** The job queue message that starts (or, with `resume`, takes over) a run. */
export const ListeningImportMessage = z.object({
  job: z.literal('listening-import'),
  userId: z.string(),
  importId: z.string(),
  resume: z.optional(z.string()),
});
export type ListeningImportMessage = z.infer<typeof ListeningImportMessage>;
