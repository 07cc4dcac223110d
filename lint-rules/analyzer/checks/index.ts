import type { CheckDefinition } from "./define-check.js";
import { noCollidingLogicalName } from "./no-colliding-logical-name.js";
import { noConditionalLibraryCall } from "./no-conditional-library-call.js";
import { noDivergentParentChain } from "./no-divergent-parent-chain.js";
import { noDuplicateUrn } from "./no-duplicate-urn.js";

/** Every whole-program check of `stateguard analyze`, in the order they run. */
export const CHECKS: readonly CheckDefinition[] = [
  noConditionalLibraryCall,
  noCollidingLogicalName,
  noDuplicateUrn,
  noDivergentParentChain,
];

export { defineCheck, type CheckDefinition, type CheckMeta, type CodeMeta } from "./define-check.js";
