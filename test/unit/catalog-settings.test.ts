import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import {
  builtinCatalog,
  catalogFromSettings,
  catalogSettingsIssues,
  CatalogSettingsError,
  conditionHolds,
  createCatalog,
  DEFAULT_SETTINGS,
  deletionProtectionApplies,
  describeSafeValue,
  isSafeValue,
  parsePolicyConfig,
  SETTINGS_KEY,
  type DeletionProtectionField,
} from "../../src/core/index.js";
import { buildPolicies } from "../../policy/pack.js";
import { POLICIES } from "../../policy/policies/index.js";

const DB = "aws:rds/instance:Instance";
const STATEFUL_SET = "kubernetes:apps/v1:StatefulSet";
const MINE = "acme:storage/vault:Vault";

function settingsIssues(settings: unknown) {
  return parsePolicyConfig("policy-config.json", { [SETTINGS_KEY]: settings }, POLICIES).issues;
}

describe("the catalog settings in policy-config.json", () => {
  it("accepts every catalog setting and hands it over with its defaults", () => {
    const settings = {
      statefulTypes: [
        {
          type: MINE,
          why: "customer vaults",
          category: "object-storage",
          replaceOn: ["name"],
          deletionProtection: [
            { property: "retain", safeValue: true, requiredExplicitly: true },
            { property: "mode", safeValue: { anyOf: ["KEEP", "LOCK"] } },
            { property: "finalCopy", safeValue: { nonEmpty: true }, unless: { property: "skipCopy", equals: true } },
            { property: "graceDays", safeValue: { not: 0 } },
          ],
          statefulWhen: { present: "spec.volumes" },
        },
      ],
      notStateful: ["aws:sqs/queue:Queue"],
      replaceOn: { [DB]: ["port"] },
      failClosed: true,
    };
    const { config, issues } = parsePolicyConfig("f.json", { [SETTINGS_KEY]: settings }, POLICIES);
    expect(issues).toEqual([]);
    expect(config?.settings).toMatchObject(settings);
    expect(DEFAULT_SETTINGS).toMatchObject({ statefulTypes: [], notStateful: [], replaceOn: {}, failClosed: false });
  });

  it("names the field of a value of the wrong type", () => {
    expect(settingsIssues({ failClosed: "yes" })).toEqual([
      { policy: SETTINGS_KEY, field: "/failClosed", message: "must be boolean" },
    ]);
    expect(settingsIssues({ notStateful: "aws:sqs/queue:Queue" })).toEqual([
      { policy: SETTINGS_KEY, field: "/notStateful", message: "must be array" },
    ]);
    expect(settingsIssues({ replaceOn: { [DB]: "port" } })).toEqual([
      { policy: SETTINGS_KEY, field: `/replaceOn/${DB.replace(/\//g, "~1")}`, message: "must be array" },
    ]);
  });

  it("rejects what is not a type token, an unknown category and a malformed safe value", () => {
    expect(settingsIssues({ notStateful: ["Queue"] })[0]).toMatchObject({ field: "/notStateful/0" });
    expect(settingsIssues({ statefulTypes: [{ type: MINE, category: "vault" }] })[0]).toMatchObject({
      field: "/statefulTypes/0/category",
      message: "must be equal to one of the allowed values",
    });
    const bad = settingsIssues({
      statefulTypes: [{ type: MINE, deletionProtection: [{ property: "retain", safeValue: { oneOf: [] } }] }],
    });
    expect(bad.map((i) => i.field)).toContain("/statefulTypes/0/deletionProtection/0/safeValue");
  });

  it("names unknown properties, at every level", () => {
    expect(settingsIssues({ failClose: true })).toEqual([
      {
        policy: SETTINGS_KEY,
        field: "/failClose",
        message: 'unknown property "failClose" (did you mean "failClosed"?)',
      },
    ]);
    expect(settingsIssues({ statefulTypes: [{ type: MINE, reason: "x" }] })).toEqual([
      { policy: SETTINGS_KEY, field: "/statefulTypes/0/reason", message: 'unknown property "reason"' },
    ]);
    expect(
      settingsIssues({ statefulTypes: [{ type: MINE, deletionProtection: [{ property: "a", safeValue: 1, x: 1 }] }] }),
    ).toContainEqual({
      policy: SETTINGS_KEY,
      field: "/statefulTypes/0/deletionProtection/0/x",
      message: 'unknown property "x"',
    });
  });

  it("requires the type of an added entry", () => {
    expect(settingsIssues({ statefulTypes: [{ why: "x" }] })[0]?.message).toContain("must have required property");
  });
});

