import fc from "fast-check";
import { builtinCatalog } from "../../../src/core/index.js";
import { secret, UNKNOWN, type TestResource } from "./policy-harness.js";

/**
 * Generators for property-based tests of the policies: props as the SDK may deliver them, with unknown values
 * (the SDK's sentinels) and secrets anywhere. Secret strings carry a marker so that a leak cannot hide in
 * ordinary text.
 */

export const SECRET_PREFIX = "SeCrEt~";

export const secretString = fc.string({ minLength: 1, maxLength: 12 }).map((s) => `${SECRET_PREFIX}${s}~`);

const unknownValue = fc.constantFrom(...Object.values(UNKNOWN));

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.boolean(),
  fc.constantFrom("true", "false", "", "orders-db", "acme-prod-bucket", "x".repeat(80)),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.constant(null),
  fc.constant(undefined),
  unknownValue,
  secretString.map(secret),
  fc.boolean().map(secret),
);

export const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom("name", "namespace", "x", "__proto__", "constructor"), tie("value"), {
      maxKeys: 3,
    }),
    tie("value").map(secret),
  ),
})).value;

/** Property names the policies read, plus noise. */
const KEYS = [
  "deletionProtection",
  "deletionProtectionEnabled",
  "skipFinalSnapshot",
  "forceDestroy",
  "bucket",
  "identifier",
  "clusterIdentifier",
  "name",
  "accountName",
  "databaseName",
  "metadata",
  "engine",
  "tags",
  "__proto__",
  "constructor",
  "",
];

export const anyProps: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(fc.constantFrom(...KEYS), anyValue, {
  maxKeys: 8,
});

const TYPES = [
  ...builtinCatalog.entries().map((e) => e.type),
  "aws:iam/role:Role",
  "aws:sqs/queue:Queue",
  "gcp:storage/bucket:Bucket",
  "kubernetes:apps/v1:Deployment",
  "pulumi:pulumi:Stack",
  "pulumi:providers:aws",
  "custom:index:Thing",
];

export const anyName = fc.oneof(
  fc.constantFrom("orders-db", "ordersDb", "Orders DB", "default_7_0_0", "a", "x".repeat(70), "ns/name"),
  fc.string({ maxLength: 30 }),
);

export const anyResource: fc.Arbitrary<TestResource> = fc.record(
  {
    type: fc.constantFrom(...TYPES),
    name: anyName,
    protect: fc.boolean(),
    deleteBeforeReplace: fc.boolean(),
    additionalSecretOutputs: fc.subarray(KEYS),
    props: anyProps,
  },
  { requiredKeys: ["type", "name"] },
);

/** Every secret string inside a value, however deeply it is nested. */
export function secretStrings(values: readonly unknown[]): string[] {
  const found: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === "string" && v.startsWith(SECRET_PREFIX)) found.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === "object" && v !== null) Object.values(v).forEach(visit);
  };
  values.forEach(visit);
  return found;
}
