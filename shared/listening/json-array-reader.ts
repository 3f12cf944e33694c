/**
 * A streaming reader of JSON documents whose top level is an array of records — the shape of every
 * Spotify history file. It frames the array as text arrives: it finds where each element starts
 * and ends (tracking strings, escapes and nesting), checks the punctuation between elements, and
 * hands each element's text to the platform's `JSON.parse`, which checks everything inside it. So
 * memory holds one chunk and one element, never the file, and an element that does not parse is
 * one rejected record rather than a failed file. Why not a token-level streaming parser: see
 * docs/decisions.md (Libraries) — this is about four times faster on Spotify exports.
 *
 * A document whose top level is an object (a Web API response) is collected whole up to a cap
 * and parsed at its end; anything else is refused at its first character.
 */

/** A document that is not JSON, or whose top-level structure is broken (records before the break were delivered). */
export class JsonFramingError extends Error {
  /** Characters of the document read when the problem was found. */
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`${message} (at character ${offset})`);
    this.name = 'JsonFramingError';
    this.offset = offset;
  }
}

/** What a reader does with elements and documents. */
export interface JsonArrayHandler {
  /**
   * One element of the top-level array, `index` counting from 0. `text` is its JSON text, or
   * `undefined` when it was not kept: skipped (`index` below `skipBefore`, except the first
   * element, always kept as it tells what the document holds) or longer than `maxElementChars`
   * (`tooLarge`). Returning `true` pauses the reader right after this element: {@link
   * JsonArrayReader.push} returns where it stopped, for the caller to go on from there.
   */
  element(text: string | undefined, index: number, tooLarge: boolean): boolean | void;
  /** The whole text of a document whose top level is an object (called once, at the end). */
  object?(text: string): void;
}

export interface JsonArrayReaderOptions {
  /** Elements before this index are framed but neither kept nor parsed (resuming). */
  skipBefore?: number;
  /** Longest element kept; a longer one is reported as too large, and its text dropped as it streams. */
  maxElementChars: number;
  /** Longest top-level object collected; a longer document is refused. */
  maxObjectChars: number;
}

/** Where the reader is in the document. */
const State = {
  Start: 0,
  ArrayOpen: 1,
  InElement: 2,
  AfterElement: 3,
  AfterComma: 4,
  Done: 5,
  InObject: 6,
} as const;
type State = (typeof State)[keyof typeof State];

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const BOM = 0xfeff;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** A character that may start a bare element (number, true, false, null); JSON.parse judges the rest. */
function isBareStart(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x74 || c === 0x66 || c === 0x6e;
}

/**
 * Frames one JSON document given as text in pieces. Call {@link push} with each piece (a
 * `TextDecoder` in stream mode keeps characters whole), then {@link end}. Throws
 * {@link JsonFramingError} from either when the document is not an array or object, or its
 * top-level structure is broken or ends early.
 */
export class JsonArrayReader {
  readonly #handler: JsonArrayHandler;
  readonly #skipBefore: number;
  readonly #maxElement: number;
  readonly #maxObject: number;
  #state: State = State.Start;
  /** Characters read so far. */
  #offset = 0;
  /** The element handler asked for a pause. */
  #pause = false;
  /** Elements framed so far. */
  #index = 0;
  // Inside an element:
  #depth = 0;
  #inString = false;
  #escape = false;
  /** A bare element (number, literal): it ends at a space, comma or bracket. */
  #bare = false;
  /** Text of the element from earlier pieces. */
  #parts: string[] = [];
  #length = 0;
  #keep = false;

  constructor(handler: JsonArrayHandler, options: JsonArrayReaderOptions) {
    this.#handler = handler;
    this.#skipBefore = options.skipBefore ?? 0;
    this.#maxElement = options.maxElementChars;
    this.#maxObject = options.maxObjectChars;
  }

