import { beforeAll, describe, expect, it } from "vitest";
import { ensureProviderIndexes, type ProviderIndex } from "../../scripts/fetch-provider-types.js";
import { builtinCatalog, CATALOG_VERSION, STATEFUL_CATEGORIES, type StatefulTypeEntry } from "../../src/core/index.js";

/**
 * The built-in catalog checked against the provider SDKs pinned in package.json (stateguard.providerVersions),
 * fetched by scripts/fetch-provider-types.ts into the cache (free once cached). A failed fetch fails every test
 * here: the catalog is never reported as verified when it was not.
 */

const PACKAGE_OF: Record<string, string> = {
  aws: "@pulumi/aws",
  "aws-native": "@pulumi/aws-native",
  "azure-native": "@pulumi/azure-native",
  gcp: "@pulumi/gcp",
  kubernetes: "@pulumi/kubernetes",
  random: "@pulumi/random",
  tls: "@pulumi/tls",
};

const entries = builtinCatalog.entries();
const providerOf = (type: string): string => type.slice(0, type.indexOf(":"));

/** Follows a dotted input path through the SDK's input types; returns what is wrong, or undefined. */
function unresolved(index: ProviderIndex, type: string, path: string): string | undefined {
  let props: Readonly<Record<string, string>> | undefined = index.resources[type]?.inputs;
  const segments = path.split(".");
  for (const [i, segment] of segments.entries()) {
    if (!props || !Object.hasOwn(props, segment)) {
      const where = i === 0 ? type : segments.slice(0, i).join(".");
      return `${path}: "${segment}" is not an input property of ${where}`;
    }
    const ref = props[segment]!;
    if (i === segments.length - 1) return undefined;
    if (ref === "") return `${path}: ${segments.slice(0, i + 1).join(".")} has no properties to follow`;
    props = index.types[ref];
    if (!props) return `${path}: input type ${ref} is not in ${index.package}`;
  }
  return undefined;
}

/** The SDK's replaceOnChanges as dotted paths: `[*]` (any element) dropped, duplicates removed. */
const normalized = (paths: readonly string[]): string[] =>
  [...new Set(paths.map((p) => p.replace(/\[\*\]/g, "")))].sort();

describe("the built-in catalog against the pinned provider SDKs", () => {
  let indexes: ReadonlyMap<string, ProviderIndex> = new Map();
  let fetchError: string | undefined;

  // A failing hook would only mark the tests skipped: keep the error and fail every test with it instead.
  beforeAll(async () => {
    try {
      indexes = (await ensureProviderIndexes()).indexes;
    } catch (e) {
      fetchError = e instanceof Error ? e.message : JSON.stringify(e);
    }
  }, 600_000);

  function indexOf(type: string): ProviderIndex {
    if (fetchError !== undefined) {
      throw new Error(`the pinned provider SDKs could not be fetched, so the catalog is not verified: ${fetchError}`);
    }
    const name = PACKAGE_OF[providerOf(type)];
    if (!name) throw new Error(`${type}: no pinned provider package for "${providerOf(type)}"`);
    const index = indexes.get(name);
    if (!index) throw new Error(`${name} is not pinned in package.json stateguard.providerVersions`);
    return index;
  }

  it.each(entries.map((e) => [e.type, e] as const))("%s is a custom resource with these inputs", (type, entry) => {
    const index = indexOf(type);
    expect(index.resources[type], `${type} is not a resource of ${index.package}@${index.version}`).toBeDefined();
    expect(index.resources[type]?.kind).toBe("custom");
    const paths = [
      ...entry.replaceOn,
      ...entry.deletionProtection.flatMap((f) => [f.property, ...(f.unless ? [f.unless.property] : [])]),
      ...(entry.statefulWhen ? [entry.statefulWhen.present] : []),
    ];
    expect(paths.map((p) => unresolved(index, type, p)).filter(Boolean)).toEqual([]);
  });

  it.each(entries.filter((e) => providerOf(e.type) === "aws-native").map((e) => [e.type, e] as const))(
    "%s: replaceOn is the SDK's replaceOnChanges",
    (type, entry) => {
      const sdk = indexOf(type).resources[type]?.replaceOnChanges ?? [];
      expect([...entry.replaceOn].sort()).toEqual(normalized(sdk));
    },
  );

  it("finds no replace-on-change metadata in the other SDKs (their replaceOn comes from the providers' sources)", () => {
    // If a provider starts shipping it, this fails: then check the catalog against it as for aws-native.
    const shipping = entries
      .filter((e) => providerOf(e.type) !== "aws-native")
      .filter((e) => indexOf(e.type).resources[e.type]?.replaceOnChanges !== undefined)
      .map((e) => e.type);
    expect(shipping).toEqual([]);
  });

  it("reads the SDKs completely enough to be trusted", () => {
    // Guards the index against a silently broken parser: well-known types and nested input types must be there.
    expect(Object.keys(indexOf("aws:s3/bucket:Bucket").resources).length).toBeGreaterThan(1000);
    expect(Object.keys(indexOf("azure-native:storage:StorageAccount").resources).length).toBeGreaterThan(1000);
    expect(indexOf("kubernetes:apps/v1:StatefulSet").types["apps.v1.StatefulSetSpec"]).toHaveProperty(
      "volumeClaimTemplates",
    );
    expect(unresolved(indexOf("aws:rds/instance:Instance"), "aws:rds/instance:Instance", "notAnInput")).toContain(
      '"notAnInput" is not an input property',
    );
  });
});

describe("the built-in catalog's coverage and shape", () => {
  const count = (provider: string) => entries.filter((e) => providerOf(e.type) === provider).length;

  it("has version 1.0.0", () => {
    expect(CATALOG_VERSION).toBe("1.0.0");
    expect(builtinCatalog.version).toBe("1.0.0");
  });

  it("covers the main providers", () => {
    expect(count("aws")).toBeGreaterThanOrEqual(60);
    expect(count("azure-native")).toBeGreaterThanOrEqual(30);
    expect(count("gcp")).toBeGreaterThanOrEqual(30);
    for (const type of [
      "aws-native:rds:DbInstance",
      "aws-native:rds:DbCluster",
      "aws-native:dynamodb:Table",
      "aws-native:s3:Bucket",
      "aws-native:efs:FileSystem",
      "aws-native:sqs:Queue",
      "aws-native:kms:Key",
      "kubernetes:core/v1:PersistentVolumeClaim",
      "kubernetes:core/v1:PersistentVolume",
      "kubernetes:apps/v1:StatefulSet",
      "tls:index/privateKey:PrivateKey",
      "random:index/randomBytes:RandomBytes",
    ]) {
      expect(builtinCatalog.lookup(type), type).toBeDefined();
    }
  });

  it("leaves out what a replacement does not lose", () => {
    // A replaced password is rotated in its consumers by the same update; log groups are judged not worth it.
    expect(builtinCatalog.lookup("random:index/randomPassword:RandomPassword")).toBeUndefined();
    expect(builtinCatalog.lookup("aws:cloudwatch/logGroup:LogGroup")).toBeUndefined();
  });

  it.each(entries.map((e) => [e.type, e] as const))("%s is well-formed", (_type, entry: StatefulTypeEntry) => {
    expect(STATEFUL_CATEGORIES).toContain(entry.category);
    expect(entry.why.trim()).not.toBe("");
    expect(entry.origin).toBe("builtin");
    expect(new Set(entry.replaceOn).size).toBe(entry.replaceOn.length);
    expect(new Set(entry.deletionProtection.map((f) => f.property)).size).toBe(entry.deletionProtection.length);
  });
});
