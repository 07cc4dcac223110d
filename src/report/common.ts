import { compareFindings, type Finding } from "../core/findings.js";
import type { FindingStatus, Report, ReportItem } from "./model.js";

/**
 * Helpers shared by the reporters: one order of statuses and items, one way to describe what passed, one way to
 * clean text for people. Nothing here reads anything but the report.
 */

/** The order statuses are shown in: what fails the run first, then what needs attention, then the audit trail. */
export const STATUS_ORDER: readonly FindingStatus[] = ["blocked", "warning", "approved", "baselined", "note"];

const STATUS_RANK: Record<FindingStatus, number> = { blocked: 0, warning: 1, approved: 2, baselined: 3, note: 4 };

/** Items by status (STATUS_ORDER), then compareFindings, then the remaining fields: independent of input order. */
export function compareItems(a: ReportItem, b: ReportItem): number {
  return (
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    compareFindings(a.finding, b.finding) ||
    (a.operation ?? "").localeCompare(b.operation ?? "") ||
    a.finding.rule.localeCompare(b.finding.rule) ||
    (a.finding.resource?.type ?? "").localeCompare(b.finding.resource?.type ?? "") ||
    (a.finding.resource?.name ?? "").localeCompare(b.finding.resource?.name ?? "") ||
    (a.finding.location?.column ?? 0) - (b.finding.location?.column ?? 0) ||
    a.finding.message.localeCompare(b.finding.message)
  );
}

export function sortedItems(report: Report): ReportItem[] {
  return [...report.items].sort(compareItems);
}

/** The sorted items of each status; every status has an entry (possibly empty). */
export function groupByStatus(report: Report): Record<FindingStatus, ReportItem[]> {
  const groups: Record<FindingStatus, ReportItem[]> = {
    blocked: [],
    warning: [],
    approved: [],
    baselined: [],
    note: [],
  };
  for (const item of sortedItems(report)) groups[item.status].push(item);
  return groups;
}

/** "1 blocked, 2 warnings, 1 approved": the non-zero counts in STATUS_ORDER, or "no findings". */
export function describeCounts(counts: Readonly<Record<FindingStatus, number>>): string {
  const parts = STATUS_ORDER.filter((s) => counts[s] > 0).map((s) => {
    const n = counts[s];
    return s === "warning" || s === "note" ? `${n} ${plural(n, s)}` : `${n} ${s}`;
  });
  return parts.length > 0 ? parts.join(", ") : "no findings";
}

/** The passed counts, most frequent first, then by kind; zero counts dropped. */
export function passedEntries(passed: Readonly<Record<string, number>>): [kind: string, count: number][] {
  return Object.entries(passed)
    .filter(([, n]) => n > 0)
    .sort(([ka, na], [kb, nb]) => nb - na || ka.localeCompare(kb));
}

/** "3 updates, 1 create", or "nothing" when no change passed. */
export function describePassed(passed: Readonly<Record<string, number>>): string {
  const entries = passedEntries(passed);
  return entries.length > 0 ? entries.map(([kind, n]) => `${n} ${plural(n, kind)}`).join(", ") : "nothing";
}

export function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/** The entries of a string record, sorted by key, so output does not depend on how the producer built it. */
export function sortedEntries(record: Readonly<Record<string, string>> | undefined): [string, string][] {
  return Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The resource's name, else the last segment of its URN, else undefined. */
export function resourceName(finding: Finding): string | undefined {
  const { name, urn } = finding.resource ?? {};
  if (name) return name;
  if (urn) return urn.slice(urn.lastIndexOf("::") + 2) || urn;
  return undefined;
}

// C0 controls but tab and newline, DEL, C1 controls, lone surrogates and the two non-characters U+FFFE/U+FFFF:
// nothing a person needs, and what a terminal or an XML parser must not get (ANSI escapes, NUL...).
const CONTROL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for people: line endings normalised to \n, control characters removed. */
export function clean(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(CONTROL, "");
}

/** At most `max` UTF-16 units, cut on a code point boundary, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * Where a finding's code is documented, relative to the package root: the policy or lint rule page for those
 * sources, the gate's page (which lists every gate code) otherwise.
 */
export function docsPath(finding: Finding): string {
  if (finding.source === "policy") return `docs/policies/${finding.rule}.md`;
  if (finding.source === "lint") return `docs/rules/${finding.rule}.md`;
  if (finding.source === "analyzer") return "docs/analyzer.md";
  return "docs/gate.md";
}
