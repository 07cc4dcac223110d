import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Decision } from "../../src/core/index.js";
import type { ResourceSubject } from "../../policy/define-policy.js";
import { statefulDeletionProtection } from "../../policy/policies/stateful-deletion-protection.js";
import { anyProps, anyResource, secretStrings } from "./support/arbitraries.js";
import {
  contextFor,
  harness,
  messagesOf,
  sdkProps,
  secret,
  subjectFor,
  textOf,
  UNKNOWN,
} from "./support/policy-harness.js";

const DB = "aws:rds/instance:Instance";
const DB_URN = "urn:pulumi:acme-prod::orders::aws:rds/instance:Instance::orders-db";
const SAFE = {
  engine: "postgres",
  deletionProtection: true,
  skipFinalSnapshot: false,
  finalSnapshotIdentifier: "orders-db-final",
};

function subject(
  props: Record<string, unknown> = SAFE,
  type = DB,
  opts: Partial<ResourceSubject["opts"]> = {},
): ResourceSubject {
  return {
    type,
    name: "orders-db",
    urn: DB_URN,
    props: sdkProps(props),
    opts: { protect: true, aliases: [], ...opts },
  };
}

function decide(s: ResourceSubject, stack = "acme-prod", config = {}): Decision {
  return statefulDeletionProtection.decide(
    s,
    { excludeUrns: [], unknownIsViolation: true, ...config },
    contextFor(stack),
  );
}

function findings(decision: Decision) {
  return decision.kind === "violations" ? decision.findings : [];
}

describe("stateful-deletion-protection", () => {
  it("is compliant for a database with deletion protection and a final snapshot", () => {
    expect(decide(subject())).toEqual({ kind: "compliant" });
  });

  it("does not apply to a stateless type", () => {
    expect(decide(subject({}, "aws:iam/role:Role")).kind).toBe("not-applicable");
  });

  it("does not apply to a stateful type without deletion-protection fields", () => {
    expect(decide(subject({}, "aws:sqs/queue:Queue"))).toEqual({
      kind: "not-applicable",
      reason: "aws:sqs/queue:Queue has no deletion-protection field in the catalog",
    });
  });

  it("reports deletionProtection left unset, with the value, the danger and the exact fix", () => {
    const [finding, ...rest] = findings(decide(subject({ ...SAFE, deletionProtection: undefined })));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      code: "DELETION_PROTECTION_UNSAFE",
      rule: "stateful-deletion-protection",
      severity: "error",
      resource: { urn: DB_URN, type: DB, name: "orders-db" },
    });
    expect(finding?.message).toBe(
      'aws:rds/instance:Instance "orders-db" (relational database): `deletionProtection` is not set; without ' +
        "`deletionProtection: true` the provider deletes it on request, so a replacement or a removal from the " +
        "program (or a `pulumi destroy`, or someone in the console) destroys it and its data.",
    );
    expect(finding?.fix).toContain("deletionProtection: true");
  });

  it("reports deletionProtection: false with its current value", () => {
    const [finding] = findings(decide(subject({ ...SAFE, deletionProtection: false })));
    expect(finding?.message).toContain("`deletionProtection` is `false`");
  });

  it("accepts the string form of true that providers accept", () => {
    expect(decide(subject({ ...SAFE, deletionProtection: "true" })).kind).toBe("compliant");
  });

  it("reports skipFinalSnapshot: true", () => {
    const [finding] = findings(decide(subject({ ...SAFE, skipFinalSnapshot: true })));
    expect(finding?.message).toContain("`skipFinalSnapshot` is `true`");
    expect(finding?.fix).toContain("`skipFinalSnapshot: false`");
  });

  it("requires a final snapshot name unless the final snapshot is skipped", () => {
    const [finding, ...rest] = findings(decide(subject({ ...SAFE, finalSnapshotIdentifier: undefined })));
    expect(rest).toEqual([]);
    expect(finding?.message).toContain("`finalSnapshotIdentifier` is not set");
    expect(finding?.fix).toContain("to a non-empty string");
    const skipped = findings(decide(subject({ ...SAFE, finalSnapshotIdentifier: undefined, skipFinalSnapshot: true })));
    expect(skipped.map((f) => f.message)).toEqual([expect.stringContaining("`skipFinalSnapshot` is `true`") as string]);
  });

  it("reports a bucket with forceDestroy: true and accepts one without it", () => {
    const bucket = "aws:s3/bucket:Bucket";
    expect(findings(decide(subject({ forceDestroy: true }, bucket)))[0]?.message).toContain("`forceDestroy` is `true`");
    expect(decide(subject({}, bucket)).kind).toBe("compliant");
  });

  it("reports a DynamoDB table without deletionProtectionEnabled: true", () => {
    const [finding] = findings(decide(subject({ name: "orders" }, "aws:dynamodb/table:Table")));
    expect(finding?.fix).toContain("deletionProtectionEnabled: true");
  });

  it("fails closed on a non-boolean value, without printing it", () => {
    const [finding] = findings(decide(subject({ ...SAFE, deletionProtection: "yes-please" })));
    expect(finding?.message).toContain("`deletionProtection` is a string (value not shown)");
    expect(textOf(decide(subject({ ...SAFE, deletionProtection: "yes-please" })))).not.toContain("yes-please");
  });

  it("does not print a value the program marked secret, even a boolean", () => {
    const [finding] = findings(
      decide(subject({ ...SAFE, deletionProtection: false }, DB, { additionalSecretOutputs: ["deletionProtection"] })),
    );
    expect(finding?.message).toContain("`deletionProtection` is a boolean (value not shown: it is secret)");
  });

  it("reports an unknown value at the policy's level, saying it is unknown until the update runs", () => {
    const [finding] = findings(decide(subject({ ...SAFE, deletionProtection: UNKNOWN.boolean })));
    expect(finding).toMatchObject({ code: "DELETION_PROTECTION_UNKNOWN", severity: "error" });
    expect(finding?.message).toContain("`deletionProtection` is unknown until the update runs");
  });

  it("treats an unknown value as compliant when unknownIsViolation is false", () => {
    const s = subject({ ...SAFE, deletionProtection: UNKNOWN.boolean });
    expect(decide(s, "acme-prod", { unknownIsViolation: false }).kind).toBe("compliant");
  });

  it("reports it as a warning on an unprotected stack", () => {
    expect(findings(decide(subject({ ...SAFE, deletionProtection: false }), "acme-dev"))[0]?.severity).toBe("warning");
  });

  it("honours an excluded URN glob", () => {
    const s = subject({ ...SAFE, deletionProtection: false });
    expect(decide(s, "acme-prod", { excludeUrns: ["*::orders-db"] }).kind).toBe("not-applicable");
  });
});

