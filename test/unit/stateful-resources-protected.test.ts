import { describe, expect, it } from "vitest";
import { builtinCatalog, classifyStack, DEFAULT_SETTINGS, type Decision } from "../../src/core/index.js";
import type { ResourceSubject } from "../../policy/define-policy.js";
import { statefulResourcesProtected } from "../../policy/policies/stateful-resources-protected.js";

const DB_URN = "urn:pulumi:acme-prod::orders::aws:rds/instance:Instance::orders-db";

function database(
  overrides: Partial<ResourceSubject["opts"]> = {},
  type = "aws:rds/instance:Instance",
): ResourceSubject {
  return {
    type,
    name: "orders-db",
    urn: DB_URN,
    props: { engine: "postgres" },
    opts: { protect: true, aliases: [], ...overrides },
  };
}

function decide(subject: ResourceSubject, stack = "acme-prod", excludeUrns: string[] = []): Decision {
  const identity = { stack };
  return statefulResourcesProtected.decide(
    subject,
    { excludeUrns },
    { stack: identity, protection: classifyStack(identity, DEFAULT_SETTINGS), catalog: builtinCatalog },
  );
}

describe("stateful-resources-protected", () => {
  it("is compliant for a protected database", () => {
    expect(decide(database())).toEqual({ kind: "compliant" });
  });

  it("does not apply to a stateless type", () => {
    expect(decide(database({ protect: false }, "aws:ec2/securityGroup:SecurityGroup")).kind).toBe("not-applicable");
  });

  it("reports an unprotected database with the replace triggers and the fix", () => {
    const decision = decide(database({ protect: false }));
    expect(decision.kind).toBe("violations");
    if (decision.kind !== "violations") return;
    const [finding] = decision.findings;
    expect(finding).toMatchObject({
      code: "STATEFUL_NOT_PROTECTED",
      rule: "stateful-resources-protected",
      severity: "error",
      resource: { urn: DB_URN, type: "aws:rds/instance:Instance", name: "orders-db" },
    });
    expect(finding?.message).toContain("dbName, engine");
    expect(finding?.fix).toContain("protect: true");
  });

  it("reports it as a warning on an unprotected stack", () => {
    const decision = decide(database({ protect: false }), "acme-dev");
    expect(decision.kind === "violations" && decision.findings[0]?.severity).toBe("warning");
  });

  it("honours an excluded URN glob", () => {
    expect(decide(database({ protect: false }), "acme-prod", ["*::orders-db"]).kind).toBe("not-applicable");
    expect(decide(database({ protect: false }), "acme-prod", ["*::other-db"]).kind).toBe("violations");
  });
});
