import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  DEFAULT_SETTINGS,
  SETTINGS_KEY,
  loadPolicyConfig,
  parsePolicyConfig,
  policyConfigJsonSchema,
} from "../../src/core/index.js";
import { POLICIES } from "../../policy/policies/index.js";

function writeConfig(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "sg-config-")), "policy-config.json");
  writeFileSync(file, content);
  return file;
}

function issuesOf(document: unknown) {
  return parsePolicyConfig("policy-config.json", document, POLICIES).issues;
}

describe("policy-config.json loading", () => {
  it("accepts the repository's own policy-config.json", () => {
    const config = loadPolicyConfig(join(import.meta.dirname, "../../policy-config.json"), POLICIES);
    expect(config.settings.protectedStacks).toEqual(["*prod", "*production"]);
    expect(config.policies["stateful-resources-protected"]?.enforcementLevel).toBe("mandatory");
  });

  it("accepts a level string per policy and an `all` level", () => {
    const { config, issues } = parsePolicyConfig(
      "f.json",
      { all: "advisory", "stateful-resources-protected": "disabled" },
      POLICIES,
    );
    expect(issues).toEqual([]);
    expect(config?.all).toBe("advisory");
    expect(config?.policies["stateful-resources-protected"]).toEqual({ enforcementLevel: "disabled", properties: {} });
  });

  it("uses the default settings when the settings key is absent", () => {
    const { config } = parsePolicyConfig("f.json", {}, POLICIES);
    expect(config?.settings).toEqual(DEFAULT_SETTINGS);
  });

  it("treats an empty file as no configuration, as the engine does", () => {
    expect(loadPolicyConfig(writeConfig("  \n"), POLICIES).policies).toEqual({});
  });

  it("names the policy and the field of a value of the wrong type", () => {
    expect(issuesOf({ [SETTINGS_KEY]: { protectedStacks: "prod" } })).toEqual([
      { policy: SETTINGS_KEY, field: "/protectedStacks", message: "must be array" },
    ]);
  });

  it("names an unknown property and suggests the closest known one", () => {
    expect(issuesOf({ "stateful-resources-protected": { excludeUrn: [] } })).toEqual([
      {
        policy: "stateful-resources-protected",
        field: "/excludeUrn",
        message: 'unknown property "excludeUrn" (did you mean "excludeUrns"?)',
      },
    ]);
  });

  it("rejects an unknown policy name with a suggestion", () => {
    expect(issuesOf({ "stateful-resource-protected": "mandatory" })).toEqual([
      {
        policy: "stateful-resource-protected",
        message: 'unknown policy (did you mean "stateful-resources-protected"?)',
      },
    ]);
  });

  it("rejects an enforcement level the engine would reject", () => {
    expect(issuesOf({ "stateful-resources-protected": "strict" })[0]?.message).toContain(
      '"strict" is not an enforcement level',
    );
    expect(issuesOf({ "stateful-resources-protected": { enforcementLevel: 3 } })[0]).toMatchObject({
      field: "/enforcementLevel",
    });
  });

  it("rejects a top-level $schema key, which the engine refuses as an invalid enforcement level", () => {
    expect(issuesOf({ $schema: "./schema.json" })[0]?.message).toContain("the Pulumi engine rejects");
  });

  it("reports every problem at once", () => {
    expect(
      issuesOf({ [SETTINGS_KEY]: { protectedStacks: 1, extra: true }, "stateful-resources-protected": "x" }),
    ).toHaveLength(3);
  });

  it("throws a ConfigError naming the file for invalid JSON", () => {
    const file = writeConfig("{ not json");
    expect(() => loadPolicyConfig(file, POLICIES)).toThrow(ConfigError);
    expect(() => loadPolicyConfig(file, POLICIES)).toThrow(file);
  });

  it("throws a ConfigError naming the file when it cannot be read", () => {
    expect(() => loadPolicyConfig("/nonexistent/policy-config.json", POLICIES)).toThrow(/nonexistent.*ENOENT/s);
  });
});

describe("the generated JSON schema of policy-config.json", () => {
  const schema = policyConfigJsonSchema(POLICIES);
  const validate = new Ajv({ strict: false }).compile(schema);

  it("validates the repository's policy-config.json", () => {
    const document: unknown = JSON.parse(readFileSync(join(import.meta.dirname, "../../policy-config.json"), "utf8"));
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
  });

  it("rejects what the loader rejects", () => {
    expect(validate({ "stateful-resources-protected": { excludeUrn: [] } })).toBe(false);
    expect(validate({ [SETTINGS_KEY]: { protectedStacks: "prod" } })).toBe(false);
    expect(validate({ nope: "mandatory" })).toBe(false);
  });

  it("describes every property so editors can show it", () => {
    const props = schema.properties as Record<
      string,
      { anyOf: { properties?: Record<string, { description?: string }> }[] }
    >;
    for (const [name, entry] of Object.entries(props)) {
      if (name === "all" || name === "environments") continue;
      const objectForm = entry.anyOf[1]!;
      for (const [prop, propSchema] of Object.entries(objectForm.properties ?? {})) {
        expect(propSchema.description, `${name}.${prop}`).toBeTruthy();
      }
    }
  });
});
