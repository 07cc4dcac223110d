import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { TObject } from "@sinclair/typebox";
import { catalogSettingsIssues } from "./catalog.js";
import { DEFAULT_SETTINGS, SETTINGS_KEY, settingsSchema, type Settings } from "./settings.js";

/**
 * policy-config.json in CrossGuard's own format: keys are policy names; a value is an enforcement level string
 * or `{ enforcementLevel?, ...properties }`. The engine reads the same file (`--policy-pack-config`), so nothing
 * here may accept what the engine would reject.
 */

export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type EnforcementLevel = (typeof ENFORCEMENT_LEVELS)[number];

/** Keys the engine itself gives meaning to. */
const ENGINE_KEYS = new Set(["all", "environments"]);

/** What the config layer needs to know of a policy: its name and the schema of its properties. */
export interface PolicyConfigMeta {
  readonly name: string;
  readonly description: string;
  readonly configSchema: TObject;
}

export interface PolicyEntry {
  readonly enforcementLevel?: EnforcementLevel;
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface LoadedPolicyConfig {
  readonly file: string;
  readonly settings: Settings;
  readonly all?: EnforcementLevel;
  readonly policies: Readonly<Record<string, PolicyEntry>>;
}

export interface ConfigIssue {
  /** The policy (or settings key) the problem is under; absent for problems with the file as a whole. */
  readonly policy?: string;
  /** JSON pointer of the offending field inside the policy's object, e.g. "/protectedStacks/0". */
  readonly field?: string;
  readonly message: string;
}

export class ConfigError extends Error {
  readonly file: string;
  readonly issues: readonly ConfigIssue[];
  constructor(file: string, issues: readonly ConfigIssue[]) {
    super(`${file}: invalid stateguard policy config\n${issues.map((i) => `  - ${formatIssue(i)}`).join("\n")}`);
    this.name = "ConfigError";
    this.file = file;
    this.issues = issues;
  }
}

export function formatIssue(issue: ConfigIssue): string {
  const where = [issue.policy, issue.field && issue.field !== "" ? issue.field : undefined].filter(Boolean).join(" ");
  return where ? `${where}: ${issue.message}` : issue.message;
}

const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false });
const validators = new WeakMap<TObject, ValidateFunction>();

function validatorFor(schema: TObject): ValidateFunction {
  let v = validators.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    validators.set(schema, v);
  }
  return v;
}

function describeAjvError(e: ErrorObject): { field: string; message: string } {
  if (e.keyword === "additionalProperties") {
    const extra = String((e.params as { additionalProperty?: string }).additionalProperty);
    return { field: `${e.instancePath}/${extra}`, message: `unknown property "${extra}"` };
  }
  if (e.keyword === "type") {
    return { field: e.instancePath, message: `must be ${(e.params as { type?: string }).type}` };
  }
  return { field: e.instancePath, message: e.message ?? e.keyword };
}

function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestScore) {
      best = c;
      bestScore = d;
    }
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/**
 * Validates one policy's properties (enforcementLevel already removed) against its schema, strictly: unknown
 * properties are errors even though the engine's own check ignores `additionalProperties`.
 */
export function validatePolicyProperties(policy: string, schema: TObject, properties: unknown): ConfigIssue[] {
  const validate = validatorFor(schema);
  if (validate(properties)) return [];
  const known = Object.keys(schema.properties);
  return (validate.errors ?? []).map((e) => {
    const { field, message } = describeAjvError(e);
    const extra = e.keyword === "additionalProperties" ? closest(field.split("/").pop() ?? "", known) : undefined;
    return { policy, field, message: extra ? `${message} (did you mean "${extra}"?)` : message };
  });
}

function isLevel(value: unknown): value is EnforcementLevel {
  return typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value);
}

