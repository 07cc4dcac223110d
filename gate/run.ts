import { parseUrn, type Catalog } from "../src/core/index.js";
import type { Report, ReportItem } from "../src/report/model.js";
import { approves, isExpired, type Approval } from "./approvals.js";
import { baselineKey, type Baseline } from "./baseline.js";
import { decideGate, type GateFinding, type GateMode, type GatePhase, type OutputChangePolicy } from "./decide.js";
import type { GateInput } from "./input/model.js";

export interface GateRunOptions {
  readonly mode: GateMode;
  readonly phase?: GatePhase;
  readonly catalog: Catalog;
  readonly protectedStack?: boolean;
  readonly outputChanges?: OutputChangePolicy;
  /** The stack approvals are matched against; by default each finding's URN says. */
  readonly stack?: string;
  readonly approvals?: readonly Approval[];
  readonly baseline?: Baseline;
  readonly today?: Date;
  readonly version: string;
  readonly programEntry?: string;
}

function statusOf(finding: GateFinding): ReportItem["status"] {
  return finding.severity === "error" ? "blocked" : finding.severity;
}

/** Decides, then applies approvals and the baseline: the whole gate as a function from input to report. */
export function runGate(input: GateInput, options: GateRunOptions): Report {
  const decision = decideGate(input, {
    mode: options.mode,
    catalog: options.catalog,
    ...(options.phase ? { phase: options.phase } : {}),
    ...(options.outputChanges ? { outputChanges: options.outputChanges } : {}),
    ...(options.protectedStack !== undefined ? { protectedStack: options.protectedStack } : {}),
  });
  const today = options.today ?? new Date();
  const approvals = options.approvals ?? [];
  const used = new Set<Approval>();
  const expiredHits = new Set<Approval>();
  const baselined = new Set((options.baseline?.entries ?? []).map(baselineKey));

  const items: ReportItem[] = decision.findings.map((finding) => {
    const item: ReportItem = { finding, status: statusOf(finding), operation: finding.operation };
    if (item.status !== "blocked" && item.status !== "warning") return item;
    const urn = finding.resource?.urn;
    const matching = approvals.filter((a) => approves(a, urn, finding.operation, options.stack));
    const valid = matching.find((a) => !isExpired(a, today));
    for (const a of matching) if (isExpired(a, today)) expiredHits.add(a);
    if (valid) {
      used.add(valid);
      return {
        ...item,
        status: "approved",
        approval: {
          reason: valid.reason,
          expires: valid.expires,
          origin: valid.origin,
          ...(valid.reference ? { reference: valid.reference } : {}),
        },
      };
    }
    if (
      item.status === "blocked" &&
      urn &&
      baselined.has(baselineKey({ code: finding.code, urn, operation: finding.operation }))
    ) {
      return { ...item, status: "baselined" };
    }
    return item;
  });

  for (const a of approvals) {
    if (used.has(a)) continue;
    const expired = isExpired(a, today);
    if (!expired && expiredHits.has(a)) continue;
    items.push({
      finding: {
        code: expired ? "APPROVAL_EXPIRED" : "APPROVAL_UNUSED",
        source: "gate",
        rule: "approvals",
        severity: "warning",
        message: expired
          ? `The approval ${a.origin} (${a.operation} of ${a.urn} on ${a.stack}: "${a.reason}") expired on ${a.expires}${expiredHits.has(a) ? " and no longer covers the change it matches" : ""}.`
          : `The approval ${a.origin} (${a.operation} of ${a.urn} on ${a.stack}) matches nothing in this preview.`,
        fix: expired
          ? "Renew it with a new expiry date if the change is still wanted, or remove it."
          : "Remove it once the change it approved has been applied.",
      },
      status: "warning",
    });
  }

  const blocked = items.some((i) => i.status === "blocked");
  const stack = options.stack ?? stackOf(input);
  return {
    tool: "stateguard",
    version: options.version,
    command: "gate",
    verdict: blocked ? "blocked" : "passed",
    settings: {
      mode: options.mode,
      ...(options.phase ? { phase: options.phase } : {}),
      ...(stack ? { stack } : {}),
      ...(options.protectedStack !== undefined ? { protectedStack: String(options.protectedStack) } : {}),
      catalog: options.catalog.version,
    },
    input: { format: input.format, source: input.source },
    items,
    passed: decision.passed,
    ...(options.programEntry ? { programEntry: options.programEntry } : {}),
  };
}

function stackOf(input: GateInput): string | undefined {
  const urn = input.steps[0]?.urn;
  return urn ? parseUrn(urn)?.stack : undefined;
}
