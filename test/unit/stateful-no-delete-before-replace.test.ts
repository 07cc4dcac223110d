import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Decision } from "../../src/core/index.js";
import { statefulNoDeleteBeforeReplace } from "../../policy/policies/stateful-no-delete-before-replace.js";
import { anyResource, secretStrings } from "./support/arbitraries.js";
import {
  contextFor,
  harness,
  messagesOf,
  subjectFor,
  textOf,
  UNKNOWN,
  type TestResource,
} from "./support/policy-harness.js";

const DB = "aws:rds/instance:Instance";
const DATABASE: TestResource = { type: DB, name: "orders-db", protect: true, props: { engine: "postgres" } };

function decide(resource: TestResource, stack = "acme-prod", excludeUrns: string[] = []): Decision {
  return statefulNoDeleteBeforeReplace.decide(subjectFor(resource, stack), { excludeUrns }, contextFor(stack));
}

describe("stateful-no-delete-before-replace", () => {
  it("is compliant for a database without deleteBeforeReplace", () => {
    expect(decide(DATABASE)).toEqual({ kind: "compliant" });
  });

  it("is compliant with deleteBeforeReplace: false", () => {
    expect(decide({ ...DATABASE, deleteBeforeReplace: false })).toEqual({ kind: "compliant" });
  });

  it("does not apply to a stateless type", () => {
    expect(decide({ ...DATABASE, type: "aws:iam/role:Role", deleteBeforeReplace: true }).kind).toBe("not-applicable");
  });

  it("reports deleteBeforeReplace: true with the replace triggers, the danger and the fix", () => {
    const decision = decide({ ...DATABASE, deleteBeforeReplace: true });
    expect(decision.kind).toBe("violations");
    if (decision.kind !== "violations") return;
    const [finding] = decision.findings;
    expect(finding).toMatchObject({
      code: "STATEFUL_DELETE_BEFORE_REPLACE",
      rule: "stateful-no-delete-before-replace",
      severity: "error",
      resource: { type: DB, name: "orders-db" },
    });
    expect(finding?.message).toMatch(/forces a replacement \([^)]*\bengine\b[^)]*\)/);
    expect(finding?.message).toContain("the data is gone");
    expect(finding?.fix).toContain("Remove `deleteBeforeReplace: true`");
  });

  it("reports it as a warning on an unprotected stack", () => {
    const decision = decide({ ...DATABASE, deleteBeforeReplace: true }, "acme-dev");
    expect(decision.kind === "violations" && decision.findings[0]?.severity).toBe("warning");
  });

  it("stays exact when props are unknown: it reads only the type and the options", () => {
    const decision = decide({ ...DATABASE, deleteBeforeReplace: true, props: { engine: UNKNOWN.string } });
    expect(decision.kind).toBe("violations");
  });

  it("honours an excluded URN glob", () => {
    expect(decide({ ...DATABASE, deleteBeforeReplace: true }, "acme-prod", ["*::orders-db"]).kind).toBe(
      "not-applicable",
    );
  });
});

describe("stateful-no-delete-before-replace through the pack", () => {
  const only = (r: { policy: string }) => r.policy === "stateful-no-delete-before-replace";
  const safeProps = { engine: "postgres", deletionProtection: true, finalSnapshotIdentifier: "orders-db-final" };

  it("reports nothing for an ordinary protected database", async () => {
    const { reported } = await harness("acme-prod").analyze({ ...DATABASE, props: safeProps });
    expect(reported).toEqual([]);
  });

  it("is mandatory on prod and advisory on dev", async () => {
    const resource = { ...DATABASE, props: safeProps, deleteBeforeReplace: true };
    const prod = (await harness("acme-prod").analyze(resource)).reported.filter(only);
    const dev = (await harness("acme-dev").analyze(resource)).reported.filter(only);
    expect(prod.map((r) => r.level)).toEqual(["mandatory"]);
    expect(dev.map((r) => r.level)).toEqual(["advisory"]);
    expect(prod[0]?.message).toMatch(/has `deleteBeforeReplace: true`.*\nFix: Remove/s);
  });
});

describe("stateful-no-delete-before-replace properties", () => {
  it("never throws, never leaks a secret, and decides by the options alone", () => {
    fc.assert(
      fc.property(anyResource, fc.constantFrom("acme-prod", "acme-dev"), (resource, stack) => {
        const decision = decide(resource, stack);
        for (const value of secretStrings([resource.props])) expect(textOf(decision)).not.toContain(value);
        const stateful = contextFor(stack).catalog.isStateful(resource.type);
        expect(decision.kind).toBe(
          !stateful ? "not-applicable" : resource.deleteBeforeReplace ? "violations" : "compliant",
        );
      }),
      { numRuns: 300 },
    );
  });

  it("through the pack: never throws and never leaks a secret", async () => {
    await fc.assert(
      fc.asyncProperty(anyResource, async (resource) => {
        const result = await harness("acme-prod").analyze(resource);
        const text = messagesOf(result);
        for (const value of secretStrings(result.secrets)) expect(text).not.toContain(value);
        expect(text).not.toMatch(/can't run policy|could not decide/);
      }),
      { numRuns: 150 },
    );
  });
});
