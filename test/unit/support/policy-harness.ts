import { createRequire } from "node:module";
import {
  UnknownValueError,
  type PolicyResource,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationArgs,
  type StackValidationPolicy,
} from "@pulumi/policy";
import { Value } from "@sinclair/typebox/value";
import type { TObject } from "@sinclair/typebox";
import {
  builtinCatalog,
  classifyStack,
  DEFAULT_SETTINGS,
  SETTINGS_KEY,
  settingsSchema,
  type Catalog,
  type Decision,
} from "../../../src/core/index.js";
import type { FileAccess, PolicyContext, PolicyDefinition, ResourceSubject } from "../../../policy/define-policy.js";
import { buildPolicies, type PackEnvironment } from "../../../policy/pack.js";
import { POLICIES } from "../../../policy/policies/index.js";

/**
 * Runs the pack's CrossGuard policies the way @pulumi/policy 1.21.0's analyzer server (server.js) does, without a
 * gRPC server: policies in order, the level from the config or the policy, `disabled` skipped, config properties
 * with the schema's defaults filled in (as the engine does), props behind the SDK's unknown-checking proxy, secrets
 * unwrapped to their plain values (validations deserialize with proxySecrets=false), notApplicable thrown and
 * collected, an UnknownValueError escaping a policy turned into an advisory "can't run" diagnostic.
 */

/**
 * The SDK's proxy module (proxy.js): the unknown-checking proxy it puts props behind, and the sentinels that stand
 * for unknown values in props. Both are internal to the SDK, so its typings do not declare them.
 */
const sdkProxy = createRequire(import.meta.url)("@pulumi/policy/proxy") as {
  unknownCheckingProxy: (props: Record<string, unknown>) => Record<string, unknown>;
  unknownStringValue: string;
  unknownBooleanValue: string;
  unknownNumberValue: string;
  unknownArrayValue: string;
  unknownObjectValue: string;
};
const unknownCheckingProxy = sdkProxy.unknownCheckingProxy;
export const UNKNOWN = {
  string: sdkProxy.unknownStringValue,
  boolean: sdkProxy.unknownBooleanValue,
  number: sdkProxy.unknownNumberValue,
  array: sdkProxy.unknownArrayValue,
  object: sdkProxy.unknownObjectValue,
} as const;

/** A secret input, as the program sends it (pulumi.secret). The SDK hands it to validations unwrapped. */
export class SecretInput {
  constructor(readonly value: unknown) {}
}
export const secret = (value: unknown): SecretInput => new SecretInput(value);

/** What the SDK's deserializeProperties(..., false) does with secrets: the plain value, no marker left. */
function deserialize(value: unknown, secrets: unknown[]): unknown {
  if (value instanceof SecretInput) {
    secrets.push(value.value);
    return deserialize(value.value, secrets);
  }
  if (Array.isArray(value)) return value.map((v) => deserialize(v, secrets));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // The SDK drops properties whose value is undefined.
      if (v !== undefined) out[k] = deserialize(v, secrets);
    }
    return out;
  }
  return value;
}

export interface Reported {
  readonly policy: string;
  readonly message: string;
  readonly urn?: string;
  /** The level the engine applies: the violation's own, else the policy's. */
  readonly level: string;
}

export interface TestResource {
  readonly type: string;
  readonly name: string;
  readonly protect?: boolean;
  readonly deleteBeforeReplace?: boolean;
  readonly aliases?: readonly string[];
  readonly additionalSecretOutputs?: readonly string[];
  readonly props?: Record<string, unknown>;
  readonly parent?: string;
  /** False for a component resource (no provider); custom by default. */
  readonly custom?: boolean;
}

export interface AnalyzeResult {
  readonly reported: Reported[];
  readonly notApplicable: string[];
  /** Every secret value that went into the analysis, for non-disclosure assertions. */
  readonly secrets: unknown[];
}

/** As the SDK's getPulumiType (policy.js): the `__pulumiType` a validation function carries, read on each call. */
function pulumiTypeOf(validation: object): string | undefined {
  const type = (validation as { __pulumiType?: unknown }).__pulumiType;
  return typeof type === "string" && type.length > 0 ? type : undefined;
}

class NotApplicableError extends Error {
  constructor(readonly reason?: string) {
    super(reason);
  }
}

