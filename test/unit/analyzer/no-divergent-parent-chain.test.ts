import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeDirectory, CHECKS } from "../../../lint-rules/analyzer/index.js";
import { FIXTURES, position } from "./support.js";

describe("no-divergent-parent-chain", { timeout: 60_000 }, () => {
  const analysis = analyzeDirectory(join(FIXTURES, "parent-chains"), { checks: CHECKS });
  const project = analysis.projects[0]!;

  it("reports a helper's resource that escapes the component calling it at one call site, at the resource", () => {
    expect(analysis.findings.map((f) => [f.code, position(f.location), f.severity])).toEqual([
      ["PARENT_CHAIN_DIVERGES", "lib/logs.ts:6:10", "error"],
    ]);
    expect(analysis.findings[0]?.resource?.urn).toBe(
      "urn:pulumi:<stack>::parent-chains::aws:s3/bucket:Bucket::site-logs",
    );
  });

  it("points the fix at the call that does not pass the component on", () => {
    expect(analysis.findings[0]?.fix).toContain("lib/web.ts:13:5");
  });

  it("does not report chains that differ by the component each caller passes, nor one chain everywhere", () => {
    // createTopic (lib/logs.ts:11:10) is under App and under Web; createAlarm (16:10) is at the root everywhere.
    const sites = project.summary!.units.flatMap((u) =>
      u.resources.map((r) => `${position(r.location)} ${r.parentChains.length}`),
    );
    expect(sites).toContain("lib/logs.ts:11:10 2");
    expect(sites).toContain("lib/logs.ts:16:10 1");
  });

  it("predicts an omitted options argument as no parent, and names built by a naming helper", () => {
    expect(project.summary?.unresolved).toBe(0);
    const topic = project.summary!.units.flatMap((u) => u.resources).find((r) => r.type === "aws:sns/topic:Topic");
    expect(topic?.name.values).toEqual(["shop-topic", "site-topic"]);
  });
});
