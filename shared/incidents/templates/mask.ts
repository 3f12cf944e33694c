/**
 * Masking: turns a log message into tokens where the values that vary from one occurrence of an
 * event to the next (numbers, ids, addresses, paths, times…) are replaced by `<*>`, before any
 * matching. Pure and allocation-light: it runs once per message on the hot path.
 */

/** The wildcard that stands for a variable in tokens and templates. */
export const WILDCARD = '<*>';

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\.?';
const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?';
const CLOCK = '\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:\\s?[AaPp][Mm])?';
/**
 * Timestamps that span several whitespace-separated tokens (ctime, syslog, RFC 2822 and their
 * kin): masked as one value first, so that "Sun Jul  3 …" and "Mon Jun 20 …" mask alike.
 */
const SPACED_TIME = new RegExp(
  [
    // [Weekday] Month day [year] clock [zone] [year]   (ctime, syslog)
    `(?:${WEEKDAY}\\s+)?${MONTH}\\s+\\d{1,2},?(?:\\s+\\d{4})?\\s+${CLOCK}(?:\\s+[A-Z]{2,5}\\b)?(?:\\s+\\d{4}\\b)?`,
    // [Weekday] day Month year [clock [zone]]          (RFC 2822)
    `(?:${WEEKDAY}\\s+)?\\d{1,2}\\s+${MONTH}\\s+\\d{4}(?:\\s+${CLOCK}(?:\\s+(?:[A-Z]{2,5}|[+-]\\d{4})\\b)?)?`,
  ].join('|'),
  'g',
);
/**
 * A quantity written as a number and a unit word (durations and sizes): `<1 sec`, `2.5 ms`,
 * `18.4 KB`, `0 bytes`, `3 minutes`. Masked whole, so that the unit does not split the event.
 */
const QUANTITY =
  /(?<![\w.])[<>~]?[-+]?\d+(?:[.,]\d+)?\s+(?:[num\u00b5]s|msecs?|secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|weeks?|[kKMGTP]i?B|[kKMGTP]bps|B|bytes?|octets?)(?![\w-])/g;
