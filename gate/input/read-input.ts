import { readFileSync } from "node:fs";
import { GateInputError } from "./errors.js";
import { isObject } from "./fields.js";
import { fromEventLines, fromEvents, isEngineEvent } from "./event-stream.js";
import type { GateInput } from "./model.js";
import { fromPlan, isPlan } from "./plan.js";
import { fromPreviewDocument, isPreviewDocument } from "./preview-json.js";

export { GateInputError } from "./errors.js";

/**
 * Recognises the input format from its content: a preview document, an event stream (one JSON event per line)
 * or an update plan.
 */
export function parseGateInput(text: string, source: string): GateInput {
  return parseOwned({ text }, source);
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
export function readGateInput(file: string, stdin: () => string = () => readFileSync(0, "utf8")): GateInput {
  const source = file === "-" ? "<stdin>" : file;
  const box = { text: "" };
  try {
    box.text = file === "-" ? stdin() : readFileSync(file, "utf8");
  } catch (e) {
    throw new GateInputError(source, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseOwned(box, source);
}
