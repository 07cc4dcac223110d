import type { FindingStatus, Report, ReportItem } from "./model.js";
import { countByStatus } from "./model.js";
import {
  clean,
  describeCounts,
  describePassed,
  groupByStatus,
  passedEntries,
  plural,
  resourceName,
  sortedEntries,
  truncate,
} from "./common.js";

/**
 * The pull-request comment (GitHub-flavoured Markdown): the verdict as a heading, one table of the destructive and
 * blocking changes (blocked, approved, baselined), then warnings, the approvals as an audit trail, the baselined
 * findings, the notes and the passed changes (collapsed). Every finding is rendered in a table cell, so nothing in
 * a message can open a block (heading, list, quote); HTML and Markdown syntax in messages is escaped, while code
 * spans written by the producer (`retainOnDelete: true`) stay code spans. The output stays under GitHub's comment
 * limit: tables are cut, with a line saying how many rows were left out.
 */

export interface MarkdownOptions {
  /** The longest comment to produce, in UTF-16 units (what GitHub counts). Default: GITHUB_COMMENT_LIMIT. */
  readonly maxLength?: number;
}

/** GitHub's limit on the body of an issue or pull-request comment. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** The longest message or fix shown in a cell, before escaping. */
const MAX_CELL = 1_000;

/** Room kept for the line saying how many rows were left out. */
const OMISSION_RESERVE = 240;

/** The first line of the comment, hidden when rendered: lets a CI job find and update its previous comment. */
export function commentMarker(report: Report): string {
  return `<!-- stateguard:${clean(report.command).replace(/[^A-Za-z0-9_.-]/g, "-")} -->`;
}

/** Prose for a cell: Markdown and HTML syntax escaped, line breaks as <br>. */
function escapeText(text: string): string {
  return text
    .replace(/[\\`*_[\]~$]/g, "\\$&")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\n/g, "<br>");
}

/** A code span holding `text` verbatim: a fence longer than any backtick run inside, padded where needed. */
export function codeSpan(raw: string): string {
  const text = clean(raw).replace(/\n/g, " ");
  if (text === "") return "";
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad =
    text.startsWith("`") || text.endsWith("`") || (text.startsWith(" ") && text.endsWith(" ") && text.trim() !== "");
  return pad ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

/**
 * A producer's message as Markdown: its code spans (CommonMark rules: a run of n backticks up to the next run of
 * exactly n) kept as code, everything else escaped.
 */
export function inlineMarkdown(raw: string): string {
  const text = clean(raw);
  let out = "";
  let plainStart = 0;
  let i = 0;
  while (i < text.length) {
    if (text[i] !== "`") {
      i++;
      continue;
    }
    let j = i;
    while (text[j] === "`") j++;
    const n = j - i;
    let close = -1;
    let k = j;
    while (k < text.length) {
      if (text[k] !== "`") {
        k++;
        continue;
      }
      let m = k;
      while (text[m] === "`") m++;
      if (m - k === n) {
        close = k;
        break;
      }
      k = m;
    }
    if (close < 0) {
      i = j;
      continue;
    }
    out += escapeText(text.slice(plainStart, i)) + codeSpan(text.slice(j, close));
    i = close + n;
    plainStart = i;
  }
  return out + escapeText(text.slice(plainStart));
}

