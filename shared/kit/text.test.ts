import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { multilineText, trimmedText } from './schemas.ts';
import { textProblem, utf8Problem } from './text.ts';

describe('text rules', () => {
  it('accept ordinary text in any script, emoji sequences and right-to-left marks', () => {
    for (const text of ['Run', 'Laufen 5 km', 'café', 'e\u0301', '日本語', 'مرحبا\u200F', '👩\u200D💻', 'Ⅻ', '']) {
      expect(textProblem(text), JSON.stringify(text)).toBeNull();
    }
  });

  it.each([
    ['NUL', 'a\u0000b', /control characters.*U\+0000/],
    ['an escape code', 'x\u001b[31mred', /control characters.*U\+001B/],
    ['DEL', 'a\u007fb', /U\+007F/],
    ['a C1 control', 'a\u0085b', /U\+0085/],
    ['a right-to-left override', 'invoice\u202Efdp.exe', /bidirectional.*U\+202E/],
    ['a left-to-right embedding', '\u202Aabc', /U\+202A/],
    ['a first-strong isolate', 'a\u2068b\u2069', /U\+2068/],
    ['a line separator', 'a\u2028b', /separators/],
    ['an unpaired surrogate', 'x\uD800', /unpaired surrogates/],
    ['U+FFFD', 'caf\uFFFD', /could not be read/],
    ['a noncharacter', 'a\uFFFE', /noncharacters/],
    ['only zero-width spaces', '\u200B\u200B', /something visible/],
    ['only a word joiner and a BOM', '\u2060\uFEFF', /something visible/],
    ['only a Hangul filler', '\u3164', /something visible/],
    ['only a Braille blank', '\u2800', /something visible/],
    ['only a combining mark', '\u0301', /something visible/],
    ['only spaces of all kinds', '\u00A0\u2003\u3000', /something visible/],
  ])('refuse %s in one line', (_what, text, message) => {
    expect(textProblem(text)).toMatch(message);
  });

  it('allow line feeds and tabs in multi-line text only', () => {
    expect(textProblem('first line\nsecond\tcolumn')).toMatch(/line breaks/);
    expect(textProblem('first line\nsecond\tcolumn', { multiline: true })).toBeNull();
    expect(textProblem('a\u0000b', { multiline: true })).toMatch(/other than line breaks and tabs/);
    expect(textProblem('a\u202Eb', { multiline: true })).toMatch(/bidirectional/);
    expect(textProblem('a\u2028b', { multiline: true })).toBeNull();
    expect(textProblem('\n\t\n', { multiline: true })).toMatch(/something visible/);
  });

  it('through the schemas: trimmed, checked, carriage returns turned into line feeds', () => {
    expect(z.parse(trimmedText(20, 1), '  Run  ')).toBe('Run');
    expect(z.safeParse(trimmedText(20, 1), '\u200B').error?.issues[0]?.message).toMatch(/something visible/);
    expect(z.safeParse(trimmedText(20), 'a\tb').success).toBe(false);
    expect(z.parse(multilineText(50), ' one\r\ntwo\rthree ')).toBe('one\ntwo\nthree');
    expect(z.safeParse(multilineText(50), 'ok\u0007').success).toBe(false);
  });
});

describe('request bodies as UTF-8', () => {
  it('accepts UTF-8 and refuses Latin-1 bytes and what a lenient decoder left of them', () => {
    expect(utf8Problem(Buffer.from('{"name":"Café ☕"}', 'utf8'))).toBeNull();
    expect(utf8Problem(Buffer.from('{"name":"Caf\xe9"}', 'latin1'))).toMatch(/not valid UTF-8/);
    expect(utf8Problem(Buffer.from([0x7b, 0x22, 0xc3, 0x22]))).toMatch(/not valid UTF-8/);
    expect(utf8Problem(Buffer.from('{"name":"Caf\uFFFD"}', 'utf8'))).toMatch(/U\+FFFD/);
  });
});