/** Parses and validates a config document; returns issues instead of throwing. */
export function parsePolicyConfig(
  file: string,
  document: unknown,
  policies: readonly PolicyConfigMeta[],
): { config?: LoadedPolicyConfig; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    return { issues: [{ message: "the file must hold a JSON object keyed by policy name" }] };
  }
  const schemas = new Map<string, TObject>(policies.map((p) => [p.name, p.configSchema]));
  schemas.set(SETTINGS_KEY, settingsSchema);
  const entries: Record<string, PolicyEntry> = {};
  let all: EnforcementLevel | undefined;
  let settings: Settings = DEFAULT_SETTINGS;

  for (const [key, raw] of Object.entries(document)) {
    if (key === "environments") {
      if (!Array.isArray(raw) || raw.some((v) => typeof v !== "string")) {
        issues.push({ policy: key, message: "must be an array of strings (ESC environment names)" });
      }
      continue;
    }
    if (key === "$schema") {
      issues.push({
        policy: key,
        message:
          'the Pulumi engine rejects a "$schema" key in --policy-pack-config files; associate the schema in your editor settings instead (see docs/configuration.md)',
      });
      continue;
    }
    const schema = schemas.get(key);
    if (!schema && !ENGINE_KEYS.has(key)) {
      const guess = closest(key, [...schemas.keys(), ...ENGINE_KEYS]);
      issues.push({ policy: key, message: `unknown policy${guess ? ` (did you mean "${guess}"?)` : ""}` });
      continue;
    }
    if (typeof raw === "string") {
      if (!isLevel(raw)) {
        issues.push({
          policy: key,
          message: `"${raw}" is not an enforcement level (${ENFORCEMENT_LEVELS.join(", ")})`,
        });
        continue;
      }
      if (key === "all") all = raw;
      else entries[key] = { enforcementLevel: raw, properties: {} };
      continue;
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      issues.push({ policy: key, message: "must be an enforcement level string or an object" });
      continue;
    }
    const { enforcementLevel, ...properties } = raw as Record<string, unknown>;
    if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
      issues.push({
        policy: key,
        field: "/enforcementLevel",
        message: `${JSON.stringify(enforcementLevel)} is not an enforcement level (${ENFORCEMENT_LEVELS.join(", ")})`,
      });
    }
    if (key === "all") {
      if (isLevel(enforcementLevel)) all = enforcementLevel;
      continue;
    }
    const propertyIssues = validatePolicyProperties(key, schema!, properties);
    issues.push(...propertyIssues);
    if (propertyIssues.length > 0) continue;
    if (key === SETTINGS_KEY) {
      settings = { ...DEFAULT_SETTINGS, ...(properties as Partial<Settings>) };
      // What the schema cannot see: engine types declared stateful, a type added and removed, duplicates...
      const catalogIssues = catalogSettingsIssues(settings);
      issues.push(...catalogIssues);
      if (catalogIssues.length > 0) continue;
    }
    entries[key] = { ...(isLevel(enforcementLevel) ? { enforcementLevel } : {}), properties };
  }
  if (issues.length > 0) return { issues };
  return { config: { file, settings, ...(all ? { all } : {}), policies: entries }, issues };
}

/** Reads and validates policy-config.json. Throws ConfigError naming the file, the policy and the field. */
export function loadPolicyConfig(file: string, policies: readonly PolicyConfigMeta[]): LoadedPolicyConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(file, [
      { message: `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? String(e)}` },
    ]);
  }
  if (text.trim() === "") return { file, settings: DEFAULT_SETTINGS, policies: {} };
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, [{ message: `not valid JSON: ${(e as Error).message}` }]);
  }
  const { config, issues } = parsePolicyConfig(file, document, policies);
  if (!config) throw new ConfigError(file, issues);
  return config;
}

const LEVEL_SCHEMA = { type: "string", enum: [...ENFORCEMENT_LEVELS], description: "The policy's enforcement level." };

/** The JSON schema of the whole policy-config.json file, for editors and for documentation. */
export function policyConfigJsonSchema(policies: readonly PolicyConfigMeta[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    all: {
      description: "An enforcement level applied to every policy of every pack in the run.",
      anyOf: [
        LEVEL_SCHEMA,
        { type: "object", properties: { enforcementLevel: LEVEL_SCHEMA }, additionalProperties: false },
      ],
    },
    environments: {
      description: "Pulumi ESC environments whose values the engine resolves into the config.",
      type: "array",
      items: { type: "string" },
    },
  };
  const withSettings: PolicyConfigMeta[] = [
    { name: SETTINGS_KEY, description: settingsSchema.description ?? "", configSchema: settingsSchema },
    ...policies,
  ];
  for (const p of withSettings) {
    const objectSchema = JSON.parse(JSON.stringify(p.configSchema)) as Record<string, unknown>;
    objectSchema.properties = { enforcementLevel: LEVEL_SCHEMA, ...(objectSchema.properties as object) };
    objectSchema.additionalProperties = false;
    properties[p.name] = { description: p.description, anyOf: [LEVEL_SCHEMA, objectSchema] };
  }
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "stateguard policy-config.json",
    description:
      "Configuration for the stateguard policy pack, in the format of `pulumi preview --policy-pack-config`.",
    type: "object",
    properties,
    additionalProperties: false,
  };
}

/**
 * Reads only the pack-wide settings from policy-config.json, for front ends that do not run the policies (the
 * gate, the analyzer). The other keys must still be well-formed (strings or objects), as the engine requires.
 */
export function loadSettings(file: string): Settings {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(file, [
      { message: `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? String(e)}` },
    ]);
  }
  if (text.trim() === "") return DEFAULT_SETTINGS;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, [{ message: `not valid JSON: ${(e as Error).message}` }]);
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw new ConfigError(file, [{ message: "the file must hold a JSON object keyed by policy name" }]);
  }
  const raw = (document as Record<string, unknown>)[SETTINGS_KEY];
  if (raw === undefined || typeof raw === "string") return DEFAULT_SETTINGS;
  const properties = { ...((typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>) };
  delete properties.enforcementLevel;
  const issues = validatePolicyProperties(SETTINGS_KEY, settingsSchema, properties);
  if (issues.length > 0) throw new ConfigError(file, issues);
  const settings = { ...DEFAULT_SETTINGS, ...(properties as Partial<Settings>) };
  const catalogIssues = catalogSettingsIssues(settings);
  if (catalogIssues.length > 0) throw new ConfigError(file, catalogIssues);
  return settings;
}
