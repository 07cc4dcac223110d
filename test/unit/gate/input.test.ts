import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../../src/core/index.js";
import { decideGate } from "../../../gate/decide.js";
import { GateInputError, parseGateInput } from "../../../gate/input/read-input.js";
import { STEP_OPS } from "../../../gate/input/model.js";
import { DB, previewDoc, state, urn } from "./builders.js";

function parse(text: string) {
  return parseGateInput(text, "preview.json");
}

function inputError(text: string): GateInputError {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof GateInputError) return e;
    throw e;
  }
  throw new Error("expected a GateInputError");
}

describe("reading gate input", () => {
  it("recognises a preview document", () => {
    const input = parse(
      JSON.stringify(previewDoc([{ op: "create", urn: urn(DB, "db"), newState: state(DB, "db", {}) }])),
    );
    expect(input.format).toBe("preview-json");
    expect(input.steps.map((s) => [s.op, s.type])).toEqual([["create", DB]]);
    expect(input.previewSucceeded).toBe(true);
  });

  it("recognises an event stream, carrying policy violations and the summary", () => {
    const u = urn(DB, "db");
    const lines = [
      { sequence: 0, timestamp: 1, preludeEvent: { config: {} } },
      {
        sequence: 1,
        timestamp: 1,
        resourcePreEvent: { metadata: { op: "create", urn: u, type: DB, new: state(DB, "db", {}), keys: [] } },
      },
      {
        sequence: 2,
        timestamp: 1,
        policyEvent: {
          resourceUrn: u,
          message: "not protected",
          policyName: "p",
          policyPackName: "stateguard",
          enforcementLevel: "mandatory",
        },
      },
      { sequence: 3, timestamp: 1, summaryEvent: { resourceChanges: { create: 1 }, result: "succeeded" } },
    ];
    const input = parse(lines.map((l) => JSON.stringify(l)).join("\n"));
    expect(input.format).toBe("event-stream");
    expect(input.policyViolations).toEqual([
      {
        policyName: "p",
        policyPackName: "stateguard",
        message: "not protected",
        enforcementLevel: "mandatory",
        urn: u,
      },
    ]);
    expect(input.changeSummary).toEqual({ create: 1 });
    expect(input.previewSucceeded).toBe(true);
  });

  it("treats an event stream without a summary as an incomplete preview", () => {
    const u = urn(DB, "db");
    const line = JSON.stringify({ resourcePreEvent: { metadata: { op: "create", urn: u, type: DB, keys: [] } } });
    const input = parse(`${line}\n${line}`);
    expect(input.previewSucceeded).toBe(false);
    expect(decideGate(input, { mode: "standard", catalog: builtinCatalog }).findings.map((f) => f.code)).toEqual([
      "PREVIEW_FAILED",
    ]);
  });

  it("recognises a saved plan", () => {
    const input = parse(
      JSON.stringify({
        manifest: {},
        config: {},
        resourcePlans: {
          [urn(DB, "db")]: {
            goal: { type: DB, name: "db", custom: true, inputDiff: { updates: { engine: "mysql" } }, protect: false },
            steps: ["create-replacement", "replace", "delete-replaced"],
            state: { engine: "mysql" },
          },
          [urn(DB, "gone")]: { steps: ["delete"] },
        },
      }),
    );
    expect(input.format).toBe("plan");
    expect(input.steps.map((s) => s.op)).toEqual(["create-replacement", "replace", "delete-replaced", "delete"]);
    expect(input.steps[1]?.replaceReasons).toEqual(["engine"]);
  });

  it.each([
    ["an empty file", "", "the input is empty"],
    ["whitespace only", "  \n ", "the input is empty"],
    ["plain text preview output", "Previewing update (dev):\n", "the input is not JSON"],
    ["truncated JSON", '{"steps": [{"op": "create", "urn": "urn:pu', "invalid or truncated JSON"],
    [
      "JSON that is not a preview",
      '{"name": "x", "version": "1.0.0"}',
      "JSON that is not a preview (top-level keys: name, version)",
    ],
    ["a JSON array", "[1, 2]", "the input is not JSON"],
  ])("rejects %s with a clear message", (_what, text, message) => {
    expect(inputError(text).message).toContain(message);
  });

  it("names the step and field of an unknown operation", () => {
    const doc = previewDoc([{ op: "frobnicate", urn: urn(DB, "db") }]);
    expect(inputError(JSON.stringify(doc)).message).toBe('preview.json (steps[0].op): unknown operation "frobnicate"');
  });

  it("names a missing urn", () => {
    const doc = { steps: [{ op: "create" }] };
    expect(inputError(JSON.stringify(doc)).message).toBe(
      "preview.json (steps[0].urn): expected a non-empty string, found undefined",
    );
  });

  it("names a field of the wrong type inside a state", () => {
    const doc = { steps: [{ op: "delete", urn: urn(DB, "db"), oldState: { ...state(DB, "db", {}), protect: "yes" } }] };
    expect(inputError(JSON.stringify(doc)).message).toContain("steps[0].oldState.protect");
  });

  it("names the line of an event stream that is not JSON", () => {
    const good = JSON.stringify({ preludeEvent: { config: {} } });
    expect(inputError(`${good}\n${good}\nnot json\n`).message).toContain("(line 3)");
  });

  it("ignores engine-internal ops", () => {
    const doc = { steps: [{ op: "diff", urn: urn(DB, "db") }], changeSummary: {} };
    expect(parse(JSON.stringify(doc)).steps).toEqual([]);
  });

  it("reads a 100 MB preview document", () => {
    const big = { ...state(DB, "db", { blob: "x".repeat(1000) }) };
    const steps = Array.from({ length: 40_000 }, (_, i) => ({
      op: "same",
      urn: urn(DB, `db-${i}`),
      oldState: big,
      newState: big,
    }));
    const text = JSON.stringify({ steps, changeSummary: { same: steps.length } });
    expect(text.length).toBeGreaterThan(100_000_000);
    const input = parse(text);
    expect(input.steps).toHaveLength(40_000);
    expect(decideGate(input, { mode: "standard", catalog: builtinCatalog }).findings).toEqual([]);
  }, 60_000);
});

