import { builtinCatalog, packageVersion, type Catalog } from "../src/core/index.js";
import type { Report } from "../src/report/model.js";
import type { Approval } from "./approvals.js";
import type { Baseline } from "./baseline.js";
import type { GateMode, GatePhase, OutputChangePolicy } from "./decide.js";
import { fromEvents } from "./input/event-stream.js";
import { runGate } from "./run.js";

/**
 * The gate as a library, for Automation API users: collect the engine events of `stack.preview({ onEvent })`
 * and hand them over.
 *
 *   const events: unknown[] = [];
 *   await stack.preview({ onEvent: (e) => events.push(e), policyPacks: [...] });
 *   const report = gateEvents(events, { mode: "standard" });
 *   if (report.verdict === "blocked") ...
 */

export interface GateEventsOptions {
  readonly mode?: GateMode;
  readonly phase?: GatePhase;
  readonly catalog?: Catalog;
  readonly outputChanges?: OutputChangePolicy;
  readonly stack?: string;
  readonly approvals?: readonly Approval[];
  readonly baseline?: Baseline;
  readonly today?: Date;
}

export function gateEvents(events: readonly unknown[], options: GateEventsOptions = {}): Report {
  const input = fromEvents(events, "<automation events>", (i) => `event ${i}`);
  return runGate(input, {
    ...options,
    mode: options.mode ?? "standard",
    catalog: options.catalog ?? builtinCatalog,
    version: packageVersion(),
  });
}

export { runGate, type GateRunOptions } from "./run.js";
export { parseGateInput, readGateInput, GateInputError } from "./input/read-input.js";
export { parseApprovals, loadApprovals, type Approval } from "./approvals.js";
export { recordBaseline, loadBaseline, type Baseline } from "./baseline.js";
export type { GateMode, GatePhase, GateFinding } from "./decide.js";
export type { Report, ReportItem } from "../src/report/model.js";
