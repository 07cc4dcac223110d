/**
 * Reads a JSON document's top-level object from its bytes a window at a time, parsing its members one by one and
 * the elements of chosen arrays one by one, so that neither the bytes nor the objects of the whole document are
 * ever in memory at once: parsing a large preview whole costs over 3x its size in memory before any work is done.
 *
 * Streaming JSON libraries tokenise every value in JavaScript; this scanner only looks at the bytes that give
 * structure (quotes, brackets, commas, colons) and leaves the values to the engine's own JSON.parse. It is strict
 * about the top level (members and elements must be separated by commas) and leaves the values' own syntax,
 * matching brackets included, to JSON.parse, which reports it per slice. Anything it cannot follow yields
 * undefined, and the caller falls back to parsing the text whole, which produces JSON.parse's exact message.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isWhitespace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

export function skipWhitespace(buf: Uint8Array, at: number): number {
  let i = at;
  while (i < buf.length && isWhitespace(buf[i])) i++;
  return i;
}

/** `at` is on an opening quote; returns the offset after the closing quote, or -1. */
export function endOfString(buf: Buffer, at: number): number {
  let from = at + 1;
  for (;;) {
    const quote = buf.indexOf(QUOTE, from);
    if (quote < 0) return -1;
    let backslashes = 0;
    for (let k = quote - 1; buf[k] === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** `at` is on the first byte of a value; returns the offset after it, or -1 when the structure is broken. */
export function endOfValue(buf: Buffer, at: number): number {
  const first = buf[at];
  if (first === QUOTE) return endOfString(buf, at);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    // A number or a literal: up to the next separator; JSON.parse judges its spelling.
    let i = at;
    while (i < buf.length) {
      const b = buf[i];
      if (b === COMMA || b === CLOSE_BRACE || b === CLOSE_BRACKET || isWhitespace(b) || b === QUOTE) break;
      if (b === OPEN_BRACE || b === OPEN_BRACKET || b === COLON) return -1;
      i++;
    }
    return i > at ? i : -1;
  }
  // One pass over the bytes, strings included (a byte-at-a-time loop beats searching for each closing quote, since
  // a step holds dozens of short strings), counting depth only: the value is handed to JSON.parse afterwards,
  // which rejects mismatched brackets, so the scan need not track which bracket closes which.
  const n = buf.length;
  let depth = 0;
  for (let i = at; i < n; i++) {
    const b = buf[i];
    if (b === QUOTE) {
      for (i++; i < n; i++) {
        const c = buf[i];
        if (c === BACKSLASH) i++;
        else if (c === QUOTE) break;
      }
    } else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
    else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Where the bytes come from: chunk by chunk from a file, or all at once from a buffer (standard input). */
export interface ByteSource {
  /**
   * `kept` followed by the next bytes (about `wanted` of them), in one buffer; undefined at the end of the input.
   * A file source reads straight behind the kept bytes, so the document is copied only once, from the file.
   */
  next(kept: Buffer, wanted: number): Buffer | undefined;
}

export function bufferSource(buf: Buffer): ByteSource {
  let done = false;
  return {
    next: (kept) => {
      if (done) return undefined;
      done = true;
      return kept.length === 0 ? buf : Buffer.concat([kept, buf]);
    },
  };
}

/** What streamObject hands back: the members it did not stream, parsed, in order (the last duplicate wins). */
export interface StreamedObject {
  readonly members: Map<string, unknown>;
  /** The streamed arrays' keys, as they appeared (a key may appear twice). */
  readonly streamed: readonly string[];
}

/** A member's value or an element that is not valid JSON, or a streamed array listed twice: names the field. */
export class SliceError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const CHUNK = 8 << 20;

/**
 * Reads the single JSON object that `source` holds, keeping only a window of bytes in memory: the members are
 * parsed one by one, and the arrays under `expand` element by element, each element handed to `onElement` (with
 * its key and index) and then dropped. Undefined when the bytes are not one well-structured object (broken,
 * truncated, or followed by more content, as in an event stream): the caller then reads them whole. Throws
 * SliceError when a member or an element has valid structure but is not valid JSON, and whatever onElement throws.
 */
export function streamObject(
  source: ByteSource,
  expand: ReadonlySet<string>,
  onElement: (key: string, index: number, value: unknown) => void,
): StreamedObject | undefined {
  let window: Buffer = Buffer.alloc(0);
  let eof = false;
  /** Drops the bytes before `keep` and appends more; false at the end of the input. */
  const more = (keep: number): boolean => {
    if (eof) return false;
    const kept = window.subarray(Math.min(keep, window.length));
    const next = source.next(kept, Math.max(CHUNK, kept.length));
    if (!next) {
      eof = true;
      return false;
    }
    window = next;
    return true;
  };
  /** Offset of the next non-blank byte at or after `at`, reading more when needed; -1 at the end of the input. */
  const nonBlank = (at: number): number => {
    let i = skipWhitespace(window, at);
    while (i >= window.length) {
      if (!more(window.length)) return -1;
      i = skipWhitespace(window, 0);
    }
    return i;
  };
  /**
   * The value at `at`, once complete in the window: its closing byte and, so that a number cut in two is not taken
   * for a whole one, the byte after it, unless the input ends there. Reading more keeps the bytes from `at` on,
   * so the offsets returned are in the current window. Undefined when the structure is broken or truncated.
   */
  const complete = (at: number): { start: number; end: number } | undefined => {
    let start = at;
    for (;;) {
      const end = endOfValue(window, start);
      if (end >= 0 && (end < window.length || eof)) return { start, end };
      if (!more(start)) return end >= 0 ? { start, end } : undefined;
      start = 0;
    }
  };
  const parse = (from: number, to: number, field: string): unknown => {
    try {
      return JSON.parse(window.toString("utf8", from, to));
    } catch (e) {
      throw new SliceError(field, `invalid JSON: ${(e as Error).message}`);
    }
  };

  if (!more(0)) return undefined;
  const bom = window[0] === 0xef && window[1] === 0xbb && window[2] === 0xbf ? 3 : 0;
  let i = nonBlank(bom);
  if (i < 0 || window[i] !== OPEN_BRACE) return undefined;
  const members = new Map<string, unknown>();
  const streamed: string[] = [];
  i = nonBlank(i + 1);
  if (i < 0) return undefined;
  if (window[i] === CLOSE_BRACE) return nonBlank(i + 1) < 0 ? { members, streamed } : undefined;
  for (;;) {
    // The key, then the colon.
    if (window[i] !== QUOTE) return undefined;
    const keyRange = complete(i);
    if (!keyRange) return undefined;
    let key: string;
    try {
      key = JSON.parse(window.toString("utf8", keyRange.start, keyRange.end)) as string;
    } catch {
      return undefined;
    }
    i = nonBlank(keyRange.end);
    if (i < 0 || window[i] !== COLON) return undefined;
    i = nonBlank(i + 1);
    if (i < 0) return undefined;
    if (expand.has(key) && window[i] === OPEN_BRACKET) {
      // The array, element by element; as with JSON.parse, a later duplicate key replaces an earlier one.
      if (streamed.includes(key)) {
        // JSON.parse would keep the last one; a stream cannot take back what it handed out, and no engine writes
        // a key twice.
        throw new SliceError(key, `the document lists "${key}" twice`);
      }
      members.delete(key);
      streamed.push(key);
      i = nonBlank(i + 1);
      if (i < 0) return undefined;
      for (let index = 0; window[i] !== CLOSE_BRACKET; index++) {
        if (index > 0) {
          if (window[i] !== COMMA) return undefined;
          i = nonBlank(i + 1);
          if (i < 0) return undefined;
        }
        const range = complete(i);
        if (!range) return undefined;
        onElement(key, index, parse(range.start, range.end, `${key}[${String(index)}]`));
        i = nonBlank(range.end);
        if (i < 0) return undefined;
      }
      i = nonBlank(i + 1);
    } else {
      const range = complete(i);
      if (!range) return undefined;
      members.set(key, parse(range.start, range.end, key));
      i = nonBlank(range.end);
    }
    if (i < 0) return undefined;
    // Nothing may follow the object: several objects, one per line, are an event stream.
    if (window[i] === CLOSE_BRACE) return nonBlank(i + 1) < 0 ? { members, streamed } : undefined;
    if (window[i] !== COMMA) return undefined;
    i = nonBlank(i + 1);
    if (i < 0) return undefined;
  }
}