describe("merging the settings into the catalog", () => {
  it("without settings, is the built-in catalog", () => {
    expect(createCatalog().entries()).toEqual(builtinCatalog.entries());
    expect(createCatalog({}).failClosed).toBe(false);
  });

  it("adds a type with defaults for what is not given", () => {
    const entry = createCatalog({ statefulTypes: [{ type: MINE }] }).lookup(MINE);
    expect(entry).toEqual({
      type: MINE,
      category: "other",
      why: "declared stateful in policy-config.json",
      replaceOn: [],
      deletionProtection: [],
      origin: "user-added",
    });
  });

  it("replaces only the fields given for a built-in type", () => {
    const builtin = builtinCatalog.lookup(DB)!;
    const entry = createCatalog({
      statefulTypes: [{ type: DB, why: "the orders database", replaceOn: ["port"] }],
    }).lookup(DB)!;
    expect(entry).toMatchObject({ why: "the orders database", replaceOn: ["port"], origin: "user-modified" });
    expect(entry.category).toBe(builtin.category);
    expect(entry.deletionProtection).toEqual(builtin.deletionProtection);
    expect(builtinCatalog.lookup(DB)).toBe(builtin);
  });

  it("adds replaceOn properties to a type's own, once", () => {
    const builtin = builtinCatalog.lookup(DB)!;
    const entry = createCatalog({ replaceOn: { [DB]: ["port", "engine"] } }).lookup(DB)!;
    expect(entry.replaceOn).toEqual([...builtin.replaceOn, "port"]);
    expect(entry.origin).toBe("user-modified");
    const added = createCatalog({ statefulTypes: [{ type: MINE, replaceOn: ["a"] }], replaceOn: { [MINE]: ["b"] } });
    expect(added.lookup(MINE)).toMatchObject({ replaceOn: ["a", "b"], origin: "user-added" });
  });

  it("drops notStateful types, also from failClosed", () => {
    const catalog = createCatalog({ notStateful: [DB, "acme:cache/redis:Redis"], failClosed: true });
    expect(catalog.lookup(DB)).toBeUndefined();
    expect(catalog.entries().map((e) => e.type)).not.toContain(DB);
    expect(catalog.notStateful()).toEqual(["acme:cache/redis:Redis", DB]);
    const facts = { custom: true, protectedStack: true };
    expect(catalog.classify(DB, facts)).toMatchObject({ stateful: false, reason: `${DB} is listed in notStateful` });
    expect(catalog.classify("acme:cache/redis:Redis", facts).stateful).toBe(false);
  });

  it("reports what the schema cannot see, and createCatalog refuses it", () => {
    const settings = {
      statefulTypes: [{ type: "pulumi:providers:aws" }, { type: MINE }, { type: MINE }, { type: DB }],
      notStateful: [DB],
      replaceOn: { "acme:nope:Nope": ["x"], [DB]: ["y"] },
    };
    expect(catalogSettingsIssues(settings)).toEqual([
      {
        policy: SETTINGS_KEY,
        field: "/statefulTypes/0/type",
        message: '"pulumi:providers:aws" is one of the engine\'s own types, which never hold data',
      },
      { policy: SETTINGS_KEY, field: "/statefulTypes/2/type", message: `"${MINE}" is listed twice` },
      { policy: SETTINGS_KEY, field: "/statefulTypes/3/type", message: `"${DB}" is also listed in notStateful` },
      {
        policy: SETTINGS_KEY,
        field: "/replaceOn/acme:nope:Nope",
        message: '"acme:nope:Nope" is not a stateful type in the catalog (add it under statefulTypes)',
      },
      {
        policy: SETTINGS_KEY,
        field: "/replaceOn/aws:rds~1instance:Instance",
        message: `"${DB}" is listed in notStateful`,
      },
    ]);
    expect(() => createCatalog(settings)).toThrow(CatalogSettingsError);
    expect(() => createCatalog(settings)).toThrow("stateguard-settings /replaceOn/acme:nope:Nope:");
  });

  it("reuses the catalog while the settings are the same", () => {
    const a = catalogFromSettings({ ...DEFAULT_SETTINGS, notStateful: [DB] });
    expect(catalogFromSettings({ ...DEFAULT_SETTINGS, notStateful: [DB] })).toBe(a);
    expect(catalogFromSettings(DEFAULT_SETTINGS)).not.toBe(a);
  });
});

