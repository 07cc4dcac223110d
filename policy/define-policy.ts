import { Secret, UnknownValueError } from "@pulumi/policy";
import type { Static, TObject } from "@sinclair/typebox";
import type { Catalog, Decision, ProtectionVerdict, StackIdentity } from "../src/core/index.js";

/** What a resource policy's decision sees: exactly what CrossGuard shows a policy (see docs/how-it-works.md). */
export interface ResourceSubject {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /**
   * The resource's inputs after the provider's Check. Reading an unknown value during preview throws. Secrets
   * arrive as their plain values, indistinguishable from other values: never print a property's value.
   */
  readonly props: Readonly<Record<string, unknown>>;
  readonly opts: {
    /** The program's new value; not inherited from state. */
    readonly protect: boolean;
    readonly deleteBeforeReplace?: boolean;
    readonly aliases: readonly string[];
    readonly parent?: string;
    /** Output names the program marked secret: the only secrecy marker a policy receives. */
    readonly additionalSecretOutputs?: readonly string[];
  };
}

export interface PolicyContext {
  readonly stack: StackIdentity;
  readonly protection: ProtectionVerdict;
  readonly catalog: Catalog;
}

export interface ResourcePolicyDefinition<S extends TObject = TObject> {
  readonly kind: "resource";
  /** Stable kebab-case policy name; also the file name, doc name and test name. */
  readonly name: string;
  /** One sentence, starting with Require, Enforce or Disallow. */
  readonly description: string;
  readonly configSchema: S;
  /** The pure decision: no I/O, never throws on user data. */
  decide(subject: ResourceSubject, config: Static<S>, context: PolicyContext): Decision;
}

/** One resource of the stack as a stack policy sees it, at the end of a preview or an update. */
export interface StackResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** The resource's outputs (unknown ones throw during preview, as for resource props). */
  readonly props?: Readonly<Record<string, unknown>>;
  /** Whether a provider manages it (the engine sends one for custom resources, none for local components). */
  readonly custom?: boolean;
  readonly opts: {
    /** The program's new value (the goal's), as for resource policies. */
    readonly protect: boolean;
    readonly parent?: string;
    /** The alias that matched an existing resource, if any: the old URN it takes over. */
    readonly aliases?: readonly string[];
  };
}

/** What a stack policy's decision sees: every resource the program declares (deleted ones are absent). */
export interface StackSubject {
  readonly resources: readonly StackResource[];
}

/** The only I/O a stack decision may do, injected so that decisions stay testable. */
export interface FileAccess {
  /** Turns a configured path into an absolute one (see docs/policies/stack-protected-resources-present.md). */
  resolve(path: string): string;
  /** Reads a text file; throws (with the errno code) when it cannot. */
  readText(absolutePath: string): string;
}

export interface StackPolicyContext extends PolicyContext {
  readonly files: FileAccess;
}

export interface StackPolicyDefinition<S extends TObject = TObject> {
  readonly kind: "stack";
  readonly name: string;
  readonly description: string;
  readonly configSchema: S;
  /** Never throws on user data; its only I/O goes through context.files. */
  decide(subject: StackSubject, config: Static<S>, context: StackPolicyContext): Decision;
}

export type PolicyDefinition = ResourcePolicyDefinition | StackPolicyDefinition;

/**
 * One declaration yields the policy's typed config (Static<S>) and the JSON schema the engine validates
 * policy-config.json against.
 */
export function defineResourcePolicy<S extends TObject>(
  definition: Omit<ResourcePolicyDefinition<S>, "kind">,
): ResourcePolicyDefinition<S> {
  return Object.freeze({ kind: "resource", ...definition });
}

/** As defineResourcePolicy, for a policy that judges the whole stack once (CrossGuard's validateStack). */
export function defineStackPolicy<S extends TObject>(
  definition: Omit<StackPolicyDefinition<S>, "kind">,
): StackPolicyDefinition<S> {
  return Object.freeze({ kind: "stack", ...definition });
}

/** A property as a decision reads it: absent, unknown until the update runs (preview), or known. */
export type PropertyReading =
  | { readonly state: "absent" }
  | { readonly state: "unknown" }
  | { readonly state: "known"; readonly value: unknown; readonly secret: boolean };

/**
 * Reads a (dotted) property path without throwing: the SDK's proxy throws UnknownValueError on an unknown value,
 * and a decision must say explicitly what an unknown means for it. `secret` is true only when the value is
 * marked as such (a Secret wrapper, or listed in additionalSecretOutputs); in validations the SDK unwraps secrets,
 * so an unmarked value may still be one.
 */
export function readProperty(subject: Pick<ResourceSubject, "props" | "opts">, path: string): PropertyReading {
  const keys = path.split(".");
  let current: unknown = subject.props;
  let secret = subject.opts.additionalSecretOutputs?.includes(keys[0] ?? "") ?? false;
  for (const key of keys) {
    if (typeof current !== "object" || current === null) return { state: "absent" };
    if (!Object.prototype.hasOwnProperty.call(current, key)) return { state: "absent" };
    try {
      current = (current as Record<string, unknown>)[key];
    } catch (e) {
      if (e instanceof UnknownValueError) return { state: "unknown" };
      throw e;
    }
    if (current instanceof Secret) {
      secret = true;
      current = current.value;
    }
  }
  if (current === undefined || current === null) return { state: "absent" };
  return { state: "known", value: current, secret };
}

/** Describes a value for a message without ever printing it, unless it is a boolean that is not marked secret. */
export function describeValue(reading: PropertyReading): string {
  if (reading.state === "absent") return "not set";
  if (reading.state === "unknown") return "unknown until the update runs";
  if (typeof reading.value === "boolean" && !reading.secret) return `\`${String(reading.value)}\``;
  const kind = Array.isArray(reading.value)
    ? "an array"
    : typeof reading.value === "object"
      ? "an object"
      : `a ${typeof reading.value}`;
  return `${kind} (value not shown${reading.secret ? ": it is secret" : ""})`;
}
