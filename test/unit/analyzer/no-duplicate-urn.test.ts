import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeDirectory, CHECKS, exclusiveArms } from "../../../lint-rules/analyzer/index.js";
import { FIXTURES, position } from "./support.js";

describe("no-duplicate-urn", { timeout: 60_000 }, () => {
  const analysis = analyzeDirectory(join(FIXTURES, "duplicate-urns"), { checks: CHECKS });
  const duplicates = analysis.findings.filter((f) => f.code === "DUPLICATE_URN");
  const at = (p: string) => duplicates.find((f) => position(f.location) === p);

  it("reports two `new` expressions in two files that register the same URN, at the second", () => {
    expect(at("lib/queues.ts:12:3")).toMatchObject({
      severity: "error",
      rule: "no-duplicate-urn",
      resource: { urn: "urn:pulumi:<stack>::duplicate-urns::aws:sqs/queue:Queue::events" },
    });
  });

  it("reports a factory called twice with the same name at the second call", () => {
    expect(at("index.ts:10:1")?.resource?.name).toBe("jobs");
  });

  it("reports two elements of a literal loop giving the same name, at the loop", () => {
    expect(at("index.ts:12:1")?.resource?.name).toBe("dup-x");
  });

  it("reports a component registered twice once, not each of its children", () => {
    expect(at("index.ts:17:1")?.resource?.urn).toBe("urn:pulumi:<stack>::duplicate-urns::acme:data:Database::main");
    expect(duplicates.filter((f) => f.resource?.name === "main-db")).toEqual([]);
  });

  it("reports a collision that depends on a condition as a warning", () => {
    expect(at("index.ts:22:1")).toMatchObject({ severity: "warning", resource: { name: "audit" } });
  });

  it("does not report exclusive branches (if/else, ternary, switch cases, early return) nor unresolved names", () => {
    expect(duplicates.map((f) => position(f.location)).sort()).toEqual([
      "index.ts:10:1",
      "index.ts:12:1",
      "index.ts:17:1",
      "index.ts:22:1",
      "lib/queues.ts:12:3",
    ]);
    expect(analysis.findings.filter((f) => f.code !== "DUPLICATE_URN")).toEqual([]);
  });
});

describe("exclusive branches", () => {
  const arm = (construct: number, a: string, leaves = false) =>
    ({ kind: "if", test: "x", construct, arm: a, leaves, decisive: true, counts: true, source: undefined }) as const;

  it("holds for then and else, and for the two arms of a ternary", () => {
    expect(exclusiveArms(arm(1, "then"), arm(1, "else"))).toBe(true);
    expect(exclusiveArms(arm(1, "true"), arm(1, "false"))).toBe(true);
  });

  it("holds for an early return and the code after it, only when that branch leaves", () => {
    expect(exclusiveArms(arm(1, "then", true), arm(1, "after"))).toBe(true);
    expect(exclusiveArms(arm(1, "then", false), arm(1, "after"))).toBe(false);
  });

  it("holds for switch cases unless the earlier one falls through", () => {
    expect(exclusiveArms(arm(1, "case 0", true), arm(1, "case 1"))).toBe(true);
    expect(exclusiveArms(arm(1, "case 0", false), arm(1, "case 1", true))).toBe(false);
  });

  it("does not hold for the same arm, another construct, or a logical operator's right side", () => {
    expect(exclusiveArms(arm(1, "then"), arm(1, "then"))).toBe(false);
    expect(exclusiveArms(arm(1, "then"), arm(2, "else"))).toBe(false);
    expect(exclusiveArms(arm(1, "right"), arm(1, "right"))).toBe(false);
  });
});
