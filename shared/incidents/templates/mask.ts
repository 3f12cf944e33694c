/**
 * Masking: turns a log message into tokens where the values that vary from one occurrence of an
 * event to the next (numbers, ids, addresses, paths, times…) are replaced by `<*>`, before any
 * matching. Words are left alone: whether a word is a variable is the miner's call, from the
 * distinct values it sees at that place (see miner.ts). Pure, and cheap: it runs once per message
 * on the hot path, so each token is scanned once and a regular expression only runs on the few
 * tokens whose characters make it a candidate.
 */

/** The wildcard that stands for a variable in tokens and templates. */
export const WILDCARD = '<*>';

// ---- Values that span several tokens: masked on the whole message, before it is split. ----

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\.?';
const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?';
const CLOCK = '\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:\\s?[AaPp][Mm])?';
/** ctime, syslog and RFC 2822 timestamps: "Sun Jul  3 23:16:09 2005", "Jun 14 15:16:01". */
const SPACED_TIME = new RegExp(
  [
    `(?:${WEEKDAY}\\s+)?${MONTH}\\s+\\d{1,2},?(?:\\s+\\d{4})?\\s+${CLOCK}(?:\\s+[A-Z]{2,5}\\b)?(?:\\s+\\d{4}\\b)?`,
    `(?:${WEEKDAY}\\s+)?\\d{1,2}\\s+${MONTH}\\s+\\d{4}(?:\\s+${CLOCK}(?:\\s+(?:[A-Z]{2,5}|[+-]\\d{4})\\b)?)?`,
  ].join('|'),
  'g',
);
/** Every SPACED_TIME has a month name and a space: a cheap test before the full expression. */
const SPACED_TIME_GATE = /(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s/;
/** A number and a unit word, durations and sizes: `<1 sec`, `2.5 ms`, `18.4 KB`, `0 bytes`. */
const QUANTITY =
  /(?<![\w.])[<>~]?[-+]?\d+(?:[.,]\d+)?\s+(?:[num\u00b5]?s|msecs?|secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|weeks?|[kKMGTP]i?B|[kKMGTP]bps|B|bytes?|octets?)(?![\w-])/g;
const QUANTITY_GATE = /\d\s+[a-zA-Z\u00b5]/;
/** The quoted value of a `key="…"` pair, spaces and all. */
const QUOTED_PAIR = /=(["'])[^"'\n]*\1/g;

// ---- Values within one token. ----

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const URL = /^[a-z][a-z0-9+.-]*:\/\/\S/i;
const EMAIL = /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/;
/** Absolute paths: Unix, home, `./` and `../`, Windows drive, UNC. */
const PATH = /^(?:~?\/|\.\.?\/|[A-Za-z]:\\|\\\\)[^\s]*[^\s/\\]/;
/** Relative paths: names joined by `/` where one has an extension or a package dot. */
const RELATIVE_PATH = /^[\w$-]*(?:\.[\w$-]+)*\/[\w.$/-]*\.[\w.$/-]*$/;
/** IPv6 and MAC addresses: hex groups joined by colons, three or more, maybe with a port. */
const COLON_HEX = /^\[?[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,}(?:%\w+)?\]?(?::\d+)?$/i;
/** A host (a lowercase name or an address) and a port. */
const HOST_PORT = /^[a-z0-9.-]+:\d{1,5}$/;
/** Java's rendering of a socket address, `name/10.0.0.1:9000`. */
const NAMED_ADDRESS = /^[\w.-]*\/\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?$/;
/**
 * Host names: three or more lowercase labels ending like a top-level domain, or name.com; not
 * reverse-DNS identifiers (`com.example.app`, Java and Android package names), which are words.
 */
const HOSTNAME =
  /^(?!(?:com|org|net|edu|gov|mil|io)\.)(?:(?:[a-z0-9-]+\.){2,}[a-z]{2,6}|[a-z0-9-]+\.(?:com|net|org|edu|gov|mil|int|info|biz|io))$/;
/** Numbers in all their written forms: dates, clock times, versions, ISO 8601 instants. */
const NUMERIC = /^[-+]?\d[\d.,:/_+-]*(?:T\d[\d.,:+-]*)?Z?$/;
/** Long hexadecimal numbers, digits or not (`ffffffff`, `0x7fed806eb5d`). */
const HEX = /^(?:0x)?[0-9a-f]{8,}$/i;
/** A name ending in a small number (`eth0`, `ssh2`, `IPv6`): a word, unless several stand in a row. */
const NAME_WITH_NUMBER = /^[A-Za-z]{2,}\d{1,2}$/;
/** Literals that are values wherever they stand. */
const LITERALS = new Set(['true', 'false', 'null', 'True', 'False', 'NULL', 'TRUE', 'FALSE', 'None', 'nil']);

/** Characters beyond which a token is data. */
const LONG_TOKEN = 256;

// ---- Character classes, one table lookup per character. ----

const DIGIT = 1;
/** Continues a piece of a composite token: letters, digits and `_ . - + # %`. */
const PIECE = 2;
/** Wrapping punctuation peeled off a token's start, and its end. */
const OPENER = 4;
const CLOSER = 8;
/** Ends the value of a `key=value` pair inside a token. */
const PAIR_END = 16;
const UPPER = 32;
const CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT | PIECE;
for (let c = 65; c <= 90; c++) CLASS[c] = PIECE | UPPER;
for (let c = 97; c <= 122; c++) CLASS[c] = PIECE;
for (const ch of '_.-+#%') CLASS[ch.charCodeAt(0)]! |= PIECE;
for (const ch of '([{<"\'`') CLASS[ch.charCodeAt(0)]! |= OPENER;
for (const ch of ')]}>"\'`,;:.!?') CLASS[ch.charCodeAt(0)]! |= CLOSER;
for (const ch of ',;&)]}>|') CLASS[ch.charCodeAt(0)]! |= PAIR_END;

/** The class of a character; letters of other scripts continue a piece. */
function classOf(code: number): number {
  return code < 128 ? CLASS[code]! : PIECE;
}

const AT = 64;
const SLASH = 47;
const COLON = 58;
const DOT = 46;
const EQUALS = 61;

/** What one scan of a token found. */
interface Scan {
  digit: boolean;
  /** A character that splits pieces (`=`, `:`, `/`, brackets…). */
  special: boolean;
  upper: boolean;
  dot: boolean;
  slash: boolean;
  colon: boolean;
  at: boolean;
  equals: boolean;
}

function scan(text: string): Scan {
  const s: Scan = { digit: false, special: false, upper: false, dot: false, slash: false, colon: false, at: false, equals: false };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const cls = classOf(code);
    if (cls & DIGIT) s.digit = true;
    else if (cls & UPPER) s.upper = true;
    else if (code === DOT) s.dot = true;
    if (!(cls & PIECE)) {
      s.special = true;
      if (code === SLASH) s.slash = true;
      else if (code === COLON) s.colon = true;
      else if (code === AT) s.at = true;
      else if (code === EQUALS) s.equals = true;
    }
  }
  return s;
}

/** A text that is wholly one value: an address, a path, an id, a literal. */
function isValue(text: string, s: Scan): boolean {
  const c0 = text.charCodeAt(0);
  if (c0 === SLASH || c0 === 126 /* ~ */ || c0 === 92 /* \ */ || c0 === DOT || text.charCodeAt(1) === COLON) {
    if (PATH.test(text)) return true;
  }
  if (!s.special && !s.digit) {
    // A plain word: a value only as a literal, a host name or a long hex number.
    return LITERALS.has(text) || (s.dot && !s.upper && HOSTNAME.test(text)) || (text.length >= 8 && HEX.test(text));
  }
  if (s.digit && NUMERIC.test(text)) return true;
  if (s.colon) {
    if (URL.test(text) || COLON_HEX.test(text) || HOST_PORT.test(text)) return true;
  }
  if (s.at && EMAIL.test(text)) return true;
  if (s.slash && s.dot && (RELATIVE_PATH.test(text) || NAMED_ADDRESS.test(text))) return true;
  if (s.digit && text.length === 36 && UUID.test(text)) return true;
  return false;
}

/** A piece of a composite token that is a value: it holds a number, or is a literal, host or hex. */
function isValuePiece(piece: string, digit: boolean): boolean {
  if (digit) return !isNumberedName(piece);
  return LITERALS.has(piece) || (piece.length >= 8 && HEX.test(piece)) || (piece.includes('.') && HOSTNAME.test(piece));
}

function isNumberedName(text: string | undefined): boolean {
  if (text === undefined || text.length < 3) return false;
  const last = text.charCodeAt(text.length - 1);
  return last >= 48 && last <= 57 && NAME_WITH_NUMBER.test(text);
}

/**
 * Masks the parts of a token that are values, keeping its shape: `[10.0.0.1]` → `[<*>]`,
 * `uid=0` → `uid=<*>`, `HWID=1973)` → `HWID=<*>)`, `blk_123` → `<*>`, `eth0` → `eth0`.
 */
export function maskToken(token: string): string {
  const n = token.length;
  // A long run without a space is data (a blob, an encoded payload), never a word; and bounding
  // the length bounds the work of the expressions below.
  if (n > LONG_TOKEN) return WILDCARD;
  let start = 0;
  let end = n;
  while (start < end && classOf(token.charCodeAt(start)) & OPENER) start++;
  while (end > start && classOf(token.charCodeAt(end - 1)) & CLOSER) end--;
  if (start === end) {
    // A standalone empty pair, `()` or `""`: an empty value, masked as a value would be.
    if (n === 2 && classOf(token.charCodeAt(0)) & OPENER && classOf(token.charCodeAt(1)) & CLOSER) {
      return token[0] + WILDCARD + token[1];
    }
    return token;
  }
  const core = start === 0 && end === n ? token : token.slice(start, end);
  const s = scan(core);
  if (isValue(core, s)) return token.slice(0, start) + WILDCARD + token.slice(end);
  if (!s.digit && !s.special) return token;
  return token.slice(0, start) + maskPieces(core, true) + token.slice(end);
}

/** A `key=value` pair's value is classified whole (a path, a host), else piece by piece. */
function maskPairValue(value: string): string {
  if (value === '') return value;
  return isValue(value, scan(value)) ? WILDCARD : maskPieces(value, false);
}

/**
 * Splits a composite token into pieces at punctuation (`=`, `:`, `/`, brackets…) and masks each
 * piece that is a value; the value of a `key=value` pair is classified as a whole first.
 */
function maskPieces(core: string, pairs: boolean): string {
  let out = '';
  let i = 0;
  const n = core.length;
  while (i < n) {
    const code = core.charCodeAt(i);
    if (!(classOf(code) & PIECE)) {
      out += core[i];
      i++;
      if (code === EQUALS && pairs) {
        let j = i;
        while (j < n && !(classOf(core.charCodeAt(j)) & PAIR_END)) j++;
        out += maskPairValue(core.slice(i, j));
        i = j;
      }
      continue;
    }
    let j = i;
    let digit = false;
    for (; j < n; j++) {
      const cls = classOf(core.charCodeAt(j));
      if (!(cls & PIECE)) break;
      if (cls & DIGIT) digit = true;
    }
    const piece = core.slice(i, j);
    out += isValuePiece(piece, digit) ? WILDCARD : piece;
    i = j;
  }
  return out;
}

/** A token of values and punctuation only, no word: `<*>`, `(<*>),`, `@<*>`, `<*>/<*>:<*>`. */
function isBareValue(token: string): boolean {
  if (!token.includes(WILDCARD)) return false;
  for (let i = 0; i < token.length; i++) {
    if (token.startsWith(WILDCARD, i)) i += WILDCARD.length - 1;
    else if (isWordChar(token.charCodeAt(i))) return false;
  }
  return true;
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code > 127;
}

function isSpace(code: number): boolean {
  return code <= 32 || code === 160 || code === 0x2028 || code === 0x2029 || code === 0x3000;
}

/** Splits on runs of whitespace. */
function split(text: string): string[] {
  const out: string[] = [];
  let from = -1;
  for (let i = 0; i < text.length; i++) {
    if (isSpace(text.charCodeAt(i))) {
      if (from >= 0) out.push(text.slice(from, i));
      from = -1;
    } else if (from < 0) from = i;
  }
  if (from >= 0) out.push(text.slice(from));
  return out;
}

/**
 * Masks a message into tokens: values spanning several tokens first (timestamps, quantities with
 * a unit, quoted pair values), then each whitespace-separated token. A value right after a value
 * is a run (a list, or an alternate rendering such as `1234 bytes (1.2 KB)`) and collapses into
 * one, so that lists of any length mask alike.
 *
 * @param message one log message (the text after the source's own header)
 * @param maxTokens tokens kept; the rest of a very long message is dropped
 */
export function maskMessage(message: string, maxTokens = Infinity): string[] {
  let text = message;
  if (SPACED_TIME_GATE.test(text)) text = text.replace(SPACED_TIME, WILDCARD);
  if (QUANTITY_GATE.test(text)) text = text.replace(QUANTITY, WILDCARD);
  if (text.includes('="') || text.includes("='")) text = text.replace(QUOTED_PAIR, `=$1${WILDCARD}$1`);
  const raw = split(text);
  const tokens: string[] = [];
  for (let i = 0; i < raw.length && tokens.length < maxTokens; i++) {
    const token = raw[i]!;
    // Numbered names in a row (`sda1 sda2`, `an14 an15 …`) are a list of values, not words.
    const listed = isNumberedName(token) && (isNumberedName(raw[i - 1]) || isNumberedName(raw[i + 1]));
    const masked = listed ? WILDCARD : maskToken(token);
    if (tokens.length > 0 && isBareValue(masked) && isBareValue(tokens[tokens.length - 1]!)) continue;
    tokens.push(masked);
  }
  return tokens;
}
