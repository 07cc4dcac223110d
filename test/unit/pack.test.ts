import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { builtinCatalog, SETTINGS_KEY } from "../../src/core/index.js";
import { buildPolicies, type PackEnvironment } from "../../policy/pack.js";
import { POLICIES } from "../../policy/policies/index.js";

class NotApplicable extends Error {}

interface Reported {
  message: string;
  urn?: string;
  enforcementLevel?: string;
}

function harness(stack: string) {
  const env: PackEnvironment = { stack: () => ({ stack, project: "orders" }), catalog: builtinCatalog };
  const policies = buildPolicies(POLICIES, env) as ResourceValidationPolicy[];
  const configs: Record<string, Record<string, unknown>> = {};
  const tags = new Map<string, string>();

  async function analyze(resource: { type: string; name: string; protect?: boolean; props?: Record<string, unknown> }) {
    const reported: Reported[] = [];
    const notApplicable: string[] = [];
    const urn = `urn:pulumi:${stack}::orders::${resource.type}::${resource.name}`;
    // Same order and contract as the SDK: every policy in turn, config per policy name.
    for (const policy of policies) {
      const args = {
        type: resource.type,
        name: resource.name,
        urn,
        props: resource.props ?? {},
        opts: { protect: resource.protect ?? false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [] },
        stackTags: tags,
        getConfig: () => configs[policy.name] ?? {},
        notApplicable: (reason?: string) => {
          throw new NotApplicable(reason);
        },
        isType: () => false,
        asType: () => undefined,
      } as unknown as ResourceValidationArgs;
      const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
      for (const validate of validations) {
        if (!validate) continue;
        try {
          await validate(args, (message: unknown, u?: string) => {
            reported.push(typeof message === "string" ? { message, ...(u ? { urn: u } : {}) } : (message as Reported));
          });
        } catch (e) {
          if (e instanceof NotApplicable) notApplicable.push(`${policy.name}: ${e.message}`);
          else throw e;
        }
      }
    }
    return { reported, notApplicable };
  }
  return { policies, configs, tags, analyze };
}

describe("the policy pack's wiring", () => {
  it("registers the settings carrier first, then every policy, with their config schemas", () => {
    const { policies } = harness("dev");
    expect(policies.map((p) => p.name)).toEqual([SETTINGS_KEY, ...POLICIES.map((p) => p.name)]);
    expect(policies[1]?.configSchema?.properties).toHaveProperty("excludeUrns");
  });

  it("reports at the configured level on a protected stack", async () => {
    const { reported } = await harness("acme-prod").analyze({ type: "aws:rds/instance:Instance", name: "db" });
    expect(reported).toHaveLength(1);
    expect(reported[0]?.enforcementLevel).toBeUndefined();
    expect(reported[0]?.urn).toBe("urn:pulumi:acme-prod::orders::aws:rds/instance:Instance::db");
    expect(reported[0]?.message).toMatch(/is not protected[\s\S]*\nFix: Add `protect: true`/);
  });

  it("reports as advisory on an unprotected stack", async () => {
    const { reported } = await harness("acme-dev").analyze({ type: "aws:rds/instance:Instance", name: "db" });
    expect(reported.map((r) => r.enforcementLevel)).toEqual(["advisory"]);
  });

  it("takes the protected-stack patterns from the settings policy's config", async () => {
    const h = harness("blue");
    h.configs[SETTINGS_KEY] = { protectedStacks: ["blue"] };
    const { reported } = await h.analyze({ type: "aws:rds/instance:Instance", name: "db" });
    expect(reported[0]?.enforcementLevel).toBeUndefined();
  });

  it("takes stack tags into account", async () => {
    const h = harness("blue");
    h.configs[SETTINGS_KEY] = { protectedStackTags: { environment: ["prod"] } };
    h.tags.set("environment", "prod");
    const { reported } = await h.analyze({ type: "aws:rds/instance:Instance", name: "db" });
    expect(reported[0]?.enforcementLevel).toBeUndefined();
  });

  it("marks stateless resources not applicable and reports nothing", async () => {
    const { reported, notApplicable } = await harness("acme-prod").analyze({ type: "aws:iam/role:Role", name: "r" });
    expect(reported).toEqual([]);
    expect(notApplicable).toEqual([
      "stateful-resources-protected: aws:iam/role:Role is not a stateful type in the catalog",
    ]);
  });

  it("fails with the policy and field when the delivered config is invalid", async () => {
    const h = harness("acme-dev");
    h.configs["stateful-resources-protected"] = { excludeUrns: "x" };
    await expect(h.analyze({ type: "aws:rds/instance:Instance", name: "db" })).rejects.toThrow(
      "stateful-resources-protected /excludeUrns: must be array",
    );
  });

  it("never crashes on unexpected props", async () => {
    const weird = { engine: { nested: [null, 1] }, ["__proto__"]: 1, "": undefined };
    const { reported } = await harness("acme-prod").analyze({
      type: "aws:rds/instance:Instance",
      name: "db",
      protect: true,
      props: weird,
    });
    expect(reported).toEqual([]);
  });
});
