import { isUtf8 } from 'node:buffer';

/**
 * The rules every piece of text the API stores follows (names, notes, descriptions, categories,
 * units, display names, file names), in one place: the zod helpers in `schemas.ts` apply them to
 * request bodies, and the import codecs call the same functions for each row
 * (docs/decisions.md, "Input hygiene").
 *
 * - No control characters (C0, DEL, C1), except line feed and tab in multi-line text (notes,
 *   descriptions), where a carriage return (CR LF, lone CR) becomes a line feed.
 * - No bidirectional embeddings, overrides or isolates (U+202A–U+202E, U+2066–U+2069): they make
 *   text display in another order than it reads (names that spoof others, "Trojan Source"). The
 *   plain marks U+200E/U+200F stay allowed: right-to-left text needs them.
 * - No line or paragraph separators (U+2028, U+2029) in single-line text, no noncharacters, no
 *   unpaired surrogates, no U+FFFD (what a decoder leaves where bytes were not valid UTF-8).
 * - Something visible: text made only of spaces, zero-width and other invisible characters (or
 *   combining marks with nothing to sit on) is refused.
 */

/** In `u` mode a well-formed pair is one code point, so this finds only unpaired halves. */
const LONE_SURROGATE = /\p{Cs}/u;
const CONTROL = /\p{Cc}/u;
const MULTILINE_CONTROL = /[^\P{Cc}\n\t]/u;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
const SEPARATOR = /[\u2028\u2029]/u;
const NONCHARACTER = /[\p{Noncharacter_Code_Point}\uFFFD]/u;
/** A character that shows something: not a space, not invisible, not a lone mark. */
const VISIBLE = /[^\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{M}\u2800]/u;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

export interface TextRules {
  /** Line feeds and tabs allowed (notes, descriptions). */
  multiline?: boolean;
}

/** Line breaks as one line feed each (CR LF and lone CR from other systems). */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * What is wrong with `text` under the rules above, in words fit for a field message, or null
 * when it is fine. Empty text is fine here (whether a field may be empty is its own rule).
 */
export function textProblem(text: string, rules: TextRules = {}): string | null {
  if (LONE_SURROGATE.test(text)) return 'must not contain unpaired surrogates';
  const control = (rules.multiline ? MULTILINE_CONTROL : CONTROL).exec(text);
  if (control) {
    return rules.multiline
      ? `must not contain control characters other than line breaks and tabs (found ${codePoint(control[0])})`
      : `must not contain control characters or line breaks (found ${codePoint(control[0])})`;
  }
  const bidi = BIDI_CONTROL.exec(text);
  if (bidi) return `must not contain bidirectional override or isolate characters (found ${codePoint(bidi[0])})`;
  if (!rules.multiline) {
    const separator = SEPARATOR.exec(text);
    if (separator) return `must not contain line or paragraph separators (found ${codePoint(separator[0])})`;
  }
  const odd = NONCHARACTER.exec(text);
  if (odd) {
    return odd[0] === '\uFFFD'
      ? 'must not contain U+FFFD (a character that could not be read: send text as UTF-8)'
      : `must not contain noncharacters (found ${codePoint(odd[0])})`;
  }
  if (text !== '' && !VISIBLE.test(text)) return 'must contain something visible (it holds only spaces or invisible characters)';
  return null;
}

/** The problem of a request body's bytes as text, or null when they are valid UTF-8. */
export function utf8Problem(bytes: Buffer): string | null {
  if (!isUtf8(bytes)) return 'The request body is not valid UTF-8; send text as UTF-8.';
  // U+FFFD (EF BF BD) is what a gateway that decoded the body leniently leaves where bytes were bad.
  if (bytes.includes(REPLACEMENT)) {
    return 'The request body holds U+FFFD, a character that could not be read: it was not valid UTF-8 when it was sent; send text as UTF-8.';
  }
  return null;
}

const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);
