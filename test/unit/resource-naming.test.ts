import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Static } from "@sinclair/typebox";
import type { Decision, Finding } from "../../src/core/index.js";
import { nameProperty, resourceNaming } from "../../policy/policies/resource-naming.js";
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

type Config = Static<typeof resourceNaming.configSchema>;

const BUCKET = "aws:s3/bucket:Bucket";
const DEFAULTS: Config = {
  logicalNamePattern: "^\\S+$",
  logicalNamePatterns: {},
  physicalNames: {},
  stackNamePattern: "",
  excludeUrns: [],
};
const CONVENTION: Config = {
  ...DEFAULTS,
  logicalNamePattern: "^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
  physicalNames: { [BUCKET]: { pattern: "^acme-", maxLength: 30, mustContainStack: true } },
  stackNamePattern: "^{project}-(dev|prod)$",
};
const GOOD: TestResource = { type: BUCKET, name: "orders-bucket", props: { bucket: "acme-orders-prod" } };

function decide(resource: TestResource, config: Partial<Config> = CONVENTION, stack = "orders-prod"): Decision {
  return resourceNaming.decide(subjectFor(resource, stack), { ...DEFAULTS, ...config }, contextFor(stack));
}

function codes(decision: Decision): string[] {
  return decision.kind === "violations" ? decision.findings.map((f: Finding) => f.code) : [];
}

describe("resource-naming", () => {
  it("is compliant for names that follow the configured conventions", () => {
    expect(decide(GOOD)).toEqual({ kind: "compliant" });
  });

  it("reports nothing on ordinary programs with the defaults", () => {
    for (const name of ["orders-db", "ordersDb", "orders_db", "OrdersDb", "ns/name", "orders.db-2"]) {
      expect(decide({ ...GOOD, name, props: { bucket: "Whatever_Name" } }, {})).toEqual({ kind: "compliant" });
    }
  });

  it("rejects whitespace in a logical name by default", () => {
    expect(codes(decide({ ...GOOD, name: "orders bucket" }, {}))).toEqual(["LOGICAL_NAME_MISMATCH"]);
  });

  it("reports a logical name outside the configured pattern, with the alias fix", () => {
    const decision = decide({ ...GOOD, name: "OrdersBucket" });
    expect(codes(decision)).toEqual(["LOGICAL_NAME_MISMATCH"]);
    expect(textOf(decision)).toContain('aliases: [{ name: "OrdersBucket" }]');
  });

  it("uses a per-type logical name pattern, the most specific key winning", () => {
    const config = { logicalNamePatterns: { "aws:*": "^aws-", [BUCKET]: "^b-" } };
    expect(codes(decide({ ...GOOD, name: "b-orders" }, config))).toEqual([]);
    expect(codes(decide({ ...GOOD, name: "aws-orders" }, config))).toEqual(["LOGICAL_NAME_MISMATCH"]);
  });

  it("reports a physical name outside the pattern without printing it", () => {
    const decision = decide({ ...GOOD, props: { bucket: "orders-prod-bucket" } });
    expect(codes(decision)).toEqual(["PHYSICAL_NAME_MISMATCH"]);
    expect(textOf(decision)).toContain("the physical name (`bucket`) does not match /^acme-/ (value not shown)");
    expect(textOf(decision)).not.toContain("orders-prod-bucket");
  });

  it("reports a physical name longer than maxLength", () => {
    const decision = decide({ ...GOOD, props: { bucket: `acme-orders-prod-${"x".repeat(20)}` } });
    expect(codes(decision)).toEqual(["PHYSICAL_NAME_TOO_LONG"]);
    expect(textOf(decision)).toContain("is 37 characters, more than 30");
  });

  it("reports a physical name without the stack name", () => {
    expect(codes(decide({ ...GOOD, props: { bucket: "acme-orders-dev" } }))).toEqual(["PHYSICAL_NAME_MISSING_STACK"]);
  });

  it("checks the auto-name the provider filled in, and knows each type's name property", () => {
    expect(nameProperty("aws:rds/instance:Instance")).toBe("identifier");
    expect(nameProperty("gcp:sql/databaseInstance:DatabaseInstance")).toBe("name");
    expect(nameProperty("azure-native:storage:StorageAccount")).toBe("accountName");
    expect(nameProperty("kubernetes:core/v1:PersistentVolumeClaim")).toBe("metadata.name");
    const config = { physicalNames: { "*": { pattern: "^orders-" } } };
    const claim = { type: "kubernetes:core/v1:PersistentVolumeClaim", name: "data" };
    expect(codes(decide({ ...claim, props: { metadata: { name: "data-1a2b3c4" } } }, config))).toEqual([
      "PHYSICAL_NAME_MISMATCH",
    ]);
    expect(codes(decide({ ...claim, props: { metadata: { name: "orders-data" } } }, config))).toEqual([]);
  });

  it("takes the name property from the config for a type it does not know", () => {
    const config = { physicalNames: { "custom:index:Thing": { property: "title", pattern: "^acme-" } } };
    expect(codes(decide({ type: "custom:index:Thing", name: "t", props: { title: "x" } }, config))).toEqual([
      "PHYSICAL_NAME_MISMATCH",
    ]);
  });

  it("reports an unknown physical name as a note: it is checked again when pulumi up registers it", () => {
    const decision = decide({ ...GOOD, props: { bucket: UNKNOWN.string } });
    expect(decision.kind === "violations" && decision.findings.map((f) => [f.code, f.severity])).toEqual([
      ["PHYSICAL_NAME_UNKNOWN", "note"],
    ]);
  });

  it("checks the stack name on the stack resource, with the {project} placeholder", () => {
    const stackResource = { type: "pulumi:pulumi:Stack", name: "orders-orders-prod" };
    expect(decide(stackResource)).toEqual({ kind: "compliant" });
    const decision = decide(stackResource, CONVENTION, "prod");
    expect(codes(decision)).toEqual(["STACK_NAME_MISMATCH"]);
    expect(textOf(decision)).toContain(
      'Stack "prod" does not match the configured stack name pattern /^orders-(dev|prod)$/',
    );
  });

  it("does not check the names the engine chooses (providers)", () => {
    expect(decide({ type: "pulumi:providers:aws", name: "default_7_0_0" }).kind).toBe("not-applicable");
  });

  it("reports an invalid configured pattern instead of throwing", () => {
    const decision = decide(GOOD, { logicalNamePattern: "([a-z" });
    expect(codes(decision)).toEqual(["NAMING_CONFIG_INVALID"]);
    expect(textOf(decision)).toContain("logicalNamePattern is not a valid regular expression");
  });

  it("reports it as a warning on an unprotected stack", () => {
    const decision = decide({ ...GOOD, name: "Orders" }, CONVENTION, "orders-dev");
    expect(decision.kind === "violations" && decision.findings[0]?.severity).toBe("warning");
  });

  it("honours an excluded URN glob", () => {
    expect(decide({ ...GOOD, name: "Orders" }, { ...CONVENTION, excludeUrns: ["*::Orders"] }).kind).toBe(
      "not-applicable",
    );
  });
});

