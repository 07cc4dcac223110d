import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Static } from "@sinclair/typebox";
import type { Decision } from "../../src/core/index.js";
import type { FileAccess, StackResource } from "../../policy/define-policy.js";
import { stackProtectedResourcesPresent } from "../../policy/policies/stack-protected-resources-present.js";
import { nodeFiles } from "../../policy/pack.js";
import { anyResource } from "./support/arbitraries.js";
import { contextFor, harness, messagesOf, sdkProps, textOf } from "./support/policy-harness.js";

type Config = Static<typeof stackProtectedResourcesPresent.configSchema>;

const DB = "aws:rds/instance:Instance";
const BUCKET = "aws:s3/bucket:Bucket";
const urn = (type: string, name: string, stack = "acme-prod") => `urn:pulumi:${stack}::orders::${type}::${name}`;
const resource = (type: string, name: string, protect = true, stack = "acme-prod"): StackResource => ({
  type,
  name,
  urn: urn(type, name, stack),
  opts: { protect },
});
const STACK = [resource("pulumi:pulumi:Stack", "orders-acme-prod", false), resource(DB, "db"), resource(BUCKET, "b")];
const DEFAULTS: Config = { requireProtect: true, requiredUrns: [], baseline: "", excludeUrns: [] };

/** In-memory files: path -> content; a missing path fails like the file system. */
function files(content: Record<string, string>): FileAccess {
  return {
    resolve: (path) => (path.startsWith("/") ? path : `/work/${path}`),
    readText: (path) => {
      const text = content[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
      return text;
    },
  };
}

function exportOf(resources: { urn: string; type: string; protect?: boolean; delete?: boolean }[]): string {
  return JSON.stringify({ version: 3, deployment: { manifest: {}, resources } });
}

const BASELINE = exportOf([
  { urn: urn("pulumi:pulumi:Stack", "orders-acme-prod"), type: "pulumi:pulumi:Stack" },
  { urn: urn(DB, "db"), type: DB, protect: true },
  { urn: urn(BUCKET, "b"), type: BUCKET },
  { urn: urn("aws:iam/role:Role", "r"), type: "aws:iam/role:Role" },
  { urn: urn(DB, "old-copy"), type: DB, delete: true },
]);

function decide(
  resources: readonly StackResource[] = STACK,
  config: Partial<Config> = {},
  stack = "acme-prod",
  fs: FileAccess = files({ "/work/baseline.json": BASELINE }),
): Decision {
  return stackProtectedResourcesPresent.decide(
    { resources },
    { ...DEFAULTS, ...config },
    { ...contextFor(stack), files: fs },
  );
}

function codes(decision: Decision): string[] {
  return decision.kind === "violations" ? decision.findings.map((f) => f.code) : [];
}

describe("stack-protected-resources-present", () => {
  it("is compliant when every stateful resource is protected and nothing is required", () => {
    expect(decide()).toEqual({ kind: "compliant" });
  });

  it("reports an unprotected stateful resource on a protected stack", () => {
    const decision = decide([...STACK.slice(0, 2), resource(BUCKET, "b", false)]);
    expect(codes(decision)).toEqual(["STACK_STATEFUL_NOT_PROTECTED"]);
    expect(textOf(decision)).toContain(
      'aws:s3/bucket:Bucket "b" (object storage bucket) ends this update without protect',
    );
  });

  it("does not check protect on an unprotected stack, nor when requireProtect is false", () => {
    const unprotected = [resource(BUCKET, "b", false, "acme-dev")];
    expect(decide(unprotected, {}, "acme-dev")).toEqual({ kind: "compliant" });
    expect(decide([resource(BUCKET, "b", false)], { requireProtect: false })).toEqual({ kind: "compliant" });
  });

  it("reports a required URN glob that matches nothing", () => {
    const decision = decide(STACK, { requiredUrns: ["*::aws:s3/bucket:Bucket::b", "*::orders-queue"] });
    expect(codes(decision)).toEqual(["STACK_REQUIRED_RESOURCE_MISSING"]);
    expect(textOf(decision)).toContain("matches the required URN *::orders-queue");
  });

  it("counts a resource renamed with an alias as present", () => {
    const renamed: StackResource = {
      ...resource(BUCKET, "b2"),
      opts: { protect: true, aliases: [urn(BUCKET, "b")] },
    };
    expect(decide([STACK[0]!, STACK[1]!, renamed], { baseline: "baseline.json" })).toEqual({ kind: "compliant" });
  });

  it("reports a stateful resource of the baseline that is no longer in the program", () => {
    const decision = decide(STACK.slice(0, 2), { baseline: "baseline.json" });
    expect(codes(decision)).toEqual(["STACK_REQUIRED_RESOURCE_MISSING"]);
    expect(decision.kind === "violations" && decision.findings[0]?.resource?.urn).toBe(urn(BUCKET, "b"));
    expect(textOf(decision)).toContain("is in the baseline /work/baseline.json but no longer in the program");
  });

  it("requires protected resources of the baseline too, but not stateless or pending-delete ones", () => {
    const withRole = exportOf([
      { urn: urn("aws:iam/role:Role", "r"), type: "aws:iam/role:Role", protect: true },
      { urn: urn("aws:iam/role:Role", "s"), type: "aws:iam/role:Role" },
      { urn: urn(DB, "gone"), type: DB, delete: true },
    ]);
    const decision = decide(STACK, { baseline: "/b.json" }, "acme-prod", files({ "/b.json": withRole }));
    expect(codes(decision)).toEqual(["STACK_REQUIRED_RESOURCE_MISSING"]);
    expect(textOf(decision)).toContain('aws:iam/role:Role "r" (protected in the baseline)');
  });

  it("replaces {stack} and {project} in the baseline path", () => {
    const fs = files({ "/work/baselines/orders/acme-prod.json": BASELINE });
    expect(codes(decide(STACK.slice(0, 2), { baseline: "baselines/{project}/{stack}.json" }, "acme-prod", fs))).toEqual(
      ["STACK_REQUIRED_RESOURCE_MISSING"],
    );
  });

  it("fails closed when the baseline cannot be read or is not an export", () => {
    expect(textOf(decide(STACK, { baseline: "missing.json" }))).toContain(
      'The baseline /work/missing.json (baseline: "missing.json") was not checked: cannot read it (ENOENT)',
    );
    const fs = files({ "/work/a.json": "{", "/work/b.json": "{}" });
    expect(codes(decide(STACK, { baseline: "a.json" }, "acme-prod", fs))).toEqual(["STACK_BASELINE_UNREADABLE"]);
    expect(textOf(decide(STACK, { baseline: "b.json" }, "acme-prod", fs))).toContain("no deployment.resources array");
  });

  it("says so when the baseline is another stack's export", () => {
    const decision = decide([resource(DB, "db", true, "acme-dev")], { baseline: "baseline.json" }, "acme-dev");
    expect(codes(decision)).toEqual(["STACK_BASELINE_OTHER_STACK"]);
  });

  it("reports as warnings on an unprotected stack", () => {
    const decision = decide([], { requiredUrns: ["*::db"] }, "acme-dev");
    expect(decision.kind === "violations" && decision.findings[0]?.severity).toBe("warning");
  });

  it("honours an excluded URN glob", () => {
    expect(decide([resource(BUCKET, "b", false)], { excludeUrns: ["*::b"] })).toEqual({ kind: "compliant" });
    expect(decide(STACK.slice(0, 2), { baseline: "baseline.json", excludeUrns: ["*::b"] })).toEqual({
      kind: "compliant",
    });
  });

  it("resolves a relative path against the directory pulumi was started from (PWD)", () => {
    const saved = process.env.PWD;
    process.env.PWD = "/srv/program";
    try {
      expect(nodeFiles.resolve("baseline.json")).toBe("/srv/program/baseline.json");
      expect(nodeFiles.resolve("/abs/baseline.json")).toBe("/abs/baseline.json");
    } finally {
      process.env.PWD = saved;
    }
  });
});

describe("stack-protected-resources-present through the pack", () => {
  const only = (r: { policy: string }) => r.policy === "stack-protected-resources-present";

  it("reports nothing for a protected stack whose stateful resources are protected", async () => {
    const { reported } = await harness("acme-prod").analyzeStack([
      { type: DB, name: "db", protect: true },
      { type: "aws:iam/role:Role", name: "r" },
    ]);
    expect(reported).toEqual([]);
  });

  it("is mandatory on prod and advisory on dev, and reads the baseline through the injected files", async () => {
    const baseline = (stack: string) => exportOf([{ urn: `urn:pulumi:${stack}::orders::${BUCKET}::b`, type: BUCKET }]);
    const prod = harness("acme-prod", { files: files({ "/work/b.json": baseline("acme-prod") }) });
    prod.configs["stack-protected-resources-present"] = { baseline: "b.json" };
    const dev = harness("acme-dev", { files: files({ "/work/b.json": baseline("acme-dev") }) });
    dev.configs["stack-protected-resources-present"] = { baseline: "b.json" };
    const resources = [{ type: DB, name: "db", protect: true }];
    expect((await prod.analyzeStack(resources)).reported.filter(only).map((r) => r.level)).toEqual(["mandatory"]);
    expect((await dev.analyzeStack(resources)).reported.filter(only).map((r) => r.level)).toEqual(["advisory"]);
  });
});

describe("stack-protected-resources-present properties", () => {
  it("never throws and reads nothing but types, URNs and options (unknown props are irrelevant)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyResource, { maxLength: 6 }),
        fc.constantFrom("acme-prod", "acme-dev"),
        async (resources, stack) => {
          const h = harness(stack, { files: files({ "/work/b.json": BASELINE }) });
          h.configs["stack-protected-resources-present"] = { baseline: "b.json", requiredUrns: ["*::db"] };
          const result = await h.analyzeStack(resources);
          expect(messagesOf(result)).not.toMatch(/can't run policy|could not decide/);
          // Stateful as the catalog sees this resource: conditional types depend on its props.
          const catalog = contextFor(stack).catalog;
          const unprotected = resources.filter(
            (r) =>
              !r.protect &&
              catalog
                .forResource({ props: sdkProps(r.props ?? {}), custom: true, protectedStack: true })
                .lookup(r.type),
          ).length;
          if (stack === "acme-prod") {
            expect(result.reported.filter((r) => r.message.includes("ends this update without protect"))).toHaveLength(
              unprotected,
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
