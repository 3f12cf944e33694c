import { describe, expect, it } from 'vitest';
import { csvLine, protectCsvField, readCsv, unprotectCsvField, type ChunkSource, type CsvReadOptions } from './csv.ts';
import { FieldTooLongError, ImportTooLargeError, MalformedCsvError, NotUtf8Error, TooManyRowsError } from './errors.ts';

async function read(source: ChunkSource, options?: CsvReadOptions) {
  const out: { row: number; fields: string[] }[] = [];
  for await (const record of readCsv(source, options)) out.push(record);
  return out;
}

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** Every way of cutting `data` in two, plus one byte at a time. */
function splits(data: Buffer): Buffer[][] {
  const ways: Buffer[][] = [];
  for (let i = 0; i <= data.length; i++) ways.push([data.subarray(0, i), data.subarray(i)]);
  ways.push([...data].map((b) => Buffer.from([b])));
  return ways;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('readCsv', () => {
  it('reads LF, CRLF and lone CR line ends, and a last line without one', async () => {
    expect(await read([bytes('a,b\nc,d\r\ne,f\rg,h')])).toEqual([
      { row: 1, fields: ['a', 'b'] },
      { row: 2, fields: ['c', 'd'] },
      { row: 3, fields: ['e', 'f'] },
      { row: 4, fields: ['g', 'h'] },
    ]);
  });

  it('keeps empty fields, including a trailing one', async () => {
    expect(await read(['a,,c,\n,\n'])).toEqual([
      { row: 1, fields: ['a', '', 'c', ''] },
      { row: 2, fields: ['', ''] },
    ]);
  });

  it('removes a UTF-8 byte-order mark, from bytes and from text', async () => {
    expect(await read([Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes('date,x\n')])])).toEqual([{ row: 1, fields: ['date', 'x'] }]);
    expect(await read(['\uFEFFdate,x'])).toEqual([{ row: 1, fields: ['date', 'x'] }]);
    // Only at the start: a later U+FEFF is content.
    expect(await read(['a\n\uFEFFb'])).toEqual([
      { row: 1, fields: ['a'] },
      { row: 2, fields: ['\uFEFFb'] },
    ]);
  });

  it('reads quoted fields holding commas, doubled quotes and line breaks; a record keeps one row number', async () => {
    const text = 'h1,h2\r\n"a, b","say ""hi"""\r\n"line 1\r\nline 2\nline 3",x\r\nlast,"q"\r\n';
    expect(await read([text])).toEqual([
      { row: 1, fields: ['h1', 'h2'] },
      { row: 2, fields: ['a, b', 'say "hi"'] },
      { row: 3, fields: ['line 1\r\nline 2\nline 3', 'x'] },
      { row: 4, fields: ['last', 'q'] },
    ]);
  });

  it('skips blank lines but counts them, so row numbers match a spreadsheet', async () => {
    expect(await read(['h\n\na\r\n\r\nb\n\n'])).toEqual([
      { row: 1, fields: ['h'] },
      { row: 3, fields: ['a'] },
      { row: 5, fields: ['b'] },
    ]);
  });

  it('is lenient with stray quotes, as spreadsheets write them, keeping them as written', async () => {
    // Before csv-parse, text after a closing quote was appended without the quotes ("ab"cd → abcd).
    expect(await read(['5" tall,"ab"cd,"a,b"c,e\n'])).toEqual([{ row: 1, fields: ['5" tall', '"ab"cd', '"a,b"c', 'e'] }]);
  });

  it('skips a line holding only an empty quoted field, as a blank line', async () => {
    expect(await read(['h\n""\nx'])).toEqual([
      { row: 1, fields: ['h'] },
      { row: 3, fields: ['x'] },
    ]);
  });

  it('gives the same records wherever the chunks are cut: in a quoted field, a CRLF, a "" or a multi-byte character', async () => {
    const text = '\uFEFFdate,note\r\n2026-01-01,"Caf\u00e9 \u2615, ""d\u00e9j\u00e0""\r\nvu \u{1F600}"\r\n2026-01-02,\u00fcber\r\n2026-01-03,"end"';
    const expected = await read([text]);
    expect(expected).toEqual([
      { row: 1, fields: ['date', 'note'] },
      { row: 2, fields: ['2026-01-01', 'Café ☕, "déjà"\r\nvu 😀'] },
      { row: 3, fields: ['2026-01-02', 'über'] },
      { row: 4, fields: ['2026-01-03', 'end'] },
    ]);
    for (const chunks of splits(bytes(text))) expect(await read(chunks)).toEqual(expected);
  });

  it('reads a Node stream of chunks', async () => {
    const { Readable } = await import('node:stream');
    const stream = Readable.from([bytes('a,"b\n'), bytes('c"\n'), bytes('d,e')]);
    expect(await read(stream)).toEqual([
      { row: 1, fields: ['a', 'b\nc'] },
      { row: 2, fields: ['d', 'e'] },
    ]);
  });

  it('refuses Latin-1 bytes, naming the offset of the first bad byte and suggesting UTF-8', async () => {
    const latin1 = Buffer.from('date,note\n2026-01-01,caf\xe9\n', 'latin1');
    const error = await rejection(read([latin1]));
    expect(error).toBeInstanceOf(NotUtf8Error);
    expect((error as NotUtf8Error).byteOffset).toBe(24);
    expect((error as NotUtf8Error).code).toBe('not_utf8');
    expect((error as Error).message).toMatch(/not UTF-8/);
    expect((error as Error).message).toMatch(/Re-save it as UTF-8/);
    expect((error as Error).message).toMatch(/Latin-1/);
    // The same offset whatever the chunking.
    for (const chunks of splits(latin1)) expect(((await rejection(read(chunks))) as NotUtf8Error).byteOffset).toBe(24);
  });

  it('locates a bad byte that follows a character split across chunks', async () => {
    // "é" (C3 A9) split, then a lone continuation byte 0xA9 at offset 4.
    const error = await rejection(read([Buffer.from([0x61, 0x62, 0xc3]), Buffer.from([0xa9, 0xa9, 0x63])]));
    expect((error as NotUtf8Error).byteOffset).toBe(4);
  });

  it('refuses a file cut in the middle of a character, and overlong or surrogate forms', async () => {
    expect(((await rejection(read([Buffer.from([0x61, 0x0a, 0xe2, 0x82])]))) as NotUtf8Error).byteOffset).toBe(2);
    expect(((await rejection(read([Buffer.from([0x61, 0xc0, 0xaf])]))) as NotUtf8Error).byteOffset).toBe(1);
    expect(((await rejection(read([Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80])]))) as NotUtf8Error).byteOffset).toBe(2);
  });

  it('recognises UTF-16 files', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('date,activity\n', 'utf16le')]);
    const error = await rejection(read([utf16]));
    expect(error).toBeInstanceOf(NotUtf8Error);
    expect((error as Error).message).toMatch(/UTF-16/);
  });

  it('enforces the byte cap, counting strings in UTF-8', async () => {
    await expect(read([bytes('a,b\n'), bytes('c,d\n')], { maxBytes: 6 })).rejects.toBeInstanceOf(ImportTooLargeError);
    await expect(read(['\u00e9\u00e9\u00e9'], { maxBytes: 5 })).rejects.toBeInstanceOf(ImportTooLargeError);
    expect(await read(['\u00e9\u00e9\u00e9'], { maxBytes: 6 })).toHaveLength(1);
  });

  it('enforces the row cap (header included) and the field cap', async () => {
    expect(await read(['h\n1\n2\n'], { maxRows: 3 })).toHaveLength(3);
    await expect(read(['h\n1\n2\n3\n'], { maxRows: 3 })).rejects.toBeInstanceOf(TooManyRowsError);
    expect(await read(['abcd,e'], { maxFieldChars: 4 })).toHaveLength(1);
    const error = await rejection(read(['x\nok,"abcde"'], { maxFieldChars: 4 }));
    expect(error).toBeInstanceOf(FieldTooLongError);
    expect(error).toMatchObject({ row: 2, column: 2, code: 'field_too_long' });
    // A field growing across chunks is caught too.
    await expect(read(['"ab', 'cd', 'e"'], { maxFieldChars: 4 })).rejects.toBeInstanceOf(FieldTooLongError);
  });

  it('stops a quote that never closes from swallowing the file, naming the row and column', async () => {
    let pulled = 0;
    async function* endless() {
      yield 'h,x\nok,"open';
      for (; pulled < 10_000; pulled++) yield 'x'.repeat(100);
    }
    const error = await rejection(read(endless(), { maxFieldChars: 4, maxBytes: 10 * 1024 * 1024 }));
    expect(error).toBeInstanceOf(FieldTooLongError);
    expect(error).toMatchObject({ row: 2, column: 2 });
    expect(pulled).toBeLessThan(1000); // stopped early, not at the end of the source
  });

  it('refuses a quoted field that never closes, naming the row it opened on', async () => {
    const error = await rejection(read(['h\nok\n"open,\nmore\n']));
    expect(error).toBeInstanceOf(MalformedCsvError);
    expect((error as MalformedCsvError).row).toBe(3);
  });
});

