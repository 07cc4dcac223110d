import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  UnknownValueError,
  type PolicyConfigSchema,
  type ReportViolation,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationArgs,
  type StackValidationPolicy,
} from "@pulumi/policy";
import { Value } from "@sinclair/typebox/value";
import type { Static, TObject } from "@sinclair/typebox";
import {
  builtinCatalog,
  catalogFromSettings,
  CatalogSettingsError,
  classifyStack,
  type ProtectionVerdict,
  DEFAULT_SETTINGS,
  formatIssue,
  SETTINGS_KEY,
  settingsSchema,
  validatePolicyProperties,
  type Catalog,
  type Finding,
  type Settings,
  type StackIdentity,
} from "../src/core/index.js";
import type {
  FileAccess,
  PolicyDefinition,
  ResourcePolicyDefinition,
  ResourceSubject,
  StackPolicyDefinition,
  StackSubject,
} from "./define-policy.js";

/**
 * Wires the pure policy decisions to CrossGuard. Constructing the PolicyPack (which starts a gRPC server) is
 * left to index.ts so that everything here can be exercised in unit tests.
 */

/** CrossGuard's configSchema: JSON-schema properties plus required names; the engine fills in the defaults. */
export function toCrossGuardSchema(schema: TObject): PolicyConfigSchema {
  const plain = JSON.parse(JSON.stringify(schema)) as {
    properties: PolicyConfigSchema["properties"];
    required?: string[];
  };
  return { properties: plain.properties, ...(plain.required?.length ? { required: plain.required } : {}) };
}

/** Thrown (and so reported by the engine as a failed preview) when the policy pack config is invalid. */
export class PolicyConfigError extends Error {
  override name = "PolicyConfigError";
}

/** Validates the properties the engine delivered for one policy, strictly, and fills in defaults. */
export function readConfig<S extends TObject>(policy: string, schema: S, raw: unknown): Static<S> {
  const properties = raw ?? {};
  const issues = validatePolicyProperties(policy, schema, properties);
  if (issues.length > 0) {
    throw new PolicyConfigError(
      `invalid policy pack config (--policy-pack-config): ${issues.map(formatIssue).join("; ")}`,
    );
  }
  return Value.Default(schema, structuredClone(properties)) as Static<S>;
}

/**
 * readConfig for one policy, remembered per raw config: the engine delivers the same properties on every call (it
 * configures a pack once), and validating them anew on every resource cost more than the decisions themselves.
 * The result is frozen, since every call shares it.
 */
export function configReader<S extends TObject>(policy: string, schema: S): (raw: unknown) => Static<S> {
  let last: { raw: unknown; key: string; config: Static<S> } | undefined;
  return (raw) => {
    // The SDK hands out a fresh shallow copy of the same properties on every call: comparing the values one by one
    // is enough to recognise them, and much cheaper than serialising them.
    if (last && shallowEqual(last.raw, raw)) return last.config;
    const key = JSON.stringify(raw ?? {});
    if (last?.key !== key) last = { raw, key, config: deepFreeze(readConfig(policy, schema, raw)) };
    else last = { ...last, raw };
    return last.config;
  };
}

function shallowEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if ((a as Record<string, unknown>)[k] !== (b as Record<string, unknown>)[k]) return false;
  }
  return true;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The pack-wide settings, delivered through the settings policy (see settings.ts in the core). */
export class SettingsHolder {
  private current: Settings = DEFAULT_SETTINGS;
  private captured = false;
  private readonly read = configReader(SETTINGS_KEY, settingsSchema);
  private verdict: { settings: Settings; tags: unknown; stack: string; verdict: ProtectionVerdict } | undefined;
  private scoped: { settings: Settings; base: Catalog; catalog: Catalog } | undefined;
  private lastRead: unknown;
  capture(raw: unknown): void {
    const next = this.read(raw);
    // The same raw config yields the same (frozen) object, so the settings keep their identity and the memos hold.
    if (next !== this.lastRead) {
      this.current = { ...DEFAULT_SETTINGS, ...next };
      this.lastRead = next;
    }
    this.captured = true;
  }
  /** Whether the settings policy has run at least once in this process (the engine configures a pack once). */
  get hasCaptured(): boolean {
    return this.captured;
  }
  get(): Settings {
    return this.current;
  }
  /** classifyStack for the current settings, remembered while the settings, the stack and its tags stay. */
  protection(stack: StackIdentity): ProtectionVerdict {
    const v = this.verdict;
    if (v?.settings === this.current && v.tags === stack.tags && v.stack === stack.stack) return v.verdict;
    const verdict = classifyStack(stack, this.current);
    this.verdict = { settings: this.current, tags: stack.tags, stack: stack.stack, verdict };
    return verdict;
  }
  /** The base catalog with the current settings' statefulTypes, notStateful, replaceOn and failClosed applied. */
  catalog(base: Catalog): Catalog {
    if (this.scoped?.settings === this.current && this.scoped.base === base) return this.scoped.catalog;
    try {
      const catalog = catalogFromSettings(this.current, base);
      this.scoped = { settings: this.current, base, catalog };
      return catalog;
    } catch (e) {
      if (!(e instanceof CatalogSettingsError)) throw e;
      throw new PolicyConfigError(`invalid policy pack config (--policy-pack-config): ${e.message}`);
    }
  }
}

