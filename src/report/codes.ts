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
  PROTECTED_DELETE: {
    short: "The update would delete a protected resource",
    full: "The engine refused the update because it would delete a protected resource. The gate reports why; the data is safe as long as protect stays on.",
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
};

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
