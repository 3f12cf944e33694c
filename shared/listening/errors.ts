import { FileError } from '../files/errors.ts';
import { MAX_EXPORT_BYTES, MAX_EXPORT_RECORDS } from './limits.ts';

/**
 * Whole-import problems of a Spotify export: nothing a retry fixes, so the job fails with this
 * `code` and message. Problems of one file (not a history file, broken JSON) are not errors but
 * that file's summary; problems of one record are rejections. The ZIP reader's `ZipError`s
 * (damaged archive, zip bomb) are whole-import problems of the same kind.
 */
export class ListeningImportError extends FileError {}

/** The archive (or single file) is larger than the cap. */
export class ExportTooLargeError extends ListeningImportError {
  constructor(limitBytes = MAX_EXPORT_BYTES, size?: number) {
    super(413, 'export_too_large', `The export is larger than ${formatMiB(limitBytes)}${size === undefined ? '' : ` (${formatMiB(size)})`}; Mosaic reads Spotify exports up to that size.`, {
      limitBytes,
      ...(size === undefined ? {} : { size }),
    });
  }
}

/** The export holds more records than the cap (counted over all its files, rejected rows included). */
export class TooManyRecordsError extends ListeningImportError {
  constructor(limitRecords = MAX_EXPORT_RECORDS) {
    super(422, 'too_many_records', `The export holds more than ${limitRecords.toLocaleString('en-US')} records; Mosaic reads at most that many from one export. Import its files in parts.`, {
      limitRecords,
    });
  }
}

/** A checkpoint taken on another archive (its listing differs): resuming from it would skip the wrong records. */
export class CheckpointMismatchError extends Error {
  constructor() {
    super('The checkpoint belongs to another archive: its files differ from this one.');
    this.name = 'CheckpointMismatchError';
  }
}

function formatMiB(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}