describe("stateful-deletion-protection through the pack", () => {
  const only = (r: { policy: string }) => r.policy === "stateful-deletion-protection";

  it("reports nothing for a safe, protected database", async () => {
    const { reported } = await harness("acme-prod").analyze({ type: DB, name: "db", protect: true, props: SAFE });
    expect(reported).toEqual([]);
  });

  it("is mandatory on prod and advisory on dev", async () => {
    const resource = { type: DB, name: "db", protect: true, props: { ...SAFE, deletionProtection: false } };
    const prod = (await harness("acme-prod").analyze(resource)).reported.filter(only);
    const dev = (await harness("acme-dev").analyze(resource)).reported.filter(only);
    expect(prod.map((r) => r.level)).toEqual(["mandatory"]);
    expect(dev.map((r) => r.level)).toEqual(["advisory"]);
    expect(prod[0]?.message).toMatch(/`deletionProtection` is `false`.*\nFix: Add `deletionProtection: true`/s);
  });

  it("keeps an unknown value mandatory on prod during preview", async () => {
    const resource = { type: DB, name: "db", protect: true, props: { ...SAFE, deletionProtection: UNKNOWN.boolean } };
    const { reported } = await harness("acme-prod").analyze(resource);
    expect(reported.filter(only).map((r) => r.level)).toEqual(["mandatory"]);
  });

  it("never prints a secret: the SDK unwraps it, so the policy cannot tell it from a plain value", async () => {
    const resource = {
      type: DB,
      name: "db",
      protect: true,
      props: { ...SAFE, deletionProtection: secret("SECRET-VALUE-42") },
    };
    const result = await harness("acme-prod").analyze(resource);
    expect(result.secrets).toEqual(["SECRET-VALUE-42"]);
    expect(result.reported.filter(only)).toHaveLength(1);
    expect(messagesOf(result)).not.toContain("SECRET-VALUE-42");
  });
});

describe("stateful-deletion-protection properties", () => {
  it("never throws, never leaks a secret, and never passes an unknown field on prod", () => {
    fc.assert(
      fc.property(anyResource, fc.constantFrom("acme-prod", "acme-dev"), (resource, stack) => {
        const s = subjectFor(resource, stack);
        const decision = decide(s, stack);
        const text = textOf(decision);
        for (const value of secretStrings([resource.props])) expect(text).not.toContain(value);
        const entry = contextFor(stack).catalog.lookup(resource.type);
        const unknownField = entry?.deletionProtection.some((f) => {
          const raw = (resource.props ?? {})[f.property];
          return (
            Object.prototype.hasOwnProperty.call(resource.props ?? {}, f.property) &&
            Object.values(UNKNOWN).includes(raw as string)
          );
        });
        if (unknownField) expect(decision.kind).toBe("violations");
      }),
      { numRuns: 300 },
    );
  });

  it("through the pack: never throws, never leaks a secret, never lets an unknown escape as advisory", async () => {
    await fc.assert(
      fc.asyncProperty(
        anyProps,
        fc.constantFrom(DB, "aws:s3/bucket:Bucket", "aws:dynamodb/table:Table"),
        async (props, type) => {
          const result = await harness("acme-prod").analyze({ type, name: "db", protect: true, props });
          const text = messagesOf(result);
          for (const value of secretStrings(result.secrets)) expect(text).not.toContain(value);
          expect(text).not.toMatch(/can't run policy|could not decide/);
        },
      ),
      { numRuns: 150 },
    );
  });
});