/** A table cell: pipes escaped (GFM splits cells on them even inside code spans). */
function cell(markdown: string): string {
  return markdown === "" ? "—" : markdown.replace(/\|/g, "\\|");
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(" | ")} |\n`;
}

function tableHead(columns: readonly string[]): string {
  return `| ${columns.join(" | ")} |\n| ${columns.map(() => "---").join(" | ")} |\n`;
}

function prose(text: string | undefined): string {
  return text ? inlineMarkdown(truncate(text, MAX_CELL)) : "";
}

function resourceCell(item: ReportItem): string {
  const { finding } = item;
  const name = resourceName(finding);
  const parts = [
    ...(name ? [codeSpan(name)] : []),
    ...(finding.resource?.type ? [codeSpan(finding.resource.type)] : []),
  ];
  const at = finding.location;
  if (at) parts.push(`at ${codeSpan(`${at.file}${at.line !== undefined ? `:${at.line}` : ""}`)}`);
  return parts.join("<br>");
}

function operationCell(item: ReportItem): string {
  return item.operation ? escapeText(clean(item.operation)) : "";
}

function codeAndMessage(item: ReportItem): string {
  return `${codeSpan(item.finding.code)} ${prose(item.finding.message)}`;
}

const STATUS_CELL: Partial<Record<FindingStatus, string>> = {
  blocked: "**blocked**",
  approved: "approved",
  baselined: "baselined",
};

interface Block {
  /** Heading, explanation and table header. */
  readonly head: string;
  readonly rows: readonly string[];
  readonly tail: string;
}

function blocks(groups: Record<FindingStatus, ReportItem[]>): Block[] {
  const out: Block[] = [];
  const destructive = [...groups.blocked, ...groups.approved, ...groups.baselined];
  if (destructive.length > 0) {
    out.push({
      head: `### Destructive and blocking changes (${destructive.length})\n\n${tableHead(["status", "resource", "operation", "why", "fix"])}`,
      rows: destructive.map((item) =>
        row([
          STATUS_CELL[item.status] ?? item.status,
          resourceCell(item),
          operationCell(item),
          codeAndMessage(item),
          prose(item.finding.fix),
        ]),
      ),
      tail: "",
    });
  }
  if (groups.warning.length > 0) {
    out.push({
      head: `### Warnings (${groups.warning.length})\n\n${tableHead(["resource", "operation", "warning", "fix"])}`,
      rows: groups.warning.map((item) =>
        row([resourceCell(item), operationCell(item), codeAndMessage(item), prose(item.finding.fix)]),
      ),
      tail: "",
    });
  }
  if (groups.approved.length > 0) {
    out.push({
      head:
        `### Approvals (${groups.approved.length})\n\n` +
        "Destructive changes this run lets through because an approval covers them (audit trail).\n\n" +
        tableHead(["resource", "operation", "finding", "reason", "expires", "reference", "approval"]),
      rows: groups.approved.map((item) => {
        const a = item.approval;
        return row([
          resourceCell(item),
          operationCell(item),
          codeSpan(item.finding.code),
          prose(a?.reason ?? "(not recorded)"),
          a ? escapeText(clean(a.expires)) : "",
          prose(a?.reference),
          a ? codeSpan(a.origin) : "",
        ]);
      }),
      tail: "",
    });
  }
  if (groups.baselined.length > 0) {
    out.push({
      head:
        `### Baselined (${groups.baselined.length})\n\n` +
        "Already present in the recorded baseline: reported, but they do not fail the run.\n\n" +
        tableHead(["resource", "operation", "finding"]),
      rows: groups.baselined.map((item) => row([resourceCell(item), operationCell(item), codeSpan(item.finding.code)])),
      tail: "",
    });
  }
  if (groups.note.length > 0) {
    out.push({
      head: `<details><summary>Notes (${groups.note.length})</summary>\n\n${tableHead(["resource", "operation", "note"])}`,
      rows: groups.note.map((item) => row([resourceCell(item), operationCell(item), codeAndMessage(item)])),
      tail: "\n</details>\n",
    });
  }
  return out;
}

function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function omission(left: number, max: number): string {
  return `\n_${thousands(left)} more ${plural(left, "row")} left out to keep this comment under ${thousands(max)} characters; the job's text or JSON report lists every finding._\n`;
}

function passedSection(report: Report): string {
  const entries = passedEntries(report.passed);
  const body =
    entries.length > 0
      ? `${tableHead(["change", "count"])}${entries.map(([kind, n]) => row([escapeText(clean(kind)), String(n)])).join("")}`
      : "No other change.\n";
  return `<details><summary>Passed without findings: ${escapeText(clean(describePassed(report.passed)))}</summary>\n\n${body}\n</details>\n`;
}

function header(report: Report): string {
  const counts = countByStatus(report);
  const verdict = report.verdict === "blocked" ? "BLOCKED" : "PASSED";
  const settings = sortedEntries(report.settings).map(([k, v]) => `${escapeText(clean(k))} ${codeSpan(v)}`);
  const summary = describeCounts(counts).replace(/^(\d+ blocked)/, "**$1**");
  const lines = [
    commentMarker(report),
    `## stateguard ${escapeText(clean(report.command))}: ${verdict}`,
    "",
    `${summary}. ${[...settings, `stateguard ${escapeText(clean(report.version))}`].join(" · ")}`,
  ];
  if (report.items.length === 0) lines.push("", "No findings.");
  return `${lines.join("\n")}\n`;
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const max = options.maxLength ?? GITHUB_COMMENT_LIMIT;
  const top = header(report);
  const bottom = passedSection(report);
  const sections = blocks(groupByStatus(report));

  // Each part is followed by "\n" when joined; parts end in "\n" themselves, so sections are blank-line separated.
  let used = top.length + 1 + bottom.length;
  const rendered: string[] = [];
  sections.forEach((block, index) => {
    const later = sections
      .slice(index + 1)
      .reduce((sum, b) => sum + b.head.length + b.tail.length + OMISSION_RESERVE + 1, 0);
    const all = block.rows.reduce((sum, r) => sum + r.length, 0);
    const fixed = block.head.length + block.tail.length + 1;
    let rows = block.rows;
    let note = "";
    if (used + fixed + all + later > max) {
      const room = max - used - fixed - later - OMISSION_RESERVE;
      let size = 0;
      let fit = 0;
      for (const r of block.rows) {
        if (size + r.length > room) break;
        size += r.length;
        fit++;
      }
      rows = block.rows.slice(0, fit);
      note = omission(block.rows.length - fit, max);
    }
    const text = `${block.head}${rows.join("")}${note}${block.tail}`;
    used += text.length + 1;
    rendered.push(text);
  });
  return [top, ...rendered, bottom].join("\n");
}