  /** `array` or `object` once the first character has been read; `undefined` before. */
  get top(): 'array' | 'object' | undefined {
    if (this.#state === State.Start) return undefined;
    return this.#state === State.InObject ? 'object' : 'array';
  }

  /** Elements framed so far (the index the next one will have). */
  get elements(): number {
    return this.#index;
  }

  /**
   * Reads the next piece of the document from `start`. Returns where it stopped: the piece's end,
   * or just after an element whose handler asked for a pause (call again from there).
   */
  push(text: string, start = 0): number {
    const n = text.length;
    // Offsets in errors count from the document's start.
    const base = this.#offset - start;
    let i = start;
    while (i < n) {
      switch (this.#state) {
        case State.InElement:
          i = this.#scanElement(text, i);
          if (this.#pause) {
            this.#pause = false;
            this.#offset = base + i;
            return i;
          }
          break;
        case State.Start: {
          const c = text.charCodeAt(i);
          if (isSpace(c) || (c === BOM && base + i === 0)) {
            i++;
          } else if (c === OPEN_BRACKET) {
            this.#state = State.ArrayOpen;
            i++;
          } else if (c === OPEN_BRACE) {
            this.#state = State.InObject;
            this.#parts = [];
            this.#length = 0;
          } else {
            throw new JsonFramingError('not a JSON array or object', base + i);
          }
          break;
        }
        case State.ArrayOpen:
        case State.AfterComma: {
          const c = text.charCodeAt(i);
          if (isSpace(c)) {
            i++;
          } else if (c === CLOSE_BRACKET && this.#state === State.ArrayOpen) {
            this.#state = State.Done;
            i++;
          } else {
            this.#startElement(c, base + i);
          }
          break;
        }
        case State.AfterElement: {
          const c = text.charCodeAt(i);
          if (c === COMMA) this.#state = State.AfterComma;
          else if (c === CLOSE_BRACKET) this.#state = State.Done;
          else if (!isSpace(c)) throw new JsonFramingError('expected "," or "]" after an element', base + i);
          i++;
          break;
        }
        case State.Done:
          if (!isSpace(text.charCodeAt(i))) throw new JsonFramingError('unexpected text after the end of the array', base + i);
          i++;
          break;
        case State.InObject: {
          const rest = text.length - i;
          if (this.#length + rest > this.#maxObject) {
            throw new JsonFramingError(`the document is an object larger than ${this.#maxObject} characters`, base + i);
          }
          this.#parts.push(i === 0 ? text : text.slice(i));
          this.#length += rest;
          i = n;
          break;
        }
      }
    }
    this.#offset = base + n;
    return n;
  }

  /** Ends the document: throws when it stopped early; hands a top-level object over. */
  end(): void {
    switch (this.#state) {
      case State.Start:
        throw new JsonFramingError('the document is empty', this.#offset);
      case State.Done:
        return;
      case State.InObject:
        this.#handler.object?.(this.#parts.join(''));
        this.#parts = [];
        return;
      case State.InElement:
        if (this.#bare && this.#depth === 0) {
          // A bare element at the very end still needs the closing bracket after it.
          throw new JsonFramingError('the document ends before its array is closed', this.#offset);
        }
        throw new JsonFramingError('the document ends inside an element', this.#offset);
      default:
        throw new JsonFramingError('the document ends before its array is closed', this.#offset);
    }
  }

  #startElement(c: number, at: number): void {
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      this.#depth = 0;
      this.#bare = false;
    } else if (c === QUOTE) {
      this.#depth = 0;
      this.#bare = false;
    } else if (isBareStart(c)) {
      this.#depth = 0;
      this.#bare = true;
    } else {
      throw new JsonFramingError(`unexpected "${String.fromCharCode(c)}" where an element should start`, at);
    }
    this.#state = State.InElement;
    this.#inString = false;
    this.#escape = false;
    this.#parts = [];
    this.#length = 0;
    // The first element is kept even when skipping: it tells what the document holds.
    this.#keep = this.#index >= this.#skipBefore || this.#index === 0;
  }

  /** Scans element text from `start`; returns where scanning stopped (past the element's end, or the piece's end). */
  #scanElement(text: string, start: number): number {
    const n = text.length;
    let i = start;
    let depth = this.#depth;
    let inString = this.#inString;
    let escape = this.#escape;
    let end = -1;
    if (this.#bare) {
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c === COMMA || c === CLOSE_BRACKET || isSpace(c)) {
          end = i;
          break;
        }
      }
    } else {
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
          if (escape) escape = false;
          else if (c === BACKSLASH) escape = true;
          else if (c === QUOTE) {
            inString = false;
            if (depth === 0) {
              end = i + 1;
              break;
            }
          }
        } else if (c === QUOTE) {
          inString = true;
        } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          depth++;
        } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) {
            end = i + 1;
            break;
          }
        }
      }
    }
    this.#depth = depth;
    this.#inString = inString;
    this.#escape = escape;
    const stop = end === -1 ? n : end;
    this.#collect(text, start, stop);
    if (end === -1) return n;
    this.#finishElement();
    return end;
  }

  #collect(text: string, from: number, to: number): void {
    if (to <= from) return;
    this.#length += to - from;
    if (!this.#keep) return;
    if (this.#length > this.#maxElement) {
      this.#keep = false;
      this.#parts = [];
      return;
    }
    this.#parts.push(from === 0 && to === text.length ? text : text.slice(from, to));
  }

  #finishElement(): void {
    const index = this.#index++;
    const tooLarge = this.#length > this.#maxElement && (index >= this.#skipBefore || index === 0);
    const text = this.#keep ? (this.#parts.length === 1 ? this.#parts[0]! : this.#parts.join('')) : undefined;
    this.#parts = [];
    this.#state = State.AfterElement;
    this.#pause = this.#handler.element(text, index, tooLarge) === true;
  }
}