const QUANTITY_GATE = /\d\s+[a-zA-Z\u00b5]/;
/** A quoted value of a `key="…"` pair, spaces and all. */
const QUOTED_PAIR = /=(["'])[^"'\n]*\1/g;
/** Cheap gate for SPACED_TIME: every form has a month name followed by a space. */
const MONTH_GATE = /(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s/;

/** Wrapping punctuation peeled off a token before it is classified, and put back after. */
const OPENERS = new Set([...'([{<"\'`'].map((c) => c.charCodeAt(0)));
const CLOSERS = new Set([...')]}>"\'`,;:.!?'].map((c) => c.charCodeAt(0)));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const URL = /^[a-z][a-z0-9+.-]*:\/\/\S/i;
const EMAIL = /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/;
/** Absolute and relative paths (Unix, home, Windows drive, UNC). */
const PATH = /^(?:~?\/|\.\.?\/|[A-Za-z]:\\|\\\\)[^\s]*[^\s/\\]/;
/** IPv6 (and MAC) addresses: hex groups joined by colons, at least three groups. */
const COLON_HEX = /^\[?[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,}(?:%\w+)?\]?(?::\d+)?$/i;
/** Host names: three or more lowercase labels, the last alphabetic like a top-level domain. */
const HOSTNAME = /^(?:(?:[a-z0-9-]+\.){2,}[a-z]{2,6}|[a-z0-9-]+\.(?:com|net|org|edu|gov|mil|int|info|biz|io))$/;
/** A host (a lowercase name or an address) and a port. */
const HOST_PORT = /^[a-z0-9.-]+:\d{1,5}$/;
/** Long hexadecimal numbers, with or without digits (`ffffffff`). */
const HEX = /^(?:0x)?[0-9a-f]{8,}$/i;
/** Relative paths: names joined by `/` where one has an extension or a package dot. */
const RELATIVE_PATH = /^[\w$-]*(?:\.[\w$-]+)*\/[\w.$\/-]*\.[\w.$\/-]*$/;
/** A name ending in a small number (`eth0`, `ssh2`, `IPv6`): a word, left to the distinct-values rule. */
const NAME_WITH_NUMBER = /^[A-Za-z]{2,}\d{1,2}$/;
/** Literals that are values whatever their position. */
const LITERALS = new Set(['true', 'false', 'null', 'True', 'False', 'NULL', 'TRUE', 'FALSE', 'None', 'nil']);

/** Characters that end a `key=value` pair's value inside a token. */
const PAIR_END = new Set([...',;&)]}>|'].map((c) => c.charCodeAt(0)));

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Characters that continue a "piece" inside a token: letters, digits and `_ . - + # %`. */
function isPieceChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95 || // _
    code === 46 || // .
    code === 45 || // -
    code === 43 || // +
    code === 35 || // #
    code === 37 || // %
    code > 127 // letters of other scripts
  );
}

/** A token that is wholly one value: an address, a path, an id, a number with or without a unit. */
function isValue(core: string, hasDigit: boolean): boolean {
  const c0 = core.charCodeAt(0);
  if (c0 === 47 || c0 === 126 || c0 === 92 || (c0 === 46 && core.length > 2) || core.charCodeAt(1) === 58) {
    if (PATH.test(core)) return true;
  }
  if (LITERALS.has(core)) return true;
  if (core.includes('://')) return URL.test(core);
  if (core.includes('@') && EMAIL.test(core)) return true;
  if (core.includes(':') && (COLON_HEX.test(core) || HOST_PORT.test(core))) return true;
  if (core.includes('/') && RELATIVE_PATH.test(core)) return true;
  if (!hasDigit) return HOSTNAME.test(core) || HEX.test(core);
  if (UUID.test(core)) return true;
  return false;
}

/**
 * Masks the parts of a token that are values, keeping its shape: `[10.0.0.1]` → `[<*>]`,
 * `uid=0` → `uid=<*>`, `HWID=1973)` → `HWID=<*>)`, `blk_123` → `<*>`.
 */
export function maskToken(token: string): string {
  const n = token.length;
  let start = 0;
  let end = n;
  while (start < end && OPENERS.has(token.charCodeAt(start))) start++;
  while (end > start && CLOSERS.has(token.charCodeAt(end - 1))) end--;
  if (start === end) {
    // A standalone empty pair, `()` or `""`: an empty value, masked as a value would be.
    if (n === 2 && OPENERS.has(token.charCodeAt(0)) && CLOSERS.has(token.charCodeAt(1))) return token[0] + WILDCARD + token[1];
    return token;
  }
  const core = start === 0 && end === n ? token : token.slice(start, end);
  let hasDigit = false;
  let special = false;
  for (let i = 0; i < core.length; i++) {
    const code = core.charCodeAt(i);
    if (isDigit(code)) hasDigit = true;
    else if (!isPieceChar(code)) special = true;
  }
  if (isValue(core, hasDigit)) return token.slice(0, start) + WILDCARD + token.slice(end);
  if (!hasDigit && !special) return token;
  return token.slice(0, start) + maskPieces(core) + token.slice(end);
}

/** A `key=value` pair's value is classified whole (a path, a host name), else piece by piece. */
function maskValue(value: string): string {
  if (value === '') return value;
  let hasDigit = false;
  for (let i = 0; i < value.length; i++) if (isDigit(value.charCodeAt(i))) hasDigit = true;
  return isValue(value, hasDigit) ? WILDCARD : maskPieces(value, false);
}

/**
 * Splits a composite token into pieces at punctuation (`=`, `:`, `/`, brackets…) and masks each
 * piece that holds a digit, or that is the value of a `key=value` pair, or a literal.
 */
function maskPieces(core: string, pairs = true): string {
  let out = '';
  let i = 0;
  const n = core.length;
  while (i < n) {
    const code = core.charCodeAt(i);
    if (!isPieceChar(code)) {
      out += core[i];
      i++;
      if (code === 61 /* = */ && pairs) {
        // The value runs to the next pair separator.
        let j = i;
        while (j < n && !PAIR_END.has(core.charCodeAt(j))) j++;
        out += maskValue(core.slice(i, j));
        i = j;
      }
      continue;
    }
    let j = i;
    let digit = false;
    while (j < n && isPieceChar(core.charCodeAt(j))) {
      if (isDigit(core.charCodeAt(j))) digit = true;
      j++;
    }
    const piece = core.slice(i, j);
    out += (digit && !NAME_WITH_NUMBER.test(piece)) || LITERALS.has(piece) || HOSTNAME.test(piece) || HEX.test(piece) ? WILDCARD : piece;
    i = j;
  }
  return out;
}

function isNumberedName(token: string | undefined): boolean {
  return token !== undefined && NAME_WITH_NUMBER.test(token);
}

/** A token that is a wildcard in wrapping punctuation only: `<*>`, `(<*>)`, `<*>,`. */
function isBareValue(token: string): boolean {
  const at = token.indexOf(WILDCARD);
  if (at < 0) return false;
  for (let i = 0; i < at; i++) if (!OPENERS.has(token.charCodeAt(i))) return false;
  for (let i = at + WILDCARD.length; i < token.length; i++) if (!CLOSERS.has(token.charCodeAt(i))) return false;
  return true;
}

/**
 * Splits a message on whitespace and masks it: multi-token timestamps first, then each token;
 * a run of wildcard tokens collapses to one, so that lists of values of any length mask alike.
 *
 * @param message one log message (the text after the source's own header)
 * @param maxTokens tokens kept; the rest of a very long message is dropped
 */
export function maskMessage(message: string, maxTokens = Infinity): string[] {
  let text = message;
  if (MONTH_GATE.test(text)) text = text.replace(SPACED_TIME, WILDCARD);
  if (QUANTITY_GATE.test(text)) text = text.replace(QUANTITY, WILDCARD);
  if (text.includes('="') || text.includes("='")) text = text.replace(QUOTED_PAIR, `=$1${WILDCARD}$1`);
  const raw = text.split(/\s+/);
  const tokens: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const token = raw[i]!;
    if (token === '') continue;
    // Numbered names in a row (`sda1 sda2`, `an14 an15 …`) are a list of values, not words.
    const listed = isNumberedName(token) && (isNumberedName(raw[i - 1]) || isNumberedName(raw[i + 1]));
    const masked = listed ? WILDCARD : maskToken(token);
    // A value right after a value is a run (a list, an alternate rendering): one wildcard.
    if (tokens.length > 0 && isBareValue(tokens[tokens.length - 1]!) && isBareValue(masked)) continue;
    tokens.push(masked);
    if (tokens.length >= maxTokens) break;
  }
  return tokens;
}
