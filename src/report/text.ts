import type { FindingStatus, Report, ReportItem } from "./model.js";
import { countByStatus } from "./model.js";
import {
  clean,
  describeCounts,
  describePassed,
  groupByStatus,
  resourceName,
  sortedEntries,
  STATUS_ORDER,
} from "./common.js";

/**
 * The terminal report: the verdict first, then the findings grouped by status (blocked, warning, approved,
 * baselined, note), then one summary line. Colours (ANSI) only when asked for; control characters in messages are
 * removed either way, so a message cannot move the cursor or recolour the terminal.
 */

export interface TextOptions {
  /** ANSI colours, for a terminal. Default: false. */
  readonly color?: boolean;
}

type Style = "bold" | "dim" | "red" | "green" | "yellow" | "cyan" | "magenta" | "blue";

const SGR: Record<Style, string> = {
  bold: "1",
  dim: "2",
  red: "31",
  green: "32",
  yellow: "33",
  blue: "34",
  magenta: "35",
  cyan: "36",
};

type Paint = (text: string, ...styles: Style[]) => string;

function painter(color: boolean): Paint {
  if (!color) return (text) => text;
  return (text, ...styles) =>
    styles.length === 0 || text === "" ? text : `\u001b[${styles.map((s) => SGR[s]).join(";")}m${text}\u001b[0m`;
}

const HEADINGS: Record<FindingStatus, { title: string; suffix: string; style: Style }> = {
  blocked: { title: "Blocked", suffix: "", style: "red" },
  warning: { title: "Warnings", suffix: "", style: "yellow" },
  approved: { title: "Approved", suffix: ", audit trail", style: "cyan" },
  baselined: { title: "Baselined", suffix: "", style: "magenta" },
  note: { title: "Notes", suffix: "", style: "blue" },
};

const INDENT = "    ";

/** Each line of a (cleaned) multi-line text, indented. */
function indented(text: string): string[] {
  return clean(text)
    .split("\n")
    .map((line) => `${INDENT}${line}`);
}

function renderItem(item: ReportItem, paint: Paint): string[] {
  const { finding } = item;
  const name = resourceName(finding);
  const type = finding.resource?.type;
  const head = [
    paint(clean(finding.code), "bold"),
    ...(item.operation ? [clean(item.operation)] : []),
    ...(name ? [clean(name)] : []),
    ...(type ? [paint(`(${clean(type)})`, "dim")] : []),
  ].join("  ");
  const lines = [`  ${head}`, ...indented(finding.message)];
  if (finding.fix) lines.push(...indented(`fix: ${finding.fix}`));
  const at = finding.location;
  if (at) {
    const position = `${at.file}${at.line !== undefined ? `:${at.line}${at.column !== undefined ? `:${at.column}` : ""}` : ""}`;
    lines.push(...indented(paint(`at ${clean(position)}`, "dim")));
  }
  if (item.status === "approved") {
    const a = item.approval;
    const trail = a
      ? [
          `approved: ${a.reason}`,
          `expires ${a.expires}`,
          ...(a.reference ? [`reference ${a.reference}`] : []),
          `from ${a.origin}`,
        ].join("; ")
      : "approved (no approval details recorded)";
    lines.push(...indented(paint(clean(trail), "cyan")));
  }
  if (item.status === "baselined") {
    lines.push(...indented(paint("baselined: present in the recorded baseline, does not fail the run", "magenta")));
  }
  return lines;
}

function verdictLine(report: Report, paint: Paint, blocked: number): string {
  const what = `stateguard ${clean(report.command)}`;
  return report.verdict === "blocked"
    ? `${paint("BLOCKED", "bold", "red")}: ${what} ${blocked > 0 ? `blocks ${blocked} ${blocked === 1 ? "change" : "changes"}` : "failed"}`
    : `${paint("PASSED", "bold", "green")}: ${what} found nothing to block`;
}

export function renderText(report: Report, options: TextOptions = {}): string {
  const paint = painter(options.color === true);
  const counts = countByStatus(report);
  const groups = groupByStatus(report);
  const lines: string[] = [verdictLine(report, paint, counts.blocked)];

  const context = [
    `stateguard ${report.version}`,
    ...sortedEntries(report.settings).map(([k, v]) => `${k}=${v}`),
    ...(report.input
      ? [
          `input: ${sortedEntries(report.input)
            .map(([k, v]) => `${k}=${v}`)
            .join(" ")}`,
        ]
      : []),
  ];
  lines.push(paint(clean(context.join(", ")), "dim"));

  for (const status of STATUS_ORDER) {
    const items = groups[status];
    if (items.length === 0) continue;
    const { title, suffix, style } = HEADINGS[status];
    lines.push("", paint(`${title} (${items.length})${suffix}`, "bold", style));
    for (const item of items) lines.push(...renderItem(item, paint));
  }

  lines.push("", `${describeCounts(counts)}; passed: ${describePassed(report.passed)}`);
  return `${lines.join("\n")}\n`;
}