describe("deciding whether a resource is stateful", () => {
  const catalog = createCatalog({ failClosed: true });
  const claims = { spec: { volumeClaimTemplates: [{ metadata: { name: "data" } }] } };

  it("counts a conditional type only when its property is set", () => {
    expect(catalog.classify(STATEFUL_SET, { props: claims }).stateful).toBe(true);
    expect(catalog.classify(STATEFUL_SET, { props: { spec: {} } })).toEqual({
      stateful: false,
      reason: `${STATEFUL_SET} is stateful only when spec.volumeClaimTemplates is set, and it is not`,
    });
    expect(catalog.isStateful(STATEFUL_SET, { spec: { volumeClaimTemplates: [] } })).toBe(false);
    // Without props (the lint rule, the CLI) the type counts; so does a value that cannot be read.
    expect(catalog.isStateful(STATEFUL_SET)).toBe(true);
    const unreadable = {
      spec: {
        get volumeClaimTemplates(): never {
          throw new Error("unknown during preview");
        },
      },
    };
    expect(conditionHolds({ present: "spec.volumeClaimTemplates" }, unreadable)).toBe(true);
  });

  it("with failClosed, counts unknown custom resource types on protected stacks only", () => {
    const unknown = "acme:index:Widget";
    expect(catalog.classify(unknown, { custom: true, protectedStack: true })).toMatchObject({
      stateful: true,
      entry: { type: unknown, origin: "fail-closed", category: "other" },
    });
    expect(catalog.classify(unknown, { custom: true, protectedStack: false }).stateful).toBe(false);
    expect(catalog.classify(unknown, { custom: false, protectedStack: true }).stateful).toBe(false);
    expect(catalog.classify(unknown, { protectedStack: true }).stateful).toBe(false);
    expect(createCatalog().classify(unknown, { custom: true, protectedStack: true }).stateful).toBe(false);
  });

  it("never counts the engine's own types", () => {
    for (const type of ["pulumi:pulumi:Stack", "pulumi:providers:aws"]) {
      expect(catalog.classify(type, { custom: true, protectedStack: true }).stateful).toBe(false);
    }
  });

  it("scoped to one resource, answers lookup with the rules applied", () => {
    const scoped = catalog.forResource({ props: { spec: {} }, custom: true, protectedStack: true });
    expect(scoped.lookup(STATEFUL_SET)).toBeUndefined();
    expect(scoped.lookup(DB)).toBe(catalog.lookup(DB));
    expect(scoped.lookup("acme:index:Widget")?.origin).toBe("fail-closed");
    expect(catalog.lookup("acme:index:Widget")).toBeUndefined();
  });
});

describe("deletion-protection values", () => {
  const field = (
    safeValue: DeletionProtectionField["safeValue"],
    requiredExplicitly = false,
  ): DeletionProtectionField => ({
    property: "p",
    safeValue,
    requiredExplicitly,
  });

  it("judges each kind of safe value", () => {
    expect(isSafeValue(field(true, true), undefined)).toBe(false);
    expect(isSafeValue(field(false), undefined)).toBe(true);
    expect(isSafeValue(field(true), "true")).toBe(true);
    expect(isSafeValue(field(false), true)).toBe(false);
    expect(isSafeValue(field("ACTIVE"), "INACTIVE")).toBe(false);
    expect(isSafeValue(field({ anyOf: ["ABANDON", "PREVENT"] }), "PREVENT")).toBe(true);
    expect(isSafeValue(field({ anyOf: ["ABANDON", "PREVENT"] }), "DELETE")).toBe(false);
    expect(isSafeValue(field({ not: 0 }), 0)).toBe(false);
    expect(isSafeValue(field({ not: 0 }), 7)).toBe(true);
    expect(isSafeValue(field({ nonEmpty: true }), " ")).toBe(false);
    expect(isSafeValue(field({ nonEmpty: true }), "final")).toBe(true);
    expect(isSafeValue(field({ nonEmpty: true }), 3)).toBe(false);
  });

  it("describes them", () => {
    expect(
      [true, "ACTIVE", { anyOf: ["A", "B"] }, { not: 0 }, { nonEmpty: true } as const].map((v) =>
        describeSafeValue(field(v)),
      ),
    ).toEqual(["true", '"ACTIVE"', 'one of "A", "B"', "anything but 0", "a non-empty string"]);
  });

  it("lifts a field whose unless condition holds", () => {
    const snapshot = builtinCatalog
      .lookup(DB)!
      .deletionProtection.find((f) => f.property === "finalSnapshotIdentifier")!;
    expect(deletionProtectionApplies(snapshot, {})).toBe(true);
    expect(deletionProtectionApplies(snapshot, { skipFinalSnapshot: true })).toBe(false);
    expect(deletionProtectionApplies(snapshot, { skipFinalSnapshot: "true" })).toBe(false);
  });
});

