import { GateInputError } from "./errors.js";
import { Fields, isObject, type Json } from "./fields.js";
import { IGNORED_OPS, type EngineDiagnostic, type GateInput, type PlannedStep, type PolicyViolation } from "./model.js";
import { counts, typeFromUrn } from "./preview-json.js";

/**
 * The engine's event stream: `pulumi preview --json` with PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true (one event
 * per line), or the events an Automation API `onEvent` callback receives.
 */

const EVENT_KEYS = [
  "cancelEvent",
  "stdoutEvent",
  "diagnosticEvent",
  "preludeEvent",
  "summaryEvent",
  "resourcePreEvent",
  "resOutputsEvent",
  "resOpFailedEvent",
  "policyEvent",
  "policyRemediationEvent",
  "policyLoadEvent",
  "policyAnalyzeSummaryEvent",
  "policyRemediateSummaryEvent",
  "policyAnalyzeStackSummaryEvent",
  "startDebuggingEvent",
  "progressEvent",
  "errorEvent",
];

export function isEngineEvent(value: Json): boolean {
  return EVENT_KEYS.some((k) => k in value);
}

/** Folds parsed events (in order) into the gate's input. */
export function fromEvents(events: readonly unknown[], source: string, describeAt: (i: number) => string): GateInput {
  const f = new Fields(source);
  const steps: PlannedStep[] = [];
  const policyViolations: PolicyViolation[] = [];
  const errors: EngineDiagnostic[] = [];
  let changeSummary: Record<string, number> | undefined;
  let result: string | undefined;

  events.forEach((raw, i) => {
    const at = describeAt(i);
    const event = f.object(raw, at);
    if (isObject(event.resourcePreEvent)) {
      const m = f.object(event.resourcePreEvent.metadata, `${at}.resourcePreEvent.metadata`);
      const field = `${at}.resourcePreEvent.metadata`;
      if (typeof m.op === "string" && IGNORED_OPS.has(m.op)) return;
      const op = f.stepOp(m.op, `${field}.op`);
      const urn = f.string(m.urn, `${field}.urn`);
      const old = f.resource(m.old, `${field}.old`);
      const next = f.resource(m.new, `${field}.new`);
      const keys = f.strings(m.keys, `${field}.keys`);
      const replacing = op === "replace" || op === "create-replacement";
      const detailedDiff = f.detailedDiff(m.detailedDiff, `${field}.detailedDiff`);
      steps.push({
        op,
        urn,
        type: typeof m.type === "string" && m.type ? m.type : (next?.type ?? old?.type ?? typeFromUrn(urn)),
        ...(old ? { old } : {}),
        ...(next ? { new: next } : {}),
        // The stream lists the changed keys; for a replacement the engine does not say which of them forced it.
        replaceReasons: replacing ? keys : [],
        diffReasons: keys,
        ...(detailedDiff ? { detailedDiff } : {}),
      });
    } else if (isObject(event.policyEvent)) {
      const p = event.policyEvent;
      const field = `${at}.policyEvent`;
      const urn = f.optionalString(p.resourceUrn, `${field}.resourceUrn`);
      const severity = f.optionalString(p.severity, `${field}.severity`);
      policyViolations.push({
        policyName: f.string(p.policyName, `${field}.policyName`),
        policyPackName: f.optionalString(p.policyPackName, `${field}.policyPackName`) ?? "",
        message: typeof p.message === "string" ? p.message : "",
        enforcementLevel: f.string(p.enforcementLevel, `${field}.enforcementLevel`),
        ...(urn ? { urn } : {}),
        ...(severity ? { severity } : {}),
      });
    } else if (isObject(event.diagnosticEvent)) {
      const d = event.diagnosticEvent;
      if (d.severity !== "error") return;
      const urn = f.optionalString(d.urn, `${at}.diagnosticEvent.urn`);
      errors.push({
        message: typeof d.message === "string" ? d.message : "",
        severity: "error",
        ...(urn ? { urn } : {}),
      });
    } else if (isObject(event.summaryEvent)) {
      changeSummary = counts(f, event.summaryEvent.resourceChanges, `${at}.summaryEvent.resourceChanges`);
      result = f.optionalString(event.summaryEvent.result, `${at}.summaryEvent.result`) ?? "succeeded";
    } else if (!isEngineEvent(event)) {
      f.fail(
        at,
        "not an engine event (expected one of resourcePreEvent, policyEvent, diagnosticEvent, summaryEvent...)",
      );
    }
  });

  if (result === undefined && steps.length === 0 && errors.length === 0) {
    throw new GateInputError(source, "the event stream has no summary and no steps: it is incomplete or empty");
  }
  return {
    format: "event-stream",
    source,
    steps,
    policyViolations,
    errors,
    ...(changeSummary ? { changeSummary } : {}),
    // No summary event means the stream was cut off: the listed steps cannot be trusted to be complete.
    previewSucceeded: result === "succeeded" && errors.length === 0,
  };
}

/** Parses newline-delimited events; a line that is not JSON is an error naming the line. */
export function fromEventLines(text: string, source: string): GateInput {
  const events: unknown[] = [];
  const lineNumbers: number[] = [];
  const lines = text.split("\n");
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === "") return;
    try {
      events.push(JSON.parse(trimmed));
    } catch (e) {
      throw new GateInputError(source, `not JSON: ${(e as Error).message}`, `line ${index + 1}`);
    }
    lineNumbers.push(index + 1);
  });
  return fromEvents(events, source, (i) => `line ${lineNumbers[i] ?? i + 1}`);
}