export interface PackEnvironment {
  stack(): StackIdentity;
  /** The built-in catalog; the settings' catalog overrides apply on top of it. */
  readonly catalog: Catalog;
  /** File access for stack policies (baseline files); defaults to nodeFiles. */
  readonly files?: FileAccess;
}

/**
 * Relative paths are resolved against the directory `pulumi` was started from, as the shell records it in PWD:
 * the pack itself runs with its own directory as working directory (the nodejs language host's choice for
 * policy packs), and the engine tells a pack nothing about the program's directory.
 */
export const nodeFiles: FileAccess = {
  resolve: (path) => (isAbsolute(path) ? path : resolve(process.env.PWD ?? process.cwd(), path)),
  readText: (path) => readFileSync(path, "utf8"),
};

export const pulumiEnvironment: PackEnvironment = {
  stack: () => ({ stack: pulumi.getStack(), project: pulumi.getProject(), organization: pulumi.getOrganization() }),
  catalog: builtinCatalog,
};

/** The stack's own resource type: the engine analyzes it first, before any resource of the program. */
const STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * The engine configures a pack once, before its first analysis, so the settings carrier needs to run only until it
 * has captured them. After that it declares itself for the stack resource only (the SDK's `__pulumiType`, read
 * on each call), and the SDK skips it on every other resource before deserializing their props.
 */
function onlyUntilCaptured<F extends object>(holder: SettingsHolder, validate: F): F {
  Object.defineProperty(validate, "__pulumiType", { get: () => (holder.hasCaptured ? STACK_TYPE : undefined) });
  return validate;
}

export function settingsPolicy(holder: SettingsHolder): ResourceValidationPolicy & StackValidationPolicy {
  return {
    name: SETTINGS_KEY,
    description:
      "Carries stateguard's pack-wide settings (which stacks are protected) to the other policies; never reports a violation.",
    enforcementLevel: "advisory",
    configSchema: toCrossGuardSchema(settingsSchema),
    validateResource: onlyUntilCaptured(holder, (args) => {
      holder.capture(args.getConfig());
    }),
    validateStack: (args) => {
      holder.capture(args.getConfig());
    },
  };
}

function violationText(finding: Finding): string {
  return finding.fix ? `${finding.message}\nFix: ${finding.fix}` : finding.message;
}

export function subjectOf(args: ResourceValidationArgs): ResourceSubject {
  const opts = args.opts;
  return {
    type: args.type,
    name: args.name,
    urn: args.urn,
    props: args.props,
    opts: {
      protect: opts.protect,
      ...(opts.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: opts.deleteBeforeReplace } : {}),
      aliases: opts.aliases,
      ...(opts.parent ? { parent: opts.parent } : {}),
      additionalSecretOutputs: opts.additionalSecretOutputs,
    },
  };
}

