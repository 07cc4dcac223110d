import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../../src/core/index.js";
import type { GateMode, GatePhase } from "../../../gate/decide.js";
import { parseGateInput } from "../../../gate/input/read-input.js";
import { runGate } from "../../../gate/run.js";

/**
 * The gate over previews recorded from the real engine on the test bench (scripts/record-gate-fixtures.ts):
 * the same scenario must give the same verdict whichever format it is read from.
 */

const FIXTURES = join(import.meta.dirname, "../../fixtures/gate");

interface Expectation {
  scenario: string;
  files?: string[];
  mode?: GateMode;
  phase?: GatePhase;
  /** The finding codes, or "policy violations": one or more POLICY_VIOLATION and nothing else. */
  codes: string[] | "policy violations";
  verdict: "blocked" | "passed";
  check?: (messages: string, fixes: string) => void;
}

function gate(scenario: string, file: string, mode: GateMode = "standard", phase?: GatePhase) {
  const path = join(FIXTURES, scenario, file);
  const input = parseGateInput(readFileSync(path, "utf8"), `${scenario}/${file}`);
  return runGate(input, { mode, catalog: builtinCatalog, version: "test", ...(phase ? { phase } : {}) });
}

const EXPECTATIONS: Expectation[] = [
  {
    scenario: "protected-delete",
    files: ["preview.json", "events.jsonl"],
    codes: ["STATEFUL_DELETE"],
    verdict: "blocked",
    check: (m) => {
      expect(m).toContain("It is protected, so the engine refuses the update");
    },
  },
  {
    scenario: "unprotected-delete",
    codes: ["STATEFUL_DELETE"],
    verdict: "blocked",
    check: (m) => {
      expect(m).toContain("no longer declared");
    },
  },
  {
    scenario: "dynamodb-replace-name",
    codes: ["STATEFUL_REPLACE"],
    verdict: "blocked",
    check: (m) => {
      expect(m).toContain("name:");
    },
  },
  {
    scenario: "dynamodb-replace-hash-key",
    codes: ["STATEFUL_REPLACE"],
    verdict: "blocked",
    check: (m) => {
      expect(m).toContain("hashKey");
    },
  },
  {
    scenario: "delete-before-replace",
    files: ["preview.json", "events.jsonl", "replace-steps.json"],
    codes: ["STATEFUL_DELETE_BEFORE_REPLACE"],
    verdict: "blocked",
  },
  {
    scenario: "rename-without-alias",
    files: ["preview.json", "events.jsonl"],
    codes: ["STATEFUL_DELETE"],
    verdict: "blocked",
    check: (_m, fix) => {
      expect(fix).toContain('aliases: [{ name: "orders" }]');
    },
  },
  { scenario: "rename-with-alias", codes: [], verdict: "passed" },
  { scenario: "rename-with-alias", files: ["sames.json"], mode: "zero-diff", codes: ["MOVED"], verdict: "passed" },
  { scenario: "component-move-with-alias", codes: [], verdict: "passed" },
  {
    scenario: "component-move-with-alias",
    files: ["sames.json"],
    mode: "zero-diff",
    codes: ["MOVED"],
    verdict: "passed",
  },
  {
    scenario: "component-move-without-alias",
    files: ["preview.json", "events.jsonl"],
    codes: ["STATEFUL_DELETE"],
    verdict: "blocked",
    check: (_m, fix) => {
      expect(fix).toContain("parent: pulumi.rootStackResource");
    },
  },
  {
    scenario: "retain-on-delete",
    files: ["preview.json"],
    codes: ["RETAINED_DELETE"],
    verdict: "passed",
    check: (m) => {
      expect(m).toContain("orphaned");
    },
  },
  { scenario: "expand-contract-expand", phase: "expand", codes: [], verdict: "passed" },
  {
    scenario: "expand-contract-contract",
    phase: "expand",
    codes: ["STATEFUL_DELETE", "PHASE_VIOLATION"],
    verdict: "blocked",
  },
  {
    scenario: "expand-contract-contract",
    phase: "contract",
    codes: ["STATEFUL_DELETE", "CONTRACT_DELETE"],
    verdict: "blocked",
  },
  {
    scenario: "unprotect-with-update",
    files: ["preview.json", "events.jsonl"],
    codes: ["PROTECT_REMOVED"],
    verdict: "blocked",
  },
  {
    scenario: "unprotect-with-replace",
    files: ["preview.json", "events.jsonl"],
    codes: ["STATEFUL_REPLACE", "PROTECT_REMOVED"],
    verdict: "blocked",
  },
  {
    scenario: "policy-violation",
    files: ["events.jsonl"],
    // Recorded with the whole pack: every violation it reported is carried, each as a POLICY_VIOLATION.
    codes: "policy violations",
    verdict: "blocked",
    check: (m) => {
      expect(m).toContain("stateful-resources-protected (mandatory)");
    },
  },
  {
    scenario: "unprotect-only",
    files: ["preview.json", "events.jsonl"],
    codes: ["PROTECT_REMOVED"],
    verdict: "blocked",
  },
  {
    scenario: "protected-replace",
    files: ["preview.json", "events.jsonl"],
    codes: ["STATEFUL_REPLACE"],
    verdict: "blocked",
  },
  { scenario: "stateless-mixed", codes: [], verdict: "passed" },
  {
    scenario: "stateless-mixed",
    mode: "zero-diff",
    files: ["preview.json"],
    codes: ["CHANGE", "CHANGE"],
    verdict: "blocked",
  },
];

describe("the gate on previews recorded from the real engine", () => {
  for (const e of EXPECTATIONS) {
    const files = (e.files ?? ["preview.json", "events.jsonl", "plan.json"]).filter((f) =>
      existsSync(join(FIXTURES, e.scenario, f)),
    );
    it.each(files)(
      `${e.scenario} (${e.mode ?? "standard"}${e.phase ? `, ${e.phase}` : ""}) from %s: ${e.verdict}, ${typeof e.codes === "string" ? e.codes : e.codes.join(", ") || "no findings"}`,
      (file) => {
        const report = gate(e.scenario, file, e.mode, e.phase);
        const codes = report.items.map((i) => i.finding.code).sort();
        if (e.codes === "policy violations") {
          expect(codes.length).toBeGreaterThan(0);
          expect(new Set(codes)).toEqual(new Set(["POLICY_VIOLATION"]));
        } else {
          expect(codes).toEqual([...e.codes].sort());
        }
        expect(report.verdict).toBe(e.verdict);
        e.check?.(
          report.items.map((i) => i.finding.message).join("\n"),
          report.items.map((i) => i.finding.fix ?? "").join("\n"),
        );
      },
    );
  }

  it("points findings at the program's source position when the engine recorded one", () => {
    const report = gate("unprotected-delete", "preview.json");
    expect(report.items[0]?.finding.location).toMatchObject({ file: "index.ts", line: expect.any(Number) as number });
  });
});
