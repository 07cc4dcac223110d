import { describe, expect, it } from "vitest";
import { Type } from "@sinclair/typebox";
import { compliant, SETTINGS_KEY } from "../../src/core/index.js";
import { defineResourcePolicy, defineStackPolicy } from "../../policy/define-policy.js";
import { POLICIES } from "../../policy/policies/index.js";
import { configReader, PolicyConfigError } from "../../policy/pack.js";
import { harness, UNKNOWN } from "./support/policy-harness.js";

const DB = "aws:rds/instance:Instance";
const SAFE_DB = { deletionProtection: true, engine: "postgres", finalSnapshotIdentifier: "db-final" };

describe("the policy pack's wiring", () => {
  it("registers the settings carrier first, then every policy, with their config schemas", () => {
    const { policies } = harness("dev");
    expect(policies.map((p) => p.name)).toEqual([SETTINGS_KEY, ...POLICIES.map((p) => p.name)]);
    expect(policies[1]?.configSchema?.properties).toHaveProperty("excludeUrns");
  });

  it("wires resource policies to validateResource and stack policies to validateStack", () => {
    const { policies } = harness("dev");
    for (const definition of POLICIES) {
      const policy = policies.find((p) => p.name === definition.name);
      expect(policy && (definition.kind === "stack" ? "validateStack" : "validateResource") in policy).toBe(true);
    }
  });

  it("reports at the configured level on a protected stack", async () => {
    const { reported } = await harness("acme-prod").analyze({ type: DB, name: "db", props: SAFE_DB });
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ policy: "stateful-resources-protected", level: "mandatory" });
    expect(reported[0]?.urn).toBe("urn:pulumi:acme-prod::orders::aws:rds/instance:Instance::db");
    expect(reported[0]?.message).toMatch(/is not protected[\s\S]*\nFix: Add `protect: true`/);
  });

  it("reports as advisory on an unprotected stack", async () => {
    const { reported } = await harness("acme-dev").analyze({ type: DB, name: "db", props: SAFE_DB });
    expect(reported.map((r) => r.level)).toEqual(["advisory"]);
  });

  it("honours a level configured in policy-config.json, including disabled", async () => {
    const h = harness("acme-prod");
    h.configs["stateful-resources-protected"] = "disabled";
    expect((await h.analyze({ type: DB, name: "db", props: SAFE_DB })).reported).toEqual([]);
    h.configs["stateful-resources-protected"] = { enforcementLevel: "advisory" };
    expect((await h.analyze({ type: DB, name: "db", props: SAFE_DB })).reported.map((r) => r.level)).toEqual([
      "advisory",
    ]);
  });

  it("takes the protected-stack patterns from the settings policy's config", async () => {
    const h = harness("blue");
    h.configs[SETTINGS_KEY] = { protectedStacks: ["blue"] };
    const { reported } = await h.analyze({ type: DB, name: "db", props: SAFE_DB });
    expect(reported[0]?.level).toBe("mandatory");
  });

  it("takes stack tags into account", async () => {
    const h = harness("blue");
    h.configs[SETTINGS_KEY] = { protectedStackTags: { environment: ["prod"] } };
    h.tags.set("environment", "prod");
    const { reported } = await h.analyze({ type: DB, name: "db", props: SAFE_DB });
    expect(reported[0]?.level).toBe("mandatory");
  });

  it("marks stateless resources not applicable and reports nothing", async () => {
    const { reported, notApplicable } = await harness("acme-prod").analyze({ type: "aws:iam/role:Role", name: "r" });
    expect(reported).toEqual([]);
    expect(notApplicable).toContain(
      "stateful-resources-protected: aws:iam/role:Role is not a stateful type in the catalog",
    );
  });

  it("fails with the policy and field when the delivered config is invalid", async () => {
    const h = harness("acme-dev");
    h.configs["stateful-resources-protected"] = { excludeUrns: "x" };
    await expect(h.analyze({ type: DB, name: "db" })).rejects.toThrow(
      "stateful-resources-protected /excludeUrns: must be array",
    );
  });

  it("fails a stack policy with the policy and field when its config is invalid", async () => {
    const h = harness("acme-dev");
    h.configs["stack-protected-resources-present"] = { requiredUrn: ["x"] };
    await expect(h.analyzeStack([])).rejects.toThrow(
      'stack-protected-resources-present /requiredUrn: unknown property "requiredUrn" (did you mean "requiredUrns"?)',
    );
  });

  it("never crashes on unexpected props", async () => {
    const weird = { engine: { nested: [null, 1] }, ["__proto__"]: 1, "": undefined };
    const { reported } = await harness("acme-prod").analyze({ type: DB, name: "db", protect: true, props: weird });
    // Only the deletion-protection fields are missing: nothing crashed or reported "could not decide".
    expect(new Set(reported.map((r) => r.policy))).toEqual(new Set(["stateful-deletion-protection"]));
  });

  it("keeps a mandatory decision mandatory when a policy hits an unknown value it did not expect", async () => {
    const reader = defineResourcePolicy({
      name: "reads-everything",
      description: "Require nothing; reads a property without handling unknowns.",
      configSchema: Type.Object({}),
      decide: (subject) => (String(subject.props.engine).length > 0 ? compliant : compliant),
    });
    const h = harness("acme-prod", { definitions: [reader] });
    const { reported } = await h.analyze({ type: DB, name: "db", props: { engine: UNKNOWN.string } });
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ policy: "reads-everything", level: "mandatory" });
    expect(reported[0]?.message).toMatch(/unknown until the update runs.*can't be known during preview/);
  });

  it("reports an internal error of a stack policy at its level instead of swallowing it", async () => {
    const broken = defineStackPolicy({
      name: "broken",
      description: "Require nothing; always throws.",
      configSchema: Type.Object({}),
      decide: () => {
        throw new Error("boom");
      },
    });
    const prod = await harness("acme-prod", { definitions: [broken] }).analyzeStack([]);
    expect(prod.reported.map((r) => r.level)).toEqual(["mandatory"]);
    expect(prod.reported[0]?.message).toContain("internal error: boom");
    const dev = await harness("acme-dev", { definitions: [broken] }).analyzeStack([]);
    expect(dev.reported.map((r) => r.level)).toEqual(["advisory"]);
  });

  it("runs stack policies with the per-stack level and the settings carrier's settings", async () => {
    const resources = [{ type: DB, name: "db", props: SAFE_DB }];
    const prod = await harness("acme-prod").analyzeStack(resources);
    expect(prod.reported).toEqual([
      expect.objectContaining({ policy: "stack-protected-resources-present", level: "mandatory" }),
    ]);
    const blue = harness("blue");
    blue.configs[SETTINGS_KEY] = { protectedStacks: ["blue"] };
    expect((await blue.analyzeStack(resources)).reported.map((r) => r.level)).toEqual(["mandatory"]);
  });

  it("reports a note as advisory even on a protected stack", async () => {
    const h = harness("acme-prod");
    h.configs["resource-naming"] = { physicalNames: { "*": { maxLength: 10 } } };
    const { reported } = await h.analyze({
      type: "aws:sqs/queue:Queue",
      name: "jobs",
      protect: true,
      props: { name: UNKNOWN.string },
    });
    expect(reported.map((r) => [r.policy, r.level])).toEqual([["resource-naming", "advisory"]]);
    expect(reported[0]?.message).toMatch(/unknown until the update runs/);
  });
});

