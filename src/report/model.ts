import type { Finding } from "../core/findings.js";

/**
 * What every reporter renders: the findings of one run with their status, and the verdict. The gate produces
 * it today; the project analyzer will too. The JSON reporter's output is this shape (versioned by
 * REPORT_SCHEMA_VERSION), so other tools can parse it.
 */

export const REPORT_SCHEMA_VERSION = 1;

/**
 * blocked: fails the run. warning / note: reported only. approved: would block, but an approval covers it (kept as
 * an audit trail). baselined: would block, but was already present in the recorded baseline.
 */
export type FindingStatus = "blocked" | "warning" | "note" | "approved" | "baselined";

export interface ApprovalRef {
  readonly reason: string;
  readonly expires: string;
  readonly reference?: string;
  /** Where the approval was read from, e.g. "approvals.yaml#2". */
  readonly origin: string;
}

export interface ReportItem {
  readonly finding: Finding;
  readonly status: FindingStatus;
  /** The operation the finding is about (delete, replace, ...), when it is about one. */
  readonly operation?: string;
  readonly approval?: ApprovalRef;
}

export interface Report {
  readonly tool: "stateguard";
  readonly version: string;
  readonly command: string;
  readonly verdict: "blocked" | "passed";
  /** The settings of the run, e.g. { mode: "standard", phase: "expand", stack: "acme-prod" }. */
  readonly settings: Readonly<Record<string, string>>;
  /** Where the findings came from, e.g. { format: "preview-json", source: "preview.json" }. */
  readonly input?: Readonly<Record<string, string>>;
  readonly items: readonly ReportItem[];
  /** Counts of what passed without findings, per kind of change (e.g. { update: 3, create: 1 }). */
  readonly passed: Readonly<Record<string, number>>;
  /** The program entry point (e.g. "index.ts"), used to anchor findings without a source position in SARIF. */
  readonly programEntry?: string;
}

export function countByStatus(report: Report): Record<FindingStatus, number> {
  const counts: Record<FindingStatus, number> = { blocked: 0, warning: 0, note: 0, approved: 0, baselined: 0 };
  for (const item of report.items) counts[item.status]++;
  return counts;
}
