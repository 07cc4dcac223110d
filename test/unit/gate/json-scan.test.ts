import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bufferSource, SliceError, streamObject, type ByteSource } from "../../../gate/input/json-scan.js";
import { GateInputError, parseGateInput, readGateInput } from "../../../gate/input/read-input.js";
import { DB, previewDoc, state, urn } from "./builders.js";

const EXPAND = new Set(["steps"]);

/** Bytes handed out in chunks of the given sizes (cycled), as a file read in small pieces would. */
function chunked(buf: Buffer, sizes: readonly number[]): ByteSource {
  let at = 0;
  let k = 0;
  return {
    next: (kept) => {
      if (at >= buf.length) return undefined;
      const size = Math.max(1, sizes[k++ % sizes.length] ?? 1);
      const chunk = buf.subarray(at, at + size);
      at += size;
      return Buffer.concat([kept, chunk]);
    },
  };
}

/** What the stream says the document holds, rebuilt from its members and elements. */
function rebuild(text: string, sizes?: readonly number[]): unknown {
  const buf = Buffer.from(text, "utf8");
  const elements = new Map<string, unknown[]>();
  const streamed = streamObject(sizes ? chunked(buf, sizes) : bufferSource(buf), EXPAND, (key, index, value) => {
    const list = index === 0 ? [] : (elements.get(key) ?? []);
    expect(list).toHaveLength(index);
    list.push(value);
    elements.set(key, list);
  });
  if (!streamed) return undefined;
  const out: Record<string, unknown> = Object.fromEntries(streamed.members);
  for (const key of streamed.streamed) if (!streamed.members.has(key)) out[key] = elements.get(key) ?? [];
  return out;
}

describe("the streaming read of a preview document", () => {
  it("finds the members and the steps of a document with escapes, nesting and multi-byte text", () => {
    const text = `{ "steps" : [ {"op":"same","urn":"a\\"]}\\\\"}, [1,{"x":"}"}], "é€😀", -1.5e3, true, null ],
      "diagnostics":[], "changeSummary": {"same": 2} }\n`;
    expect(rebuild(text)).toEqual(JSON.parse(text));
    expect(rebuild(text, [1])).toEqual(JSON.parse(text));
    expect(rebuild(text, [3, 1, 7])).toEqual(JSON.parse(text));
  });

  it("agrees with JSON.parse on every generated document, however the bytes are cut into chunks", () => {
    const doc = fc.dictionary(
      fc.oneof(fc.constant("steps"), fc.string()),
      fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue())),
    );
    fc.assert(
      fc.property(
        doc,
        fc.constantFrom(0, 1, 4),
        fc.option(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 })),
        (value, indent, sizes) => {
          const text = JSON.stringify(value, null, indent);
          expect(rebuild(text, sizes ?? undefined)).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);

  it("gives up on broken or truncated structure and on content after the object, instead of guessing", () => {
    for (const text of [
      `{"steps":[1,2}`,
      `{"steps":[1 2]}`,
      `{"steps":[1,]}`,
      `{"a":1 "b":2}`,
      `{"a":"unterminated}`,
      `{"a":1,}`,
      `{"a":1}x`,
      `{"a":1}\n{"b":2}`,
      `{"steps":[{"op":"same"`,
      `{"steps":[12`,
      `[1]`,
      ``,
    ]) {
      expect(rebuild(text), text).toBeUndefined();
      expect(rebuild(text, [1]), text).toBeUndefined();
    }
  });

  it("leaves mismatched brackets inside a value to JSON.parse, which names the member", () => {
    expect(() => rebuild(`{"a":[{]}, "steps": []}`)).toThrow(SliceError);
    expect(() => rebuild(`{"steps":[{"op":[}]}`)).toThrow(/invalid JSON/);
  });

  it("never throws on arbitrary bytes, except to name a value that is not JSON", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 1, max: 8 }), (bytes, size) => {
        try {
          streamObject(chunked(Buffer.from(bytes), [size]), EXPAND, () => undefined);
        } catch (e) {
          expect(e).toBeInstanceOf(SliceError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe("reading a preview one step at a time", () => {
  it("reads every truncation of a valid preview as an error, never as a shorter preview", () => {
    const text = JSON.stringify(
      previewDoc([
        { op: "delete", urn: urn(DB, "a"), oldState: state(DB, "a", { engine: "postgres" }) },
        { op: "same", urn: urn(DB, "b"), oldState: state(DB, "b", {}), newState: state(DB, "b", {}) },
      ]),
    );
    for (let cut = 1; cut < text.length - 1; cut++) {
      expect(() => parseGateInput(text.slice(0, cut), "p.json"), `cut at ${cut}`).toThrow(GateInputError);
    }
    expect(parseGateInput(text, "p.json").steps.map((s) => s.op)).toEqual(["delete", "same"]);
  });

  it("names the step whose JSON is broken", () => {
    const text = `{"steps":[{"op":"same","urn":"${urn(DB, "a")}"},{"op":tru}],"changeSummary":{}}`;
    expect(() => parseGateInput(text, "p.json")).toThrow(/p\.json \(steps\[1\]\): invalid JSON/);
  });

  it("refuses a document with its steps twice instead of picking one", () => {
    const text = `{"steps":[],"steps":[{"op":"same","urn":"${urn(DB, "a")}"}],"changeSummary":{"same":1}}`;
    expect(() => parseGateInput(text, "p.json")).toThrow(/p\.json \(steps\): the document lists "steps" twice/);
  });

  it("reads a byte order mark and surrounding whitespace", () => {
    const text = `\uFEFF \n${JSON.stringify(previewDoc([{ op: "delete", urn: urn(DB, "a"), oldState: state(DB, "a", {}) }]))}\n\n`;
    expect(parseGateInput(text, "p.json").steps).toHaveLength(1);
  });
});

describe("reading a preview file in chunks", () => {
  it("gives the same steps as reading the same text at once, across many chunk boundaries", () => {
    const dir = mkdtempSync(join(tmpdir(), "sg-scan-"));
    try {
      const steps = Array.from({ length: 6_000 }, (_, i) => ({
        op: i % 50 === 0 ? "delete" : "same",
        urn: urn(DB, `db-${i}`),
        oldState: state(DB, `db-${i}`, { blob: "é".repeat(1_000 + (i % 7)), n: i }),
        ...(i % 50 === 0 ? {} : { newState: state(DB, `db-${i}`, { blob: "é".repeat(1_000 + (i % 7)), n: i }) }),
      }));
      const text = JSON.stringify(previewDoc(steps), null, 2);
      expect(text.length).toBeGreaterThan((3 * (8 << 20)) / 2);
      const file = join(dir, "preview.json");
      writeFileSync(file, text);
      const fromFile = readGateInput(file);
      const fromText = parseGateInput(text, file);
      expect(fromFile.steps).toHaveLength(6_000);
      expect(fromFile).toEqual(fromText);
      expect(fromFile.steps.filter((s) => s.op === "delete")).toHaveLength(120);
      writeFileSync(file, text.slice(0, text.length - 10));
      expect(() => readGateInput(file)).toThrow(/invalid or truncated JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
