import { FileError } from '../../files/errors.ts';

/**
 * Whole-file problems of an import: the file cannot be read at all, so no row of it is imported.
 * Each has a stable `code` (stored as the import job's `error.code`), a message a user can act
 * on, and `details` for machines. Row-level problems are not errors: they are rejections. The
 * ZIP reader's errors (`ZipError`, in shared/files) are whole-file problems of the same kind.
 */
export class ImportFileError extends FileError {
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(status, code, message, details);
  }
}

/** The bytes are not valid UTF-8 (Latin-1, Windows-1252 and UTF-16 files end up here). */
export class NotUtf8Error extends ImportFileError {
  readonly byteOffset: number;
  constructor(byteOffset: number, encodingHint?: string) {
    const found = encodingHint ? ` It looks like ${encodingHint}.` : '';
    super(
      422,
      'not_utf8',
      `The file is not UTF-8 text: byte ${byteOffset} does not belong to a UTF-8 character.${found} ` +
        'Re-save it as UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)"; in LibreOffice: character set "Unicode (UTF-8)") and import it again.',
      { byteOffset },
    );
    this.byteOffset = byteOffset;
  }
}

/** The file is larger than the byte cap. */
export class ImportTooLargeError extends ImportFileError {
  readonly limitBytes: number;
  constructor(limitBytes: number) {
    super(413, 'import_too_large', `The file is larger than ${formatBytes(limitBytes)}; split it and import the parts.`, {
      limitBytes,
    });
    this.limitBytes = limitBytes;
  }
}

/** The file has more records than the row cap. */
export class TooManyRowsError extends ImportFileError {
  readonly limitRows: number;
  constructor(limitRows: number) {
    super(422, 'too_many_rows', `The file has more than ${limitRows} rows; split it and import the parts.`, { limitRows });
    this.limitRows = limitRows;
  }
}

/** One field is longer than the field cap (often the sign of a quote that is never closed). */
export class FieldTooLongError extends ImportFileError {
  readonly row: number;
  readonly column: number;
  constructor(row: number, column: number, limitChars: number) {
    super(
      422,
      'field_too_long',
      `Row ${row}, column ${column} is longer than ${limitChars} characters (a quote that is never closed makes a field swallow the rows after it).`,
      { row, column, limitChars },
    );
    this.row = row;
    this.column = column;
  }
}

/** The CSV cannot be split into records (a quoted field that never ends). */
export class MalformedCsvError extends ImportFileError {
  readonly row: number;
  constructor(row: number, message: string) {
    super(422, 'malformed_csv', `Row ${row}: ${message}`, { row });
    this.row = row;
  }
}

/** The header row of a Mosaic CSV is wrong: missing, unknown or repeated columns. */
export class CsvHeaderError extends ImportFileError {
  readonly missing: string[];
  readonly unknown: string[];
  readonly repeated: string[];
  constructor(message: string, problems: { missing?: string[]; unknown?: string[]; repeated?: string[] }) {
    const missing = problems.missing ?? [];
    const unknown = problems.unknown ?? [];
    const repeated = problems.repeated ?? [];
    super(422, 'bad_header', message, { missing, unknown, repeated });
    this.missing = missing;
    this.unknown = unknown;
    this.repeated = repeated;
  }
}

/** A Mosaic JSON document that does not parse or does not match the format. */
export class InvalidDocumentError extends ImportFileError {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(422, 'invalid_document', `The file is not a valid Mosaic export: ${issues.slice(0, 3).join('; ')}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''}.`, {
      issues,
    });
    this.issues = issues;
  }
}

/** A ZIP that is not a Loop Habit Tracker CSV export. */
export class NotLoopExportError extends ImportFileError {
  constructor(message: string) {
    super(422, 'not_loop_export', `${message} In Loop Habit Tracker use Settings → Export as CSV and upload the ZIP it makes.`);
  }
}

function formatBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}