describe("the pack's per-call costs", () => {
  it("runs the settings carrier until it has captured the settings, then only on the stack resource", async () => {
    const h = harness("blue");
    h.configs[SETTINGS_KEY] = { protectedStacks: ["blue"] };
    const first = await h.analyze({ type: DB, name: "db", props: SAFE_DB });
    expect(first.notApplicable.filter((n) => n.startsWith(SETTINGS_KEY))).toEqual([]);
    const second = await h.analyze({ type: DB, name: "db2", props: SAFE_DB });
    expect(second.notApplicable).toContain(
      `${SETTINGS_KEY}: Policy only applies to resources of type 'pulumi:pulumi:Stack'`,
    );
    // The captured settings still apply: "blue" is protected, so the violation stays mandatory.
    expect(second.reported.map((r) => [r.policy, r.level])).toEqual([["stateful-resources-protected", "mandatory"]]);
    const stack = await h.analyze({ type: "pulumi:pulumi:Stack", name: "orders-blue", custom: false });
    expect(stack.notApplicable.filter((n) => n.startsWith(SETTINGS_KEY))).toEqual([]);
  });

  it("still fails on invalid settings before anything was captured", async () => {
    const h = harness("blue");
    h.configs[SETTINGS_KEY] = { protectedStacks: "blue" };
    await expect(h.analyze({ type: DB, name: "db", props: SAFE_DB })).rejects.toThrow(/stateguard-settings/);
  });

  it("validates a policy's config once per distinct raw config and shares the frozen result", () => {
    const schema = Type.Object(
      { names: Type.Optional(Type.Array(Type.String(), { default: ["a"] })) },
      { additionalProperties: false },
    );
    const read = configReader("p", schema);
    const one = read({});
    expect(one).toEqual({ names: ["a"] });
    expect(read({})).toBe(one);
    expect(Object.isFrozen(one.names)).toBe(true);
    // The SDK's getConfig hands out a fresh shallow copy of the same values on every call.
    const names = ["c"];
    const copy = read({ names });
    expect(read({ names })).toBe(copy);
    expect(read({ names: ["c"] })).toBe(copy);
    const other = read({ names: ["b"] });
    expect(other).toEqual({ names: ["b"] });
    expect(other).not.toBe(one);
    expect(() => read({ names: [1] })).toThrow(PolicyConfigError);
    expect(() => read({ names: [1] })).toThrow("p /names/0: must be string");
  });

  it("marks a resource not applicable without leaving the stack trace limit changed", async () => {
    const limit = Error.stackTraceLimit;
    const { notApplicable } = await harness("acme-prod").analyze({ type: "aws:ec2/vpc:Vpc", name: "vpc" });
    expect(notApplicable.length).toBeGreaterThan(0);
    expect(Error.stackTraceLimit).toBe(limit);
  });
});