describe("resource-naming through the pack", () => {
  const only = (r: { policy: string }) => r.policy === "resource-naming";

  it("reports nothing with the defaults for an ordinary resource", async () => {
    const { reported } = await harness("acme-prod").analyze({ type: "aws:iam/role:Role", name: "app-role" });
    expect(reported).toEqual([]);
  });

  it("is mandatory on prod and advisory on dev, with the engine filling in defaults", async () => {
    const resource = { type: BUCKET, name: "orders-bucket", protect: true, props: { bucket: "Orders_Bucket" } };
    const config = { physicalNames: { [BUCKET]: { pattern: "^[a-z0-9-]+$" } } };
    const prod = harness("acme-prod");
    prod.configs["resource-naming"] = config;
    const dev = harness("acme-dev");
    dev.configs["resource-naming"] = config;
    expect((await prod.analyze(resource)).reported.filter(only).map((r) => r.level)).toEqual(["mandatory"]);
    expect((await dev.analyze(resource)).reported.filter(only).map((r) => r.level)).toEqual(["advisory"]);
  });
});

describe("resource-naming properties", () => {
  const configs = fc.constantFrom<Partial<Config>>({}, CONVENTION, {
    physicalNames: { "*": { pattern: "^a", maxLength: 5, mustContainStack: true } },
    logicalNamePattern: "([",
  });

  it("never throws, never prints a physical name or a secret", () => {
    fc.assert(
      fc.property(anyResource, configs, fc.constantFrom("acme-prod", "acme-dev"), (resource, config, stack) => {
        const decision = decide(resource, config, stack);
        const text = textOf(decision);
        for (const value of secretStrings([resource.props])) expect(text).not.toContain(value);
        if (decision.kind === "violations") {
          for (const f of decision.findings) expect(["error", "warning", "note"]).toContain(f.severity);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("through the pack: never throws, never leaks a secret, never lets an unknown escape", async () => {
    await fc.assert(
      fc.asyncProperty(anyResource, configs, async (resource, config) => {
        const h = harness("acme-prod");
        h.configs["resource-naming"] = config;
        const result = await h.analyze(resource);
        const text = messagesOf(result);
        for (const value of secretStrings(result.secrets)) expect(text).not.toContain(value);
        expect(text).not.toMatch(/can't run policy|could not decide/);
      }),
      { numRuns: 150 },
    );
  });
});