describe("the policy pack with catalog settings", () => {
  /** One resource through the settings carrier and stateful-resources-protected, as the SDK calls them. */
  function analyze(settings: Record<string, unknown>, resource: { type: string; provider?: boolean; props?: object }) {
    const policies = buildPolicies(POLICIES, {
      stack: () => ({ stack: "acme-prod", project: "orders" }),
      catalog: builtinCatalog,
    }) as ResourceValidationPolicy[];
    const results: string[] = [];
    for (const policy of policies.filter((p) => p.name === SETTINGS_KEY || p.name === "stateful-resources-protected")) {
      const args = {
        type: resource.type,
        name: "r",
        urn: `urn:pulumi:acme-prod::orders::${resource.type}::r`,
        props: resource.props ?? {},
        opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [] },
        ...(resource.provider ? { provider: { type: "pulumi:providers:acme", props: {}, urn: "u", name: "p" } } : {}),
        stackTags: new Map(),
        getConfig: () => (policy.name === SETTINGS_KEY ? settings : {}),
        notApplicable: (reason?: string) => {
          throw new Error(`not applicable: ${reason ?? ""}`);
        },
      } as unknown as ResourceValidationArgs;
      const validate = policy.validateResource as (a: ResourceValidationArgs, r: (m: unknown) => void) => void;
      try {
        validate(args, (m) => results.push((m as { message: string }).message));
      } catch (e) {
        results.push((e as Error).message);
      }
    }
    return results;
  }

  it("uses the types the settings add, and not the ones they drop", () => {
    expect(analyze({ statefulTypes: [{ type: MINE, why: "customer vaults" }] }, { type: MINE })[0]).toContain(
      `${MINE} "r" (customer vaults) is not protected`,
    );
    expect(analyze({ notStateful: [DB] }, { type: DB })).toEqual([
      `not applicable: ${DB} is not a stateful type in the catalog`,
    ]);
  });

  it("counts unknown custom resources with failClosed, but not components", () => {
    expect(analyze({ failClosed: true }, { type: "acme:index:Widget", provider: true })[0]).toContain(
      "failClosed counts it as stateful",
    );
    expect(analyze({ failClosed: true }, { type: "acme:index:Widget" })).toEqual([
      "not applicable: acme:index:Widget is not a stateful type in the catalog",
    ]);
  });

  it("judges a conditional type on the resource's props", () => {
    expect(analyze({}, { type: STATEFUL_SET, props: { spec: {} } })).toEqual([
      `not applicable: ${STATEFUL_SET} is not a stateful type in the catalog`,
    ]);
    expect(analyze({}, { type: STATEFUL_SET, props: { spec: { volumeClaimTemplates: [{}] } } })).toHaveLength(1);
  });

  it("fails like any invalid config when the catalog settings contradict each other", () => {
    expect(analyze({ replaceOn: { "acme:nope:Nope": ["x"] } }, { type: DB })).toEqual([
      'invalid policy pack config (--policy-pack-config): stateguard-settings /replaceOn/acme:nope:Nope: "acme:nope:Nope" is not a stateful type in the catalog (add it under statefulTypes)',
    ]);
  });
});
