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

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

/**
 * Reads RFC 4180 CSV from a stream of chunks, one record at a time: it holds the records of one
 * chunk at most, never the file.
 *
 * - Bytes must be UTF-8 (decoded with a fatal, streaming `TextDecoder`, so a character split
 *   across two chunks is fine); anything else throws {@link NotUtf8Error} with the byte offset.
 *   A leading byte-order mark is removed. String chunks are taken as already decoded.
 * - Records end with CRLF, LF or a lone CR; the last one may have no line end.
 * - A field that starts with `"` is quoted: it may hold commas, line breaks and `""` (one quote).
 *   Leniencies, as spreadsheets produce them: a `"` inside an unquoted field is kept as is, and
 *   text after a closing quote is appended to the field. A quoted field still open at the end of
 *   the file throws {@link MalformedCsvError}.
 * - Blank lines are skipped (their row number is still counted, so numbers match a spreadsheet).
 * - Caps throw {@link ImportTooLargeError}, {@link TooManyRowsError}, {@link FieldTooLongError}.
 */
export async function* readCsv(source: ChunkSource, options: CsvReadOptions = {}): AsyncGenerator<CsvRecord> {
  const maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES;
  const maxRows = options.maxRows ?? MAX_IMPORT_ROWS;
  const maxField = options.maxFieldChars ?? MAX_FIELD_CHARS;
  const decoder = new Utf8StreamDecoder();
  let bytes = 0;
  let first = true;

  // Parser state, carried across chunks.
  let row = 1;
  let fields: string[] = [];
  let field = '';
  /** `unquoted`: reading a field that did not start with a quote (or nothing yet). */
  let state = 'start' as 'start' | 'unquoted' | 'quoted' | 'quote-in-quoted';
  let quotedFrom = 0;
  let skipLf = false;
  let out: CsvRecord[] = [];

  const append = (text: string) => {
    field += text;
    if (field.length > maxField) throw new FieldTooLongError(row, fields.length + 1, maxField);
  };
  const endField = () => {
    fields.push(field);
    field = '';
    state = 'start';
  };
  const endRecord = () => {
    endField();
    if (row > maxRows) throw new TooManyRowsError(maxRows);
    if (!(fields.length === 1 && fields[0] === '')) out.push({ row, fields });
    fields = [];
    row++;
  };

  const parse = (text: string) => {
    if (text.length === 0) return;
    let i = 0;
    if (skipLf && text.charCodeAt(0) === LF) i = 1;
    skipLf = false;
    let from = i; // start of the pending run of plain characters of the current field
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      switch (state) {
        case 'quoted':
          if (c === QUOTE) {
            append(text.slice(from, i));
            state = 'quote-in-quoted';
          }
          continue;
        case 'quote-in-quoted':
          if (c === QUOTE) {
            // `""` inside quotes: one literal quote; the run restarts at this quote.
            state = 'quoted';
            from = i;
            continue;
          }
          state = 'unquoted';
          from = i;
          break;
        case 'start':
          if (c === QUOTE) {
            state = 'quoted';
            quotedFrom = row;
            from = i + 1;
            continue;
          }
          state = 'unquoted';
          from = i;
          break;
        case 'unquoted':
          break;
      }
      // Unquoted (or after a closing quote): delimiters end things, anything else is kept.
      if (c === COMMA) {
        append(text.slice(from, i));
        endField();
        from = i + 1;
      } else if (c === LF || c === CR) {
        append(text.slice(from, i));
        endRecord();
        if (c === CR) {
          if (i + 1 < text.length) {
            if (text.charCodeAt(i + 1) === LF) i++;
          } else skipLf = true;
        }
        from = i + 1;
      }
    }
    if (state === 'quoted' || state === 'unquoted') append(text.slice(from));
  };

  for await (const chunk of source) {
    let text: string;
    if (typeof chunk === 'string') {
      bytes += Buffer.byteLength(chunk, 'utf8');
      if (bytes > maxBytes) throw new ImportTooLargeError(maxBytes);
      text = decoder.end() + chunk;
    } else {
      bytes += chunk.length;
      if (bytes > maxBytes) throw new ImportTooLargeError(maxBytes);
      text = decoder.decode(chunk);
    }
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    parse(text);
    if (out.length > 0) {
      const ready = out;
      out = [];
      yield* ready;
    }
  }
  const rest = decoder.end();
  if (rest) parse(rest);
  if (state === 'quoted') throw new MalformedCsvError(quotedFrom, 'a quoted field is never closed (a " is missing).');
  if (state !== 'start' || fields.length > 0) endRecord();
  yield* out;
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