export interface HarnessOptions {
  readonly project?: string;
  readonly catalog?: Catalog;
  readonly files?: FileAccess;
  readonly definitions?: readonly PolicyDefinition[];
}

type Policy = (ResourceValidationPolicy | StackValidationPolicy) & {
  validateResource?: ResourceValidationPolicy["validateResource"];
  validateStack?: StackValidationPolicy["validateStack"];
};

export function harness(stack: string, options: HarnessOptions = {}) {
  const project = options.project ?? "orders";
  const definitions = options.definitions ?? POLICIES;
  const env: PackEnvironment = {
    stack: () => ({ stack, project }),
    catalog: options.catalog ?? builtinCatalog,
    ...(options.files ? { files: options.files } : {}),
  };
  const policies = buildPolicies(definitions, env) as Policy[];
  const schemas = new Map<string, TObject>([
    [SETTINGS_KEY, settingsSchema],
    ...definitions.map((d) => [d.name, d.configSchema] as [string, TObject]),
  ]);
  /** policy-config.json as the user writes it: per policy, a level string or { enforcementLevel?, ...props }. */
  const configs: Record<string, string | Record<string, unknown>> = {};
  const tags = new Map<string, string>();

  function levelOf(policy: Policy): string {
    const entry = configs[policy.name];
    const configured = typeof entry === "string" ? entry : (entry?.enforcementLevel as string | undefined);
    return configured ?? policy.enforcementLevel ?? "advisory";
  }

  function getConfig(policy: Policy): () => Record<string, unknown> {
    return () => {
      const entry = configs[policy.name];
      const properties: Record<string, unknown> = typeof entry === "object" ? { ...entry } : {};
      delete properties.enforcementLevel;
      const schema = schemas.get(policy.name);
      // The engine validates the properties against the declared schema and fills in its defaults.
      return schema ? (Value.Default(schema, properties) as Record<string, unknown>) : properties;
    };
  }

  function reporter(policy: Policy, level: string, reported: Reported[]) {
    return (message: unknown, urn?: string) => {
      if (typeof message === "object" && message !== null) {
        const m = message as { message?: string; urn?: string; enforcementLevel?: string };
        reported.push({
          policy: policy.name,
          message: m.message ?? policy.description,
          ...(m.urn ? { urn: m.urn } : {}),
          level: m.enforcementLevel ?? level,
        });
      } else {
        const text = typeof message === "string" && message ? `${policy.description}\n${message}` : "";
        reported.push({ policy: policy.name, message: text, ...(urn ? { urn } : {}), level });
      }
    };
  }

  async function run(policy: Policy, result: AnalyzeResult, call: () => Promise<void> | void): Promise<void> {
    try {
      await call();
    } catch (e) {
      if (e instanceof NotApplicableError) result.notApplicable.push(`${policy.name}: ${e.reason ?? ""}`);
      else if (e instanceof UnknownValueError) {
        result.reported.push({
          policy: policy.name,
          message: `can't run policy '${policy.name}' during preview: ${(e as Error).message}`,
          level: "advisory",
        });
      } else throw e;
    }
  }

  function urnOf(r: TestResource): string {
    return `urn:pulumi:${stack}::${project}::${r.type}::${r.name}`;
  }

  function optionsOf(r: TestResource) {
    return {
      protect: r.protect ?? false,
      ignoreChanges: [],
      aliases: [...(r.aliases ?? [])],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [...(r.additionalSecretOutputs ?? [])],
      ...(r.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: r.deleteBeforeReplace } : {}),
      ...(r.parent ? { parent: r.parent } : {}),
    };
  }

  /** The SDK sets `provider` for custom resources (the engine sends their provider), never for local components. */
  function providerOf(r: TestResource) {
    if (r.custom === false || r.type.startsWith("pulumi:")) return {};
    const pkg = r.type.split(":")[0] ?? "";
    const urn = `urn:pulumi:${stack}::${project}::pulumi:providers:${pkg}::default`;
    return { provider: { type: `pulumi:providers:${pkg}`, name: "default", urn, props: {} } };
  }

  const throwNotApplicable = (reason?: string): never => {
    throw new NotApplicableError(reason);
  };

  /** One resource through every resource policy (the engine's Analyze call). */
  async function analyze(resource: TestResource): Promise<AnalyzeResult> {
    const result: AnalyzeResult = { reported: [], notApplicable: [], secrets: [] };
    const plain = deserialize(resource.props ?? {}, result.secrets) as Record<string, unknown>;
    for (const policy of policies) {
      const level = levelOf(policy);
      if (level === "disabled" || !policy.validateResource) continue;
      // The SDK's fast path: a single validation with an attached type is skipped on other types, props unread.
      const only = Array.isArray(policy.validateResource) ? undefined : pulumiTypeOf(policy.validateResource);
      if (only && only !== resource.type) {
        result.notApplicable.push(`${policy.name}: Policy only applies to resources of type '${only}'`);
        continue;
      }
      const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
      for (const validate of validations) {
        const props = unknownCheckingProxy(structuredClone(plain));
        const args = {
          type: resource.type,
          name: resource.name,
          urn: urnOf(resource),
          props,
          opts: optionsOf(resource),
          ...providerOf(resource),
          stackTags: tags,
          getConfig: getConfig(policy),
          notApplicable: throwNotApplicable,
          isType: () => false,
          asType: () => undefined,
        } as unknown as ResourceValidationArgs;
        await run(policy, result, () => validate(args, reporter(policy, level, result.reported)));
      }
    }
    return result;
  }

  /** The whole stack through every stack policy (the engine's AnalyzeStack call at the end of a run). */
  async function analyzeStack(resources: readonly TestResource[]): Promise<AnalyzeResult> {
    const result: AnalyzeResult = { reported: [], notApplicable: [], secrets: [] };
    for (const policy of policies) {
      const level = levelOf(policy);
      if (level === "disabled" || !policy.validateStack) continue;
      const policyResources: PolicyResource[] = resources.map((r) => {
        const resource = {
          type: r.type,
          name: r.name,
          urn: urnOf(r),
          props: unknownCheckingProxy(deserialize(r.props ?? {}, result.secrets) as Record<string, unknown>),
          opts: optionsOf(r),
          ...providerOf(r),
          dependencies: [],
          propertyDependencies: {},
          isType: () => false,
          asType: () => undefined,
        };
        return resource;
      });
      const args = {
        resources: policyResources,
        getConfig: getConfig(policy),
        stackTags: tags,
        notApplicable: throwNotApplicable,
      } as unknown as StackValidationArgs;
      const validate = policy.validateStack;
      await run(policy, result, () => validate(args, reporter(policy, level, result.reported)));
    }
    return result;
  }

  return { policies, configs, tags, analyze, analyzeStack, urnOf };
}

