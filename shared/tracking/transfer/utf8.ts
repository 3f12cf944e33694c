import { NotUtf8Error } from './errors.ts';

/**
 * Streaming UTF-8 decoding that refuses anything else and says where. The platform decoder
 * (`TextDecoder`, fatal, in streaming mode) does the work; when it refuses a chunk, the first bad
 * byte is located by a validator of our own, since the platform error carries no position.
 */
export class Utf8StreamDecoder {
  #decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  /** Bytes of an unfinished character at the end of what was decoded so far (at most 3). */
  #pending: Uint8Array = new Uint8Array(0);
  /** Bytes seen so far, pending ones included. */
  #offset = 0;
  #started = false;

  /** Bytes given so far. */
  get bytesRead(): number {
    return this.#offset;
  }

  /** Decodes the next chunk; the text of a character split across chunks comes with the later one. */
  decode(chunk: Uint8Array): string {
    const start = this.#offset;
    if (!this.#started && chunk.length > 0) {
      this.#started = true;
      const hint = utf16Hint(chunk);
      if (hint) throw new NotUtf8Error(0, hint);
    }
    let text: string;
    try {
      text = this.#decoder.decode(chunk, { stream: true });
    } catch {
      const joined = concat(this.#pending, chunk);
      const bad = firstInvalidUtf8(joined);
      throw new NotUtf8Error(start - this.#pending.length + (bad ?? this.#pending.length), latinHint(joined, bad));
    }
    this.#offset += chunk.length;
    this.#pending = unfinishedTail(this.#pending, chunk);
    return text;
  }

  /** Ends the stream; throws when it stops in the middle of a character. */
  end(): string {
    try {
      return this.#decoder.decode();
    } catch {
      throw new NotUtf8Error(this.#offset - this.#pending.length);
    } finally {
      this.#pending = new Uint8Array(0);
    }
  }
}

/** Decodes a whole buffer as UTF-8 (a leading byte-order mark is removed), or throws {@link NotUtf8Error}. */
export function decodeUtf8(bytes: Uint8Array): string {
  const decoder = new Utf8StreamDecoder();
  const text = decoder.decode(bytes) + decoder.end();
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Length of the UTF-8 sequence a lead byte starts (0 for a byte that cannot start one). */
function sequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/**
 * Offset of the first byte that does not start a valid UTF-8 sequence, or null when all of
 * `bytes` is valid (an unfinished sequence at the very end counts as valid: more may follow).
 */
export function firstInvalidUtf8(bytes: Uint8Array): number | null {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const n = sequenceLength(b);
    if (n === 0) return i;
    for (let k = 1; k < n; k++) {
      if (i + k >= bytes.length) return null;
      const c = bytes[i + k]!;
      // Second-byte ranges exclude overlong forms, surrogates and code points above U+10FFFF.
      const lo = k === 1 && b === 0xe0 ? 0xa0 : k === 1 && b === 0xf0 ? 0x90 : 0x80;
      const hi = k === 1 && b === 0xed ? 0x9f : k === 1 && b === 0xf4 ? 0x8f : 0xbf;
      if (c < lo || c > hi) return i;
    }
    i += n;
  }
  return null;
}

/** The bytes of an unfinished character at the end of `previous + chunk` (both already valid). */
function unfinishedTail(previous: Uint8Array, chunk: Uint8Array): Uint8Array {
  const window = chunk.length >= 3 ? chunk.subarray(chunk.length - 3) : concat(previous, chunk).subarray(-3);
  for (let i = window.length - 1; i >= 0; i--) {
    const b = window[i]!;
    if (b >= 0x80 && b <= 0xbf) continue; // a continuation byte: look further back
    return window.length - i < sequenceLength(b) ? window.slice(i) : new Uint8Array(0);
  }
  return new Uint8Array(0);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function utf16Hint(first: Uint8Array): string | undefined {
  if (first[0] === 0xff && first[1] === 0xfe) return 'UTF-16 (little-endian)';
  if (first[0] === 0xfe && first[1] === 0xff) return 'UTF-16 (big-endian)';
  return undefined;
}

/** A lone byte from 0xA0 to 0xFF followed by ASCII is the mark of Latin-1 / Windows-1252 text. */
function latinHint(bytes: Uint8Array, bad: number | null): string | undefined {
  if (bad === null) return undefined;
  const b = bytes[bad]!;
  const next = bytes[bad + 1];
  return b >= 0x80 && (next === undefined || next < 0x80) ? 'Latin-1 or Windows-1252 (a spreadsheet’s default "CSV" encoding)' : undefined;
}
