import * as z from 'zod/mini';
import { trimmedText } from '../kit/schemas.ts';

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
  /** Things the user should know that stopped nothing (e.g. Loop notes on days without an entry). */
  warnings: Array<{ file?: string; row: number; message: string }>;
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
