export { AnalyzerInputError, loadProject, type LoadedProject } from "./project.js";
export {
  buildUrn,
  predictResources,
  STACK_PLACEHOLDER,
  type AliasEntry,
  type AliasesInfo,
  type Inventory,
  type ParentRef,
  type PredictedResource,
  type SourcePosition,
  type Val,
} from "./predict.js";
export { knownUrns, normalizeUrn } from "./aliases.js";
export { diffInventories, RULE as URN_DIFF_RULE, type AliasSuggestion, type UrnDiff } from "./diff.js";
export { applyAliasFixes, type FixResult } from "./fix.js";
export { checkoutRevision, type Checkout } from "./git.js";
export { renderInventoryText, toJsonInventory, type JsonInventory, type JsonResource } from "./inventory.js";
