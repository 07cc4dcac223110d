/**
 * What the gate knows of a preview, whichever format it came in: the engine's planned steps per resource, the
 * policy violations and the engine's own error diagnostics.
 */

export const STEP_OPS = [
  "same",
  "create",
  "update",
  "delete",
  "replace",
  "create-replacement",
  "delete-replaced",
  "read",
  "read-replacement",
  "refresh",
  "discard",
  "discard-replaced",
  "remove-pending-replace",
  "import",
  "import-replacement",
] as const;

export type StepOp = (typeof STEP_OPS)[number];

/** Engine-internal ops that may appear in event streams and carry no change of their own. */
export const IGNORED_OPS: ReadonlySet<string> = new Set(["diff", "extend-parameterize"]);

export function isStepOp(op: unknown): op is StepOp {
  return typeof op === "string" && (STEP_OPS as readonly string[]).includes(op);
}

/** A resource's state as one side of a step shows it. Fields a format does not carry are undefined. */
export interface ResourceView {
  readonly urn: string;
  readonly type: string;
  readonly custom: boolean;
  readonly id?: string;
  readonly parent?: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly protect?: boolean;
  readonly retainOnDelete?: boolean;
  readonly deleteBeforeReplace?: boolean;
  /** URNs this resource was known by before (aliases recorded in state). */
  readonly aliases?: readonly string[];
  /** `project:///index.ts#12,5` style position of the resource's registration, when the engine recorded it. */
  readonly sourcePosition?: string;
}

export interface DetailedDiffEntry {
  readonly kind: string;
  readonly inputDiff: boolean;
}

/** One step the engine plans, as the input listed it. */
export interface PlannedStep {
  readonly op: StepOp;
  readonly urn: string;
  readonly type: string;
  readonly old?: ResourceView;
  readonly new?: ResourceView;
  readonly replaceReasons: readonly string[];
  readonly diffReasons: readonly string[];
  readonly detailedDiff?: Readonly<Record<string, DetailedDiffEntry>>;
}

export interface PolicyViolation {
  readonly policyName: string;
  readonly policyPackName: string;
  readonly message: string;
  readonly urn?: string;
  readonly enforcementLevel: string;
  readonly severity?: string;
}

export interface EngineDiagnostic {
  readonly urn?: string;
  readonly message: string;
  readonly severity: string;
}

export type InputFormat = "preview-json" | "event-stream" | "plan";

export interface GateInput {
  readonly format: InputFormat;
  /** Where it came from, for messages: a path or "<stdin>". */
  readonly source: string;
  readonly steps: readonly PlannedStep[];
  readonly policyViolations: readonly PolicyViolation[];
  /** Error-level diagnostics of the engine, e.g. a protected delete or a failed program. */
  readonly errors: readonly EngineDiagnostic[];
  /** Counts per op from the engine's summary, when the format has one (sames are counted even when not listed). */
  readonly changeSummary?: Readonly<Record<string, number>>;
  /** False when the engine said the preview failed: the listed steps may be incomplete. */
  readonly previewSucceeded: boolean;
}

/** The name part of a URN. */
export function urnName(urn: string): string {
  const at = urn.lastIndexOf("::");
  return at < 0 ? urn : urn.slice(at + 2);
}
