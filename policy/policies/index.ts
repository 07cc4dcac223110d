import type { PolicyDefinition } from "../define-policy.js";
import { resourceNaming } from "./resource-naming.js";
import { stackProtectedResourcesPresent } from "./stack-protected-resources-present.js";
import { statefulDeletionProtection } from "./stateful-deletion-protection.js";
import { statefulNoDeleteBeforeReplace } from "./stateful-no-delete-before-replace.js";
import { statefulResourcesProtected } from "./stateful-resources-protected.js";

/** Every policy of the pack, in the order the pack registers them. */
export const POLICIES: readonly PolicyDefinition[] = [
  statefulResourcesProtected,
  statefulDeletionProtection,
  statefulNoDeleteBeforeReplace,
  resourceNaming,
  stackProtectedResourcesPresent,
];
