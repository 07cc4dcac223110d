import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { GateInputError } from "./errors.js";
import { isObject, type Json } from "./fields.js";
import { fromEventLines, fromEvents, isEngineEvent } from "./event-stream.js";
import type { GateInput } from "./model.js";
import { fromPlan, isPlan } from "./plan.js";
import { bufferSource, SliceError, streamObject, type ByteSource } from "./json-scan.js";
import { fromPreviewDocument, isPreviewDocument, PreviewReader } from "./preview-json.js";

export { GateInputError } from "./errors.js";

/**
 * Recognises the input format from its content: a preview document, an event stream (one JSON event per line)
 * or an update plan.
 */
export function parseGateInput(text: string, source: string): GateInput {
  const bytes = Buffer.from(text, "utf8");
  return parseSource(bufferSource(bytes), () => bytes, source);
}

/** The arrays of a preview document that are read one element at a time. */
const STREAMED = new Set(["steps"]);

/**
 * A preview document is read one step at a time (json-scan.ts), so the gate never holds the whole document, as
 * bytes or as objects. Everything else (event streams, plans, broken JSON, JSON that is not a preview) is read
 * whole by `whole()`, which also gives JSON.parse's exact message for broken JSON.
 */
function parseSource(bytes: ByteSource, whole: () => Buffer, source: string): GateInput {
  const reader = new PreviewReader(source);
  let streamed;
  try {
    streamed = streamObject(bytes, STREAMED, (_key, index, value) => {
      reader.step(value, index);
    });
  } catch (e) {
    if (e instanceof SliceError) throw new GateInputError(source, e.message, e.field);
    throw e;
  }
  if (streamed) {
    const doc: Json = Object.fromEntries(streamed.members);
    if (streamed.streamed.length > 0 && !isPlan(doc)) return reader.finish(doc);
    if (!isPlan(doc) && isPreviewDocument(doc)) return reader.finish(doc);
  }
  return parseOwned({ text: whole().toString("utf8") }, source);
}

/**
 * Parses text handed over in a box that this function empties: once JSON.parse has built the tree, nothing holds
 * the raw text any more, so a large preview is not kept in memory twice while the gate works on it.
 */
function parseOwned(box: { text: string }, source: string): GateInput {
  let trimmed = box.text.trim();
  box.text = "";
  if (trimmed === "")
    throw new GateInputError(source, "the input is empty: expected the output of `pulumi preview --json`");
  if (!trimmed.startsWith("{")) {
    throw new GateInputError(
      source,
      `the input is not JSON (it starts with ${JSON.stringify(trimmed.slice(0, 30))}): run \`pulumi preview --json\`, not plain \`pulumi preview\``,
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(trimmed);
  } catch (e) {
    // Several lines of JSON objects are an event stream; anything else is broken JSON.
    const firstLineEnd = trimmed.indexOf("\n");
    if (firstLineEnd > 0) {
      let firstLine: unknown;
      try {
        firstLine = JSON.parse(trimmed.slice(0, firstLineEnd));
      } catch {
        firstLine = undefined;
      }
      if (isObject(firstLine) && isEngineEvent(firstLine)) return fromEventLines(trimmed, source);
    }
    throw new GateInputError(source, `invalid or truncated JSON: ${(e as Error).message}`);
  }
  trimmed = "";
  if (!isObject(document)) throw new GateInputError(source, "expected a JSON object");
  if (isPlan(document)) return fromPlan(document, source);
  if (isPreviewDocument(document)) return fromPreviewDocument(document, source, { consume: true });
  if (isEngineEvent(document)) return fromEvents([document], source, () => "line 1");
  throw new GateInputError(
    source,
    `JSON that is not a preview (top-level keys: ${Object.keys(document).slice(0, 8).join(", ") || "none"}); expected the output of \`pulumi preview --json\`, its event stream, or a plan from --save-plan`,
  );
}

/** Reads a file, or standard input for "-". */
export function readGateInput(file: string, stdin: () => string | Buffer = () => readFileSync(0)): GateInput {
  const source = file === "-" ? "<stdin>" : file;
  const cannotRead = (e: unknown) =>
    new GateInputError(source, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  if (file === "-") {
    let bytes: Buffer;
    try {
      const read = stdin();
      bytes = typeof read === "string" ? Buffer.from(read, "utf8") : read;
    } catch (e) {
      throw cannotRead(e);
    }
    return parseSource(bufferSource(bytes), () => bytes, source);
  }
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (e) {
    throw cannotRead(e);
  }
  try {
    return parseSource(fileSource(fd, cannotRead), () => readWhole(fd, cannotRead), source);
  } finally {
    closeSync(fd);
  }
}

/** A file read chunk by chunk from its start. */
function fileSource(fd: number, cannotRead: (e: unknown) => Error): ByteSource {
  let position = 0;
  return {
    next: (kept, wanted) => {
      const window = Buffer.allocUnsafe(kept.length + wanted);
      kept.copy(window, 0);
      let n: number;
      try {
        n = readSync(fd, window, kept.length, wanted, position);
      } catch (e) {
        throw cannotRead(e);
      }
      position += n;
      return n === 0 ? undefined : window.subarray(0, kept.length + n);
    },
  };
}

function readWhole(fd: number, cannotRead: (e: unknown) => Error): Buffer {
  try {
    return readFileSync(fd);
  } catch (e) {
    throw cannotRead(e);
  }
}
