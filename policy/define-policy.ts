import type { Static, TObject } from "@sinclair/typebox";
import type { Catalog, Decision, ProtectionVerdict, StackIdentity } from "../src/core/index.js";

/** What a resource policy's decision sees: exactly what CrossGuard shows a policy (see docs/how-it-works.md). */
export interface ResourceSubject {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** The resource's inputs after the provider's Check. Reading an unknown value during preview throws. */
  readonly props: Readonly<Record<string, unknown>>;
  readonly opts: {
    /** The program's new value; not inherited from state. */
    readonly protect: boolean;
    readonly deleteBeforeReplace?: boolean;
    readonly aliases: readonly string[];
    readonly parent?: string;
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

export type PolicyDefinition = ResourcePolicyDefinition;

/**
 * One declaration yields the policy's typed config (Static<S>) and the JSON schema the engine validates
 * policy-config.json against.
 */
export function defineResourcePolicy<S extends TObject>(
  definition: Omit<ResourcePolicyDefinition<S>, "kind">,
): ResourcePolicyDefinition<S> {
  return Object.freeze({ kind: "resource", ...definition });
}
