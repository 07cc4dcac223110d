import type { Finding } from "../core/findings.js";

/**
 * What each finding code means, for reports that describe a code once (SARIF rules). A finding's own message
 * says what happened to which resource; these say what the code is about in general. Codes not listed here
 * (a new producer's) get a description built from the code itself.
 */

export interface CodeDescription {
  /** One short sentence, no final period. */
  readonly short: string;
  /** A few sentences: what it means and why it matters. */
  readonly full: string;
}

const CODES: Readonly<Record<string, CodeDescription>> = {
  STATEFUL_DELETE: {
    short: "A stateful resource is deleted",
    full: "The update deletes a resource of a stateful type (a database, a bucket, a volume, a queue, key material...), and its data with it. Restore it if it was removed by mistake, add an alias if it was renamed, or approve the deletion with a reason and an expiry.",
  },
  STATEFUL_REPLACE: {
    short: "A stateful resource is replaced",
    full: "A changed property forces the provider to replace a stateful resource: the replacement starts empty and the old resource, with its data, is deleted. Revert the property, or migrate with expand and contract phases.",
  },
  STATEFUL_DELETE_BEFORE_REPLACE: {
    short: "A stateful resource is deleted before its replacement is created",
    full: "A stateful resource is replaced with deleteBeforeReplace: the old resource and its data are deleted first, then an empty replacement is created, with downtime in between.",
  },
  PROTECT_REMOVED: {
    short: "protect is removed from a stateful resource",
    full: "The update turns protect off on a stateful resource. The engine then allows its deletion or replacement, in this update or a later one. Unprotect in its own reviewed change.",
  },
  PROTECTED_REFUSED: {
    short: "The update would delete or replace a protected resource",
    full: "The engine refuses the update because it would delete or replace a protected resource of a type outside the catalog. The gate reports why; the data is safe as long as protect stays on.",
  },
  COMPONENT_CHANGE: {
    short: "A component is added or removed around moved resources",
    full: "In zero-diff mode: a component resource (which has no cloud resource of its own) appears or disappears while resources move into or out of it through aliases; nothing changes in the cloud.",
  },
  RETAINED_DELETE: {
    short: "A retained resource leaves the stack",
    full: "A stateful resource is deleted from the stack with retainOnDelete: the cloud resource and its data stay, but Pulumi no longer manages it (it is orphaned).",
  },
  REPLACE: {
    short: "A resource is replaced (no-replace mode)",
    full: "In no-replace mode the gate allows no replacement of any resource.",
  },
  CHANGE: {
    short: "A resource changes in a zero-diff refactor",
    full: "In zero-diff mode a refactor must leave every resource as it is; this resource is created, updated, replaced or deleted.",
  },
  MOVED: {
    short: "A resource moved and an alias matched it",
    full: "In zero-diff mode: the resource's URN changed and an alias maps the old URN to the new one, so nothing changes in the cloud.",
  },
  OUTPUT_ONLY_CHANGE: {
    short: "Only the outputs of a resource change",
    full: "In zero-diff mode: an update changes outputs but no input. Usually drift or a provider default; run pulumi refresh first.",
  },
  PHASE_VIOLATION: {
    short: "A change the current phase does not allow",
    full: "The expand phase only adds resources and the contract phase only removes them; this change belongs to the other phase or to its own update.",
  },
  CONTRACT_DELETE: {
    short: "A delete in the contract phase needs an approval",
    full: "In the contract phase every delete must be covered by an approval that names the stack, the URN and the operation, with a reason and an expiry.",
  },
  RENAME_WITHOUT_ALIAS: {
    short: "A resource is renamed without an alias",
    full: "A resource is deleted and a resource alike is created: a rename without aliases, which the engine carries out as a delete and a create. Add the old name or URN to the aliases of the new resource.",
  },
  RENAME_AMBIGUOUS: {
    short: "A deleted resource may have been renamed",
    full: "A resource is deleted and several new resources of the same type look alike; the gate does not guess which one it became.",
  },
  POLICY_VIOLATION: {
    short: "A policy pack reported a violation",
    full: "A policy of a policy pack run with the preview reported a violation; mandatory violations block, advisory ones warn.",
  },
  PREVIEW_FAILED: {
    short: "The preview failed",
    full: "The preview did not finish, so its planned steps are incomplete and cannot be judged or approved. Fix the error and run the preview again.",
  },
  APPROVAL_EXPIRED: {
    short: "An approval has expired",
    full: "An approval is past its expiry date and no longer covers any change. Renew it if the change is still wanted, or remove it.",
  },
  APPROVAL_UNUSED: {
    short: "An approval matches nothing",
    full: "An approval matches no change of this preview. Remove it once the change it approved has been applied.",
  },
  STATEFUL_NOT_PROTECTED: {
    short: "A stateful resource is not protected",
    full: "A resource of a stateful type is declared without protect: true, so nothing stops a later update from deleting or replacing it with its data.",
  },
  // stateguard urn-diff (docs/analyzer.md)
  URN_RENAMED: {
    short: "A resource's URN changes by a rename, without an alias",
    full: "A URN disappears and one of the same type appears under the same parent: the engine would delete the old resource and create a new one. Add the suggested aliases entry (or run urn-diff --fix).",
  },
  URN_MOVED: {
    short: "A resource moves to another parent, without an alias",
    full: "A resource's parent changed, which changes its URN: the engine would delete and recreate it. Add the suggested aliases entry naming the old parent.",
  },
  URN_CHANGED: {
    short: "A URN disappears while several of its type appear",
    full: "A URN disappears and several resources of the same type appear, so no pairing is guessed. Decide which one it became and add an alias to it.",
  },
  STATEFUL_REMOVED: {
    short: "A stateful resource is no longer in the code",
    full: "A resource of a stateful type is no longer registered by the program: the next update deletes it with its data. Restore it, or move it with an alias if it was renamed.",
  },
  URN_ALIAS_UNVERIFIED: {
    short: "A rename or move has aliases that cannot be checked statically",
    full: "A URN changed and the new resource has aliases computed at run time, so the analyzer cannot tell whether they cover the old URN. Check them, or run the zero-diff gate on a preview.",
  },
  URN_UNRESOLVED: {
    short: "A resource's URN cannot be predicted from the source",
    full: "The name or parent of a resource depends on values known only at run time (configuration, lookups, outputs), so its URN is not predicted and changes to it are not checked.",
  },
  URN_ALIASED: {
    short: "A URN change is covered by an alias",
    full: "A resource's URN changed and an existing alias maps the old URN, so the engine keeps the resource.",
  },
  RESOURCE_REMOVED: {
    short: "A stateless resource is no longer in the code",
    full: "A resource of a stateless type is no longer registered by the program: the next update deletes it.",
  },
  // stateguard analyze (docs/analyzer.md)
  CONDITIONAL_LIBRARY_CALL: {
    short: "Library code calls a resource-creating function under a condition",
    full: "A library function or component calls another function that creates resources, under a condition on its arguments, configuration or state: which resources exist then depends on data, and a changed input silently deletes them. Make the decision at the top level of the program.",
  },
  COLLIDING_LOGICAL_NAME: {
    short: "A constant logical name is registered by code that runs more than once",
    full: "A resource's logical name is a constant, and two call sites reach the code that registers it, so both register the same URN and the update fails. Derive the name from the component's or function's name argument.",
  },
  DUPLICATE_URN: {
    short: "Two registrations of one URN in the same run",
    full: "Two registrations that can happen in the same run produce the same URN: the engine rejects the second one. Give them different names or parents.",
  },
  PARENT_CHAIN_DIVERGES: {
    short: "A resource escapes the component that creates it",
    full: "At some call site a helper creates a resource outside the component being constructed (no parent passed on), so its URN and its place in the tree differ from the other call sites. Pass the component as parent.",
  },
};

/** The codes described here (the docs' code tables must list the same; see test/unit/report/codes.test.ts). */
export const DESCRIBED_CODES: readonly string[] = Object.keys(CODES);

/** The description of a code; for a code not listed, one derived from the code and its rule. */
export function describeCode(finding: Pick<Finding, "code" | "rule" | "source">): CodeDescription {
  const known = CODES[finding.code];
  if (known) return known;
  const words = finding.code.toLowerCase().replace(/_/g, " ");
  return {
    short: words.charAt(0).toUpperCase() + words.slice(1),
    full: `Reported by the ${finding.source} rule ${finding.rule}.`,
  };
}
