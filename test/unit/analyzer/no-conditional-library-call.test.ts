import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeDirectory } from "../../../lint-rules/analyzer/index.js";
import { noConditionalLibraryCall } from "../../../lint-rules/analyzer/checks/no-conditional-library-call.js";
import { FIXTURES, position } from "./support.js";

describe("no-conditional-library-call", { timeout: 60_000 }, () => {
  const analysis = analyzeDirectory(join(FIXTURES, "conditional-call"), { checks: [noConditionalLibraryCall] });
  const findings = analysis.findings;

  it("reports a call under a condition on an argument into a function of another file that creates resources", () => {
    expect(findings.every((f) => f.code === "CONDITIONAL_LIBRARY_CALL" && f.severity === "error")).toBe(true);
    expect(findings.map((f) => position(f.location))).toContain("lib/app.ts:19:7");
  });

  it("reports a method called on `this` under a condition in another method", () => {
    const finding = findings.find((f) => position(f.location) === "lib/app.ts:29:30");
    expect(finding?.resource).toMatchObject({ type: "aws:rds/instance:Instance", name: "shop-replica" });
  });

  it("does not report calls of functions that create nothing, constant conditions, loops, validation or program code", () => {
    // logName (creates nothing) at 21, `if (DEBUG)` at 22, a loop over an argument at 23, setupMonitoring in the
    // program's top level (index.ts:11) and in the top level of another module of the program (setup.ts:6),
    // createLogs after the `throw` guard only for its own `if`.
    expect(findings.map((f) => position(f.location)).sort()).toEqual(["lib/app.ts:19:7", "lib/app.ts:29:30"]);
  });

  it("names the callee and where its resources are created in the finding's resource", () => {
    const finding = findings.find((f) => position(f.location) === "lib/app.ts:19:7");
    expect(finding).toMatchObject({
      rule: "no-conditional-library-call",
      source: "analyzer",
      resource: { urn: "urn:pulumi:<stack>::conditional-call::acme:app:App$aws:s3/bucket:Bucket::shop-logs" },
    });
  });
});
