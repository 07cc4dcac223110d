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
  type Activation,
  type FollowedCall,
  type PredictOptions,
} from "./predict.js";
export { knownUrns, normalizeUrn } from "./aliases.js";
export { diffInventories, RULE as URN_DIFF_RULE, type AliasSuggestion, type UrnDiff } from "./diff.js";
export { applyAliasFixes, type FixResult } from "./fix.js";
export { checkoutRevision, type Checkout } from "./git.js";
export { renderInventoryText, toJsonInventory, type JsonInventory, type JsonResource } from "./inventory.js";
export {
  analyzeDirectory,
  findProjects,
  inputErrors,
  type Analysis,
  type AnalyzeOptions,
  type InputError,
  type ProjectAnalysis,
} from "./analyze.js";
export {
  buildModel,
  exclusiveArms,
  type CallEdge,
  type ProjectModel,
  type Registration,
  type Run,
  type Site,
  type SiteCondition,
  type Unit,
  type UnitKind,
} from "./model.js";
export { CHECKS, defineCheck, type CheckDefinition, type CheckMeta, type CodeMeta } from "./checks/index.js";
export {
  renderUnitsText,
  summarizeProject,
  type JsonLocation,
  type JsonUnit,
  type JsonUnitCall,
  type JsonUnitResource,
  type ProjectSummary,
} from "./summary.js";
