import type { FindingStatus, Report, ReportItem } from "./model.js";
import { countByStatus, REPORT_SCHEMA_VERSION } from "./model.js";
import { passedEntries, sortedItems, sortedEntries, STATUS_ORDER } from "./common.js";

/**
 * The machine-readable report, described by schema/gate-report.schema.json. Every key is always present (absent
 * values are null), keys come in a fixed order, maps are sorted by key and findings by status then severity, so
 * two runs over the same preview give byte-identical files.
 */

export interface JsonReport {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly tool: "stateguard";
  readonly version: string;
  readonly command: string;
  readonly verdict: "blocked" | "passed";
  readonly settings: Record<string, string>;
  readonly input: Record<string, string> | null;
  readonly summary: Record<FindingStatus, number>;
  readonly passed: Record<string, number>;
  readonly findings: JsonFinding[];
}

export interface JsonFinding {
  readonly code: string;
  readonly status: FindingStatus;
  readonly severity: "error" | "warning" | "note";
  readonly operation: string | null;
  readonly rule: string;
  readonly message: string;
  readonly fix: string | null;
  readonly resource: { urn: string | null; type: string | null; name: string | null } | null;
  readonly location: { file: string; line: number | null; column: number | null } | null;
  readonly approval: { reason: string; expires: string; reference: string | null; origin: string } | null;
}

function toJsonFinding(item: ReportItem): JsonFinding {
  const { finding, approval } = item;
  const { resource, location } = finding;
  return {
    code: finding.code,
    status: item.status,
    severity: finding.severity,
    operation: item.operation ?? null,
    rule: finding.rule,
    message: finding.message,
    fix: finding.fix ?? null,
    resource: resource ? { urn: resource.urn ?? null, type: resource.type ?? null, name: resource.name ?? null } : null,
    location: location ? { file: location.file, line: location.line ?? null, column: location.column ?? null } : null,
    approval: approval
      ? {
          reason: approval.reason,
          expires: approval.expires,
          reference: approval.reference ?? null,
          origin: approval.origin,
        }
      : null,
  };
}

/** The report as the documented JSON object (what renderJson serialises). */
export function toJsonReport(report: Report): JsonReport {
  const counts = countByStatus(report);
  const summary = Object.fromEntries(STATUS_ORDER.map((s) => [s, counts[s]])) as Record<FindingStatus, number>;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: report.tool,
    version: report.version,
    command: report.command,
    verdict: report.verdict,
    settings: Object.fromEntries(sortedEntries(report.settings)),
    input: report.input ? Object.fromEntries(sortedEntries(report.input)) : null,
    summary,
    passed: Object.fromEntries(passedEntries(report.passed).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    findings: sortedItems(report).map(toJsonFinding),
  };
}

export function renderJson(report: Report): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}