describe('csvLine', () => {
  it('quotes only when needed and ends with CRLF', () => {
    expect(csvLine(['plain', 'a,b', 'say "hi"', 'two\nlines', '', null, undefined, 3.5, 0])).toBe(
      'plain,"a,b","say ""hi""","two\nlines",,,,3.5,0\r\n',
    );
    expect(csvLine([' padded '])).toBe('" padded "\r\n');
  });

  it('neutralises formula injection, except in plain numbers', () => {
    expect(csvLine(['=HYPERLINK("http://x","y")'])).toBe(`"'=HYPERLINK(""http://x"",""y"")"\r\n`);
    expect(csvLine(['+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx'])).toBe(`'+cmd,'-2+3,'@SUM(A1),'\tx,"'\rx"\r\n`);
    expect(csvLine(['-3.5', '+2', '-1e-7', -3.5, '12'])).toBe('-3.5,+2,-1e-7,-3.5,12\r\n');
    expect(csvLine(['a=b', "'quoted"])).toBe("a=b,'quoted\r\n");
  });

  it('protects reversibly: unprotect(protect(x)) is x for every x', () => {
    for (const value of ['=1+2', "'=1+2", "''=x", "'plain", 'plain', '-3.5', "'-3.5", '-', '@', '\tx', '', "'", '+', 'a']) {
      expect(unprotectCsvField(protectCsvField(value))).toBe(value);
    }
  });

  it('writes what readCsv reads back', async () => {
    const fields = ['a,b', '"', 'x\r\ny', ' s ', '=cmd()', 'é😀', '-4', ''];
    const [record] = await read([csvLine(fields)]);
    expect(record!.fields.map(unprotectCsvField)).toEqual(fields);
  });
});
