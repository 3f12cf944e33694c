import { pipeline } from 'node:stream/promises';
import { CsvError, parse, type Info } from 'csv-parse';
import { FieldTooLongError, ImportTooLargeError, MalformedCsvError, TooManyRowsError } from './errors.ts';
import { MAX_FIELD_CHARS, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from './limits.ts';
import { Utf8StreamDecoder } from './utf8.ts';

/** What a CSV source may be: a stream (Node `Readable`, an S3 body) or any iterable of chunks. */
export type ChunkSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/** One CSV record. `row` is its 1-based record number in the file (the header is row 1). */
export interface CsvRecord {
  row: number;
  fields: string[];
}

/** Caps of one read; each defaults to the import cap of the same name. */
export interface CsvReadOptions {
  /** Most bytes read (strings count as their UTF-8 length). */
  maxBytes?: number;
  /** Most records (the header included; blank lines count, as they hold a row number). */
  maxRows?: number;
  /** Longest field, in UTF-16 code units. */
  maxFieldChars?: number;
}

/**
 * csv-parse's own cap is on a whole record, in bytes, and only guards memory (a quote never
 * closed swallows the rest of the file): room for this many fields of the largest size, each at
 * most 3 UTF-8 bytes per UTF-16 code unit. The cap of each field is checked exactly on each record.
 */
const FIELDS_PER_RECORD_BOUND = 64;

/**
 * Reads RFC 4180 CSV from a stream of chunks, one record at a time, with csv-parse's streaming
 * parser: it holds a few records at most, never the file.
 *
 * - Bytes must be UTF-8 (checked on the way in by a fatal, streaming `TextDecoder`, so a
 *   character split across two chunks is fine); anything else throws {@link NotUtf8Error} with
 *   the byte offset. A leading byte-order mark is removed. String chunks are taken as text.
 * - Records end with CRLF, LF or a lone CR; the last one may have no line end.
 * - A field that starts with `"` is quoted: it may hold commas, line breaks and `""` (one quote).
 *   Leniencies, as spreadsheets produce them: a `"` inside an unquoted field is kept as is, and
 *   so is a quoted field followed by more text (`"ab"cd` reads as `"ab"cd`). A quoted field still
 *   open at the end of the file throws {@link MalformedCsvError}.
 * - Blank lines are skipped (their row number is still counted, so numbers match a spreadsheet).
 * - Caps throw {@link ImportTooLargeError}, {@link TooManyRowsError}, {@link FieldTooLongError}.
 */
export async function* readCsv(source: ChunkSource, options: CsvReadOptions = {}): AsyncGenerator<CsvRecord> {
  const maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES;
  const maxRows = options.maxRows ?? MAX_IMPORT_ROWS;
  const maxField = options.maxFieldChars ?? MAX_FIELD_CHARS;
  const parser = parse({
    bom: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    max_record_size: 3 * maxField * FIELDS_PER_RECORD_BOUND,
  });
  // Errors of the source (encoding, size) reach the loop below through the parser, which they destroy.
  const feeding = pipeline(checkedBytes(source, maxBytes), parser).catch(() => undefined);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      const row = info.records + info.empty_lines;
      if (row > maxRows) throw new TooManyRowsError(maxRows);
      const long = record.findIndex((field) => field.length > maxField);
      if (long >= 0) throw new FieldTooLongError(row, long + 1, maxField);
      // A record of one empty field (`""` alone on a line) is as blank as a blank line.
      if (record.length === 1 && record[0] === '') continue;
      yield { row, fields: record };
    }
  } catch (error) {
    throw fromCsvParse(error, maxField);
  } finally {
    parser.destroy();
    await feeding;
  }
}

/** The source's chunks as bytes, counted against the byte cap and checked to be UTF-8. */
async function* checkedBytes(source: ChunkSource, maxBytes: number): AsyncGenerator<Buffer> {
  const decoder = new Utf8StreamDecoder();
  let bytes = 0;
  for await (const chunk of source) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    bytes += buffer.length;
    if (bytes > maxBytes) throw new ImportTooLargeError(maxBytes);
    // Decoding only validates (the parser decodes fields itself); a string must not cut a character short.
    if (typeof chunk === 'string') decoder.end();
    else decoder.decode(chunk);
    if (buffer.length > 0) yield buffer;
  }
  decoder.end();
}

/** csv-parse's errors, as the import errors they mean (row numbers counted as the reader counts them). */
function fromCsvParse(error: unknown, maxField: number): unknown {
  if (!(error instanceof CsvError)) return error;
  const row = Number(error.records) + Number(error.empty_lines) + 1;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return new MalformedCsvError(row, 'a quoted field is never closed (a " is missing).');
  if (error.code === 'CSV_MAX_RECORD_SIZE') return new FieldTooLongError(row, Number(error.column) + 1, maxField);
  return new MalformedCsvError(row, error.message);
}

/**
 * Characters that make a spreadsheet read a cell as a formula (CSV injection, OWASP): `=`, `+`,
 * `-`, `@`, tab and carriage return.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
/** A plain number (`-3.5`, `+2`, `1e-7`): safe to leave alone, and must stay a number. */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Neutralises a field a spreadsheet would run as a formula, by putting an apostrophe before it:
 * `=HYPERLINK(…)` is written `'=HYPERLINK(…)`, which spreadsheets show as text. Plain numbers
 * (`-3.5`) are left alone. Text that already starts with apostrophes before such a character gets
 * one more, so that {@link unprotectCsvField} gives back exactly the original.
 */
export function protectCsvField(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** Undoes {@link protectCsvField}: one apostrophe is dropped before a formula character. */
export function unprotectCsvField(value: string): string {
  return /^'+[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/**
 * One CSV record, ending in CRLF. Each field is protected against formula injection
 * ({@link protectCsvField}), then quoted only when it must be (it holds a comma, a quote, a
 * line break, or starts or ends with a space, which some readers trim). null and undefined
 * are empty fields; numbers are written in JavaScript's shortest exact form.
 */
export function csvLine(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = protectCsvField(typeof value === 'number' ? String(value) : value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
