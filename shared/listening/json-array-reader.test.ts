import { describe, expect, it } from 'vitest';
import { seededRandom } from '../tracking/analytics/test-fixtures.ts';
import { JsonArrayReader, JsonFramingError, type JsonArrayReaderOptions } from './json-array-reader.ts';

const CAPS = { maxElementChars: 10_000, maxObjectChars: 10_000 };

interface Read {
  elements: Array<{ index: number; value?: unknown; text?: string; tooLarge: boolean }>;
  object?: unknown;
}

/** Reads `text` given in `pieces` pieces (or at every cut in `cuts`) and returns what the reader handed over. */
function read(text: string, options: Partial<JsonArrayReaderOptions> = {}, cuts?: number[]): Read {
  const out: Read = { elements: [] };
  const reader = new JsonArrayReader(
    {
      element: (t, index, tooLarge) => {
        out.elements.push({ index, tooLarge, ...(t === undefined ? {} : { text: t, value: JSON.parse(t) }) });
      },
      object: (t) => {
        out.object = JSON.parse(t);
      },
    },
    { ...CAPS, ...options },
  );
  let at = 0;
  for (const cut of [...(cuts ?? []), text.length]) {
    reader.push(text.slice(at, cut));
    at = cut;
  }
  reader.end();
  return out;
}

function failure(text: string, options: Partial<JsonArrayReaderOptions> = {}): JsonFramingError {
  try {
    read(text, options);
  } catch (error) {
    if (error instanceof JsonFramingError) return error;
    throw error;
  }
  throw new Error('expected a framing error');
}

/** A random JSON value with the characters that trouble a framer: quotes, escapes, brackets in strings, non-ASCII. */
function randomValue(random: () => number, depth = 0): unknown {
  const roll = random();
  const strings = ['plain', 'with "quotes"', 'back\\slash\\', '{[not]}', ',', 'café ☕ 夜', 'tab\tnew\nline', '\\"', '', 'emoji 🎧'];
  if (depth > 2 || roll < 0.3) return strings[Math.floor(random() * strings.length)];
  if (roll < 0.45) return Math.round((random() - 0.5) * 1e6) / 100;
  if (roll < 0.5) return [true, false, null][Math.floor(random() * 3)];
  if (roll < 0.7) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, (_, i) => [`k${i}${strings[i % strings.length]}`, randomValue(random, depth + 1)]));
}

