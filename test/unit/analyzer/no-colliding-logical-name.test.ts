import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeDirectory, CHECKS } from "../../../lint-rules/analyzer/index.js";
import { FIXTURES, position } from "./support.js";

describe("no-colliding-logical-name", { timeout: 60_000 }, () => {
  const analysis = analyzeDirectory(join(FIXTURES, "colliding-names"), { checks: CHECKS });
  const colliding = analysis.findings.filter((f) => f.code === "COLLIDING_LOGICAL_NAME");
  const at = (p: string) => colliding.find((f) => position(f.location) === p);

  it("reports a constant name in a function called twice from the program", () => {
    expect(at("lib/audit.ts:7:10")).toMatchObject({
      severity: "error",
      rule: "no-colliding-logical-name",
      resource: { urn: "urn:pulumi:<stack>::colliding-names::aws:s3/bucket:Bucket::audit-trail" },
    });
  });

  it("reports a constant name under `parent: this` in a component constructed twice (the URN has the parent's type, not its name)", () => {
    expect(at("lib/cluster.ts:14:5")?.resource?.urn).toBe(
      "urn:pulumi:<stack>::colliding-names::acme:k8s:Cluster$aws:iam/policy:Policy::cluster-policy",
    );
  });

  it("reports a constant name under parents passed in that have the same type", () => {
    expect(at("lib/audit.ts:30:10")?.resource?.urn).toBe(
      "urn:pulumi:<stack>::colliding-names::acme:k8s:Cluster$aws:ssm/parameter:Parameter::tags",
    );
  });

  it("reports a constant name in a loop over a literal array, and suggests the loop variable", () => {
    expect(at("lib/audit.ts:24:5")?.fix).toContain("${region}");
  });

  it("does not report names from parameters, a single call, exclusive branches or a base class's parameter-built names", () => {
    expect(colliding.map((f) => position(f.location)).sort()).toEqual([
      "lib/audit.ts:24:5",
      "lib/audit.ts:30:10",
      "lib/audit.ts:7:10",
      "lib/cluster.ts:14:5",
    ]);
  });

  it("leaves these collisions to itself: no-duplicate-urn reports none of them", () => {
    expect(analysis.findings.filter((f) => f.code !== "COLLIDING_LOGICAL_NAME")).toEqual([]);
  });
});