export function resourcePolicy(
  definition: ResourcePolicyDefinition,
  holder: SettingsHolder,
  env: PackEnvironment,
): ResourceValidationPolicy {
  const readPolicyConfig = configReader(definition.name, definition.configSchema);
  return {
    name: definition.name,
    description: definition.description,
    // Mandatory is the level on protected stacks; elsewhere each violation is reported as advisory.
    enforcementLevel: "mandatory",
    configSchema: toCrossGuardSchema(definition.configSchema),
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
      const config = readPolicyConfig(args.getConfig());
      const stack = { ...env.stack(), tags: args.stackTags };
      const protection = holder.protection(stack);
      // On unprotected stacks every violation is advisory; on protected ones the configured level applies.
      const level = protection.protected ? undefined : ("advisory" as const);
      const subject = subjectOf(args);
      // Scoped to this resource: conditional types and failClosed need its props, kind and stack. The engine gives
      // custom resources (and multi-language components) a provider, local components none.
      const catalog = holder.catalog(env.catalog).forResource({
        props: args.props,
        custom: args.provider !== undefined,
        protectedStack: protection.protected,
      });
      let decision;
      try {
        decision = definition.decide(subject, config, { stack, protection, catalog });
      } catch (e) {
        // A mandatory decision must not silently degrade: an unknown value or an internal error is reported at
        // the policy's level instead of being swallowed or turned into an advisory by the SDK.
        const why =
          e instanceof UnknownValueError
            ? `a property it needs is unknown until the update runs (${(e as Error).message})`
            : `internal error: ${e instanceof Error ? e.message : String(e)}`;
        report({
          message: `stateguard could not decide ${definition.name} for ${subject.type} "${subject.name}": ${why}.`,
          urn: subject.urn,
          ...(level ? { enforcementLevel: level } : {}),
        } as unknown as string);
        return;
      }
      if (decision.kind === "not-applicable") {
        notApplicable(args, decision.reason);
        return;
      }
      if (decision.kind === "compliant") return;
      for (const finding of decision.findings) {
        // The SDK accepts a violation object at run time (its typings only say string); the object carries the
        // per-stack level.
        report({
          message: violationText(finding),
          urn: finding.resource?.urn ?? subject.urn,
          ...levelOf(finding, level),
        } as unknown as string);
      }
    },
  };
}

/**
 * `args.notApplicable` throws the SDK's NotApplicableError, which the SDK catches and records. Most resources are
 * not of a stateful type, so this happens several times per resource: without a stack trace (which nobody reads)
 * it costs a fraction.
 */
function notApplicable(args: { notApplicable(reason?: string): never }, reason: string): never {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return args.notApplicable(reason);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** A note never blocks (e.g. "checked again during the update"); anything else gets the per-stack level. */
function levelOf(finding: Finding, level: "advisory" | undefined): { enforcementLevel?: "advisory" } {
  const effective = finding.severity === "note" ? "advisory" : level;
  return effective ? { enforcementLevel: effective } : {};
}

export function stackSubjectOf(args: StackValidationArgs): StackSubject {
  return {
    resources: args.resources.map((r) => ({
      type: r.type,
      name: r.name,
      urn: r.urn,
      props: r.props,
      custom: r.provider !== undefined,
      opts: {
        protect: r.opts.protect,
        aliases: r.opts.aliases,
        ...(r.opts.parent ? { parent: r.opts.parent } : {}),
      },
    })),
  };
}

/** The stack-policy glue, mirroring resourcePolicy: per-stack level, strict config, nothing swallowed. */
export function stackPolicy(
  definition: StackPolicyDefinition,
  holder: SettingsHolder,
  env: PackEnvironment,
): StackValidationPolicy {
  const readPolicyConfig = configReader(definition.name, definition.configSchema);
  return {
    name: definition.name,
    description: definition.description,
    enforcementLevel: "mandatory",
    configSchema: toCrossGuardSchema(definition.configSchema),
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const config = readPolicyConfig(args.getConfig());
      const stack = { ...env.stack(), tags: args.stackTags };
      const protection = holder.protection(stack);
      const level = protection.protected ? undefined : ("advisory" as const);
      const catalog = holder.catalog(env.catalog);
      let decision;
      try {
        decision = definition.decide(stackSubjectOf(args), config, {
          stack,
          protection,
          catalog,
          files: env.files ?? nodeFiles,
        });
      } catch (e) {
        const why =
          e instanceof UnknownValueError
            ? `a value it needs is unknown until the update runs (${(e as Error).message})`
            : `internal error: ${e instanceof Error ? e.message : String(e)}`;
        report({
          message: `stateguard could not decide ${definition.name} for stack "${stack.stack}": ${why}.`,
          ...(level ? { enforcementLevel: level } : {}),
        } as unknown as string);
        return;
      }
      if (decision.kind === "not-applicable") {
        notApplicable(args, decision.reason);
        return;
      }
      if (decision.kind === "compliant") return;
      for (const finding of decision.findings) {
        report({
          message: violationText(finding),
          ...(finding.resource?.urn ? { urn: finding.resource.urn } : {}),
          ...levelOf(finding, level),
        } as unknown as string);
      }
    },
  };
}

export function buildPolicies(
  definitions: readonly PolicyDefinition[],
  env: PackEnvironment = pulumiEnvironment,
): (ResourceValidationPolicy | StackValidationPolicy)[] {
  const holder = new SettingsHolder();
  // The settings policy must come first: the SDK runs policies in order, so it has captured the settings by the
  // time the others read them.
  return [
    settingsPolicy(holder),
    ...definitions.map((d) => (d.kind === "stack" ? stackPolicy(d, holder, env) : resourcePolicy(d, holder, env))),
  ];
}
