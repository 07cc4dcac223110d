import type { Report, ReportItem } from "./model.js";
import { countByStatus } from "./model.js";
import { clean, describePassed, resourceName, sortedEntries, sortedItems } from "./common.js";

/**
 * JUnit XML, for CI test reports: one test suite named after the command, one test case per finding. blocked is a
 * failure, approved and baselined are skipped (with the reason), warnings and notes pass with their text in
 * system-out, and a clean run still has one passing case ("no blocked changes"). Text is XML-escaped and
 * characters XML 1.0 does not allow are removed.
 */

// What XML 1.0 allows: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. With the u flag a
// lone surrogate is a code point of its own, outside every allowed range.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text content: the five special characters escaped, disallowed characters removed. */
export function xmlText(text: string): string {
  return text
    .replace(NOT_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** An attribute value: as text, plus line breaks and tabs as character references (parsers turn raw ones into spaces). */
export function xmlAttribute(text: string): string {
  return xmlText(text).replace(/\r/g, "&#13;").replace(/\n/g, "&#10;").replace(/\t/g, "&#9;");
}

function attributes(values: Readonly<Record<string, string | number>>): string {
  return Object.entries(values)
    .map(([key, value]) => ` ${key}="${xmlAttribute(String(value))}"`)
    .join("");
}

function body(item: ReportItem): string {
  const { finding } = item;
  const at = finding.location;
  const lines = [
    finding.message,
    ...(finding.fix ? [`fix: ${finding.fix}`] : []),
    ...(finding.resource?.urn ? [`resource: ${finding.resource.urn}`] : []),
    ...(item.operation ? [`operation: ${item.operation}`] : []),
    ...(at
      ? [`at: ${at.file}${at.line !== undefined ? `:${at.line}${at.column !== undefined ? `:${at.column}` : ""}` : ""}`]
      : []),
  ];
  return clean(lines.join("\n"));
}

function skipMessage(item: ReportItem): string {
  if (item.status === "baselined") return "baselined: present in the recorded baseline";
  const a = item.approval;
  if (!a) return "approved";
  return `approved: ${a.reason} (expires ${a.expires}${a.reference ? `, reference ${a.reference}` : ""}, ${a.origin})`;
}

interface Case {
  readonly classname: string;
  readonly name: string;
  readonly content: string;
}

function testCase(item: ReportItem, name: string): Case {
  const { finding } = item;
  const text = body(item);
  let content: string;
  switch (item.status) {
    case "blocked":
      content = `      <failure${attributes({ message: clean(finding.message), type: finding.code })}>${xmlText(text)}</failure>\n`;
      break;
    case "approved":
    case "baselined":
      content = `      <skipped${attributes({ message: clean(skipMessage(item)) })}/>\n`;
      break;
    case "warning":
    case "note":
      content = `      <system-out>${xmlText(`${item.status}: ${text}`)}</system-out>\n`;
      break;
  }
  return { classname: finding.resource?.type ?? "stateguard", name, content };
}

/** Test case names, made unique within their class ("... #2") so report viewers do not merge them. */
function uniqueNames(items: readonly ReportItem[]): string[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const name = resourceName(item.finding);
    const base = clean(name ? `${item.finding.code} ${name}` : item.finding.code);
    const key = `${item.finding.resource?.type ?? "stateguard"}\u0000${base}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? base : `${base} #${n}`;
  });
}

export function renderJunit(report: Report): string {
  const items = sortedItems(report);
  const names = uniqueNames(items);
  const cases = items.map((item, i) => testCase(item, names[i]!));
  const counts = countByStatus(report);
  if (counts.blocked === 0) {
    cases.push({
      classname: "stateguard",
      name: "no blocked changes",
      content: `      <system-out>${xmlText(`passed: ${describePassed(report.passed)}`)}</system-out>\n`,
    });
  }
  const totals = {
    tests: cases.length,
    failures: counts.blocked,
    errors: 0,
    skipped: counts.approved + counts.baselined,
  };
  const suite = `stateguard ${report.command}`;
  const properties = [
    ["verdict", report.verdict],
    ["version", report.version],
    ...sortedEntries(report.settings).map(([k, v]) => [`settings.${k}`, v] as const),
    ...sortedEntries(report.input).map(([k, v]) => [`input.${k}`, v] as const),
  ]
    .map(([name, value]) => `      <property${attributes({ name: clean(name), value: clean(value) })}/>\n`)
    .join("");
  const testcases = cases
    .map(
      (c) =>
        `    <testcase${attributes({ classname: clean(c.classname), name: c.name })}>\n${c.content}    </testcase>\n`,
    )
    .join("");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites${attributes({ name: "stateguard", ...totals })}>\n` +
    `  <testsuite${attributes({ name: clean(suite), ...totals })}>\n` +
    `    <properties>\n${properties}    </properties>\n` +
    testcases +
    `  </testsuite>\n` +
    `</testsuites>\n`
  );
}
