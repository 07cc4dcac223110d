import { parseUrn } from "../../src/core/index.js";
import { Fields, isObject, type Json } from "./fields.js";
import { IGNORED_OPS, type EngineDiagnostic, type GateInput, type PlannedStep } from "./model.js";

/** `pulumi preview --json`: one document `{ config, steps[], diagnostics[], duration, changeSummary }`. */
export function isPreviewDocument(doc: Json): boolean {
  return Array.isArray(doc.steps) || isObject(doc.changeSummary);
}

/**
 * With `consume`, each raw step is dropped from the document once read, so the parts the gate does not keep
 * (outputs, property dependencies, stack traces) can be collected while the rest is read.
 */
export function fromPreviewDocument(doc: Json, source: string, options: { consume?: boolean } = {}): GateInput {
  const reader = new PreviewReader(source);
  const rawSteps = doc.steps === undefined || doc.steps === null ? [] : reader.fields.array(doc.steps, "steps");
  rawSteps.forEach((raw, i) => {
    if (options.consume) rawSteps[i] = undefined;
    reader.step(raw, i);
  });
  return reader.finish({ ...doc, steps: undefined });
}

/**
 * Reads a preview document whose steps arrive one at a time (from read-input's stream, or from an array), then
 * the rest of the document. `finish` takes the document without the steps already given to `step`.
 */
export class PreviewReader {
  readonly fields: Fields;
  private readonly steps: PlannedStep[] = [];
  private stepped = false;
  constructor(readonly source: string) {
    this.fields = new Fields(source);
  }

  step(raw: unknown, index: number): void {
    this.stepped = true;
    readStep(this.fields, raw, index, this.steps);
  }

  finish(doc: Json): GateInput {
    const f = this.fields;
    if (!this.stepped && doc.steps !== undefined && doc.steps !== null) {
      f.array(doc.steps, "steps").forEach((raw, i) => {
        readStep(f, raw, i, this.steps);
      });
    }
    const errors: EngineDiagnostic[] = [];
    const diagnostics =
      doc.diagnostics === undefined || doc.diagnostics === null ? [] : f.array(doc.diagnostics, "diagnostics");
    diagnostics.forEach((raw, i) => {
      const d = f.object(raw, `diagnostics[${i}]`);
      if (d.severity !== "error") return;
      const urn = f.optionalString(d.urn, `diagnostics[${i}].urn`);
      errors.push({
        message: typeof d.message === "string" ? d.message : "",
        severity: "error",
        ...(urn ? { urn } : {}),
      });
    });
    const changeSummary = counts(f, doc.changeSummary, "changeSummary");
    return {
      format: "preview-json",
      source: this.source,
      steps: this.steps,
      policyViolations: [],
      errors,
      ...(changeSummary ? { changeSummary } : {}),
      previewSucceeded: errors.length === 0,
    };
  }
}

/** One raw step into the gate's steps (ignored ops are skipped). */
function readStep(f: Fields, raw: unknown, i: number, steps: PlannedStep[]): void {
  const at = `steps[${String(i)}]`;
  const s = f.object(raw, at);
  if (typeof s.op === "string" && IGNORED_OPS.has(s.op)) return;
  const op = f.stepOp(s.op, `${at}.op`);
  const urn = f.string(s.urn, `${at}.urn`);
  if (op === "same" && isPlainSame(s)) {
    // Most of a large preview is unchanged resources; only their type is needed (to count them).
    const type = isObject(s.newState) && typeof s.newState.type === "string" ? s.newState.type : typeFromUrn(urn);
    steps.push({ op, urn, type, replaceReasons: [], diffReasons: [] });
    return;
  }
  const old = f.resource(s.oldState, `${at}.oldState`);
  const next = f.resource(s.newState, `${at}.newState`);
  const type = next?.type ?? old?.type ?? typeFromUrn(urn);
  const detailedDiff = f.detailedDiff(s.detailedDiff, `${at}.detailedDiff`);
  steps.push({
    op,
    urn,
    type,
    ...(old ? { old } : {}),
    ...(next ? { new: next } : {}),
    replaceReasons: f.strings(s.replaceReasons, `${at}.replaceReasons`),
    diffReasons: f.strings(s.diffReasons, `${at}.diffReasons`),
    ...(detailedDiff ? { detailedDiff } : {}),
  });
}

/** A `same` step that neither moves (alias) nor drops protect: nothing the gate decides on. */
function isPlainSame(step: Json): boolean {
  const before = step.oldState;
  const after = step.newState;
  if (!isObject(before) || !isObject(after)) return true;
  return before.urn === after.urn && !(before.protect === true && after.protect !== true);
}

export function counts(f: Fields, value: unknown, field: string): Record<string, number> | undefined {
  const raw = f.optionalObject(value, field);
  if (!raw) return undefined;
  const out: Record<string, number> = {};
  for (const [op, n] of Object.entries(raw)) {
    if (typeof n !== "number" || !Number.isFinite(n)) f.fail(`${field}.${op}`, "expected a number");
    out[op] = n;
  }
  return out;
}

export function typeFromUrn(urn: string): string {
  return parseUrn(urn)?.type ?? "";
}