describe("the gate over generated input", () => {
  const op = fc.constantFrom(...STEP_OPS, "bogus");
  const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant("[secret]"));
  const stateArb = fc.record(
    {
      urn: fc.constantFrom(urn(DB, "a"), urn(DB, "b"), urn("aws:iam/role:Role", "c")),
      type: fc.constantFrom(DB, "aws:iam/role:Role", "aws:s3/bucket:Bucket"),
      custom: fc.boolean(),
      inputs: fc.dictionary(fc.constantFrom("engine", "name", "identifier", "x"), value),
      protect: fc.oneof(fc.boolean(), fc.constant("no")),
      retainOnDelete: fc.boolean(),
    },
    { requiredKeys: ["urn", "type"] },
  );
  const step = fc.record(
    {
      op,
      urn: fc.oneof(fc.constantFrom(urn(DB, "a"), urn(DB, "b"), urn("aws:iam/role:Role", "c")), fc.string()),
      oldState: stateArb,
      newState: stateArb,
      replaceReasons: fc.array(fc.constantFrom("engine", "name")),
    },
    { requiredKeys: ["op", "urn"] },
  );

  it("either reads the input or rejects it with a GateInputError; decisions never throw; secrets never leak", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        let input;
        try {
          input = parse(JSON.stringify({ steps, changeSummary: {} }));
        } catch (e) {
          expect(e).toBeInstanceOf(GateInputError);
          return;
        }
        const { findings } = decideGate(input, { mode: "zero-diff", catalog: builtinCatalog });
        for (const f of findings) {
          expect(typeof f.message).toBe("string");
          expect(f.message).not.toMatch(/"\[secret\]"/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never reads arbitrary text as a clean preview", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          const input = parse(text);
          // Anything accepted must be a real preview shape, not noise.
          expect(["preview-json", "event-stream", "plan"]).toContain(input.format);
        } catch (e) {
          expect(e).toBeInstanceOf(GateInputError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
