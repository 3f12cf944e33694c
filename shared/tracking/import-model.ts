import { z } from 'zod';

export const ImportFormat = z.enum(['csv', 'json', 'loop']);
export type ImportFormat = z.infer<typeof ImportFormat>;

export type ImportStatus = 'awaiting_upload' | 'queued' | 'processing' | 'completed' | 'failed';

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
}

/** An import of one file, from upload to summary. */
export interface ImportJob {
  id: string;
  userId: string;
  format: ImportFormat;
  fileName: string;
  /** Object key in the imports bucket. */
  objectKey: string;
  status: ImportStatus;
  /** Rows read so far (progress while processing). */
  rowsRead: number;
  summary: ImportSummary | null;
  /** Why a failed import failed (a whole-file problem: header, encoding, size). */
  error: { code: string; message: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** Rejections kept in a summary; the rest are counted. */
export const MAX_LISTED_REJECTIONS = 500;