/** Every message of a result, for non-disclosure assertions. */
export function messagesOf(result: AnalyzeResult): string {
  return result.reported.map((r) => r.message).join("\n");
}

/** The context a decision gets on the given stack, with the default settings. */
export function contextFor(stack: string, project = "orders"): PolicyContext {
  const identity = { stack, project };
  return { stack: identity, protection: classifyStack(identity, DEFAULT_SETTINGS), catalog: builtinCatalog };
}

/** Wraps props as the SDK hands them to a policy: behind the unknown-checking proxy. */
export function sdkProps(props: Record<string, unknown>): Record<string, unknown> {
  return unknownCheckingProxy(deserialize(props, []) as Record<string, unknown>);
}

/** The messages and fixes of a decision, for non-disclosure assertions. */
export function textOf(decision: Decision): string {
  return decision.kind === "violations"
    ? decision.findings.map((f) => `${f.message}\n${f.fix ?? ""}`).join("\n")
    : decision.kind === "not-applicable"
      ? decision.reason
      : "";
}

/** A test resource as a resource decision sees it (props deserialized and proxied as by the SDK). */
export function subjectFor(resource: TestResource, stack = "acme-prod", project = "orders"): ResourceSubject {
  return {
    type: resource.type,
    name: resource.name,
    urn: `urn:pulumi:${stack}::${project}::${resource.type}::${resource.name}`,
    props: sdkProps(resource.props ?? {}),
    opts: {
      protect: resource.protect ?? false,
      aliases: [...(resource.aliases ?? [])],
      ...(resource.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: resource.deleteBeforeReplace } : {}),
      ...(resource.additionalSecretOutputs ? { additionalSecretOutputs: resource.additionalSecretOutputs } : {}),
      ...(resource.parent ? { parent: resource.parent } : {}),
    },
  };
}