describe('JsonArrayReader', () => {
  it('hands over each element of a pretty-printed and of a compact array, in order', () => {
    const rows = [{ a: 1, b: 'x' }, { a: 2, b: null, c: [1, { d: '}' }] }, { a: 3 }];
    for (const text of [JSON.stringify(rows, null, 2), JSON.stringify(rows), `\r\n\t [ ${rows.map((r) => JSON.stringify(r)).join(' ,\n')} ] \n`]) {
      const out = read(text);
      expect(out.elements.map((e) => e.value)).toEqual(rows);
      expect(out.elements.map((e) => e.index)).toEqual([0, 1, 2]);
    }
  });

  it('frames any JSON array the same, however the text is cut into pieces', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 200; round++) {
      const elements = Array.from({ length: Math.floor(random() * 6) }, () => randomValue(random));
      const text = JSON.stringify(elements, null, round % 3 === 0 ? undefined : 2);
      const cuts = Array.from({ length: Math.floor(random() * 8) }, () => Math.floor(random() * text.length)).sort((a, b) => a - b);
      expect(read(text, {}, cuts).elements.map((e) => e.value)).toEqual(elements);
    }
  });

  it('keeps an escaped quote or backslash cut between pieces', () => {
    const rows = [{ s: 'a\\"b' }, { s: 'end\\' }, { s: '"]}' }];
    const text = JSON.stringify(rows);
    for (let cut = 1; cut < text.length; cut++) expect(read(text, {}, [cut]).elements.map((e) => e.value)).toEqual(rows);
  });

  it('frames elements of every JSON type, leaving their judgement to JSON.parse', () => {
    const out = read('[1, -2.5e3, "s,]", true, null, [], {}, [[1],[2]]]');
    expect(out.elements.map((e) => e.value)).toEqual([1, -2.5e3, 's,]', true, null, [], {}, [[1], [2]]]);
    // Broken inside an element: framed all the same; the caller's JSON.parse refuses it.
    const texts: Array<string | undefined> = [];
    new JsonArrayReader({ element: (t) => void texts.push(t) }, CAPS).push('[{"a":1,,}, {"b":2}]');
    expect(texts).toEqual(['{"a":1,,}', '{"b":2}']);
  });

  it('reads an empty array and skips a byte-order mark', () => {
    expect(read('[]').elements).toEqual([]);
    expect(read('\uFEFF[ {"a":1} ]').elements.map((e) => e.value)).toEqual([{ a: 1 }]);
  });

  it('collects a top-level object whole and hands it over at the end', () => {
    const doc = { items: [{ played_at: 'x' }], cursors: { after: '1' } };
    const out = read(JSON.stringify(doc, null, 2), {}, [3, 10]);
    expect(out.object).toEqual(doc);
    expect(out.elements).toEqual([]);
    expect(failure(JSON.stringify({ big: 'x'.repeat(200) }), { maxObjectChars: 100 }).message).toMatch(/object larger than 100 characters/);
  });

  it('refuses what is not a JSON array or object at its first character', () => {
    for (const text of ['%PDF-1.7 …', '"just a string"', '42', 'null', '<html>']) {
      const error = failure(`  ${text}`);
      expect(error.message).toMatch(/not a JSON array or object/);
      expect(error.offset).toBe(2);
    }
    expect(failure('   ').message).toMatch(/empty/);
  });

  it('refuses a broken top-level structure, saying where', () => {
    expect(failure('[{"a":1}').message).toMatch(/ends before its array is closed/);
    expect(failure('[{"a":1}, {"b":').message).toMatch(/ends inside an element/);
    expect(failure('[{"a":"unterminated').message).toMatch(/ends inside an element/);
    expect(failure('[1, 2').message).toMatch(/ends before its array is closed/);
    expect(failure('[{"a":1},]').message).toMatch(/where an element should start/);
    expect(failure('[{"a":1} {"b":2}]').message).toMatch(/expected "," or "]"/);
    expect(failure('[{"a":1}] x').message).toMatch(/after the end of the array/);
    expect(failure('[,]').message).toMatch(/where an element should start/);
    expect(failure('[{"a":1}] x').offset).toBe(10);
  });

  it('hands elements over as they are framed, before the document ends', () => {
    const seen: number[] = [];
    const reader = new JsonArrayReader({ element: (_, i) => void seen.push(i) }, CAPS);
    reader.push('[{"a":1},{"a":2},{"a"');
    expect(seen).toEqual([0, 1]);
    expect(reader.elements).toBe(2);
    reader.push(':3}]');
    reader.end();
    expect(seen).toEqual([0, 1, 2]);
  });

  it('pauses after an element when its handler asks, and goes on from where it stopped', () => {
    const seen: number[] = [];
    const reader = new JsonArrayReader({ element: (_, i) => seen.push(i) % 2 === 0 }, CAPS);
    const text = ' [{"a":1}, {"a":2},{"a":3} ,{"a":4}]';
    const stops: number[] = [];
    let at = 0;
    do {
      at = reader.push(text, at);
      stops.push(at);
    } while (at < text.length);
    reader.end();
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(stops).toEqual([18, 35, text.length]);
    expect(text.slice(0, 18)).toBe(' [{"a":1}, {"a":2}');
    // Offsets in errors still count from the document's start.
    const broken = new JsonArrayReader({ element: () => true }, CAPS);
    const bad = '[{"a":1} x]';
    expect(broken.push(bad)).toBe(8);
    expect(() => broken.push(bad, 8)).toThrow(/at character 9/);
  });

  it('skips elements before skipBefore without keeping their text, except the first', () => {
    const rows = Array.from({ length: 6 }, (_, i) => ({ i }));
    const out = read(JSON.stringify(rows), { skipBefore: 4 });
    expect(out.elements.map((e) => [e.index, e.value])).toEqual([
      [0, { i: 0 }],
      [1, undefined],
      [2, undefined],
      [3, undefined],
      [4, { i: 4 }],
      [5, { i: 5 }],
    ]);
  });

  it('drops the text of an element over the cap, as it streams, and goes on', () => {
    const rows = [{ a: 1 }, { big: 'x'.repeat(500) }, { a: 3 }];
    const text = JSON.stringify(rows);
    const cuts = Array.from({ length: 20 }, (_, i) => 15 + i * 25);
    const out = read(text, { maxElementChars: 100 }, cuts);
    expect(out.elements.map((e) => [e.index, e.value, e.tooLarge])).toEqual([
      [0, { a: 1 }, false],
      [1, undefined, true],
      [2, { a: 3 }, false],
    ]);
  });
});
