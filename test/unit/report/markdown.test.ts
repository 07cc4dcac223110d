import { describe, expect, it } from "vitest";
import {
  codeSpan,
  commentMarker,
  GITHUB_COMMENT_LIMIT,
  inlineMarkdown,
  renderMarkdown,
} from "../../../src/report/markdown.js";
import { bigReport, emptyReport, passingReport, report } from "./fixtures.js";

/** The cells of a GFM table row: split on pipes not escaped by a backslash. */
function cells(line: string): string[] {
  return line
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => c.trim());
}

describe("renderMarkdown", () => {
  it("matches the snapshot", async () => {
    await expect(renderMarkdown(report())).toMatchFileSnapshot("__snapshots__/report.md");
    await expect(renderMarkdown(passingReport())).toMatchFileSnapshot("__snapshots__/passing.md");
  });

  it("starts with the marker and the verdict heading, without emoji", () => {
    const lines = renderMarkdown(report()).split("\n");
    expect(lines[0]).toBe("<!-- stateguard:gate -->");
    expect(lines[1]).toBe("## stateguard gate: BLOCKED");
    expect(renderMarkdown(passingReport()).split("\n")[1]).toBe("## stateguard gate: PASSED");
    expect(renderMarkdown(report())).not.toMatch(/\p{Extended_Pictographic}/u);
    expect(commentMarker({ ...report(), command: "gate --x" })).toBe("<!-- stateguard:gate---x -->");
  });

  it("tables the destructive and blocking changes with status, resource, operation, why and fix", () => {
    const lines = renderMarkdown(report()).split("\n");
    const start = lines.indexOf("### Destructive and blocking changes (4)");
    expect(lines[start + 2]).toBe("| status | resource | operation | why | fix |");
    const rows = lines.slice(start + 4, start + 8).map(cells);
    expect(rows.map((r) => r[0])).toEqual(["**blocked**", "**blocked**", "approved", "baselined"]);
    expect(rows.every((r) => r.length === 5)).toBe(true);
    expect(rows[1]).toEqual([
      "**blocked**",
      "`orders-db`<br>`aws:rds/instance:Instance`<br>at `src/index.ts:12`",
      "replace",
      '`STATEFUL_REPLACE` aws:rds/instance:Instance "orders-db" (a database) will be replaced because engine forces a new resource: the replacement starts empty and the old one is deleted.',
      'Revert engine to `postgres`, or add `ignoreChanges: ["engine"]` if the live value must stay.',
    ]);
  });

  it("escapes pipes, newlines, HTML and control characters in cells, keeping the producer's code spans", () => {
    const out = renderMarkdown(report());
    const row = out.split("\n").find((l) => l.includes("POLICY_VIOLATION"))!;
    expect(cells(row)).toHaveLength(5);
    expect(row).toContain("a \\| b");
    expect(row).toContain("`x\\|y`");
    expect(row).toContain("``a`b``");
    expect(row).toContain('&lt;script&gt;alert("x")&lt;/script&gt; &amp; co.<br>Second line');
    expect(row).toContain("Fix \\| it &amp; `retry`<br>now.");
    expect(out).not.toContain("<script>");
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  });

  it("escapes Markdown syntax outside code spans and picks safe code fences", () => {
    expect(inlineMarkdown("a *b* _c_ [d](e) ~f~ $g$ \\h")).toBe("a \\*b\\* \\_c\\_ \\[d\\](e) \\~f\\~ \\$g\\$ \\\\h");
    expect(inlineMarkdown("odd ` backtick")).toBe("odd \\` backtick");
    expect(inlineMarkdown("keep `a<b & *c*` code")).toBe("keep `a<b & *c*` code");
    expect(codeSpan("a`b")).toBe("``a`b``");
    expect(codeSpan("`x`")).toBe("`` `x` ``");
    expect(codeSpan("two\nlines")).toBe("`two lines`");
    expect(codeSpan("")).toBe("");
  });

  it("has sections for warnings, approvals with their audit trail, baselined and collapsed notes", () => {
    const out = renderMarkdown(report());
    expect(out).toContain("### Warnings (1)");
    expect(out).toContain(
      "| `legacy-reports`<br>`aws:s3/bucket:Bucket` | delete | `STATEFUL_DELETE` | Decommissioning the legacy reports bucket | 2026-12-31 | CHG-1234 | `approvals.yaml#2` |",
    );
    expect(out).toContain("### Baselined (1)");
    expect(out).toContain("<details><summary>Notes (1)</summary>");
    const order = ["### Destructive", "### Warnings", "### Approvals", "### Baselined", "Notes (1)", "Passed without"];
    const positions = order.map((heading) => out.indexOf(heading));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("ends with the passed changes, collapsed", () => {
    const out = renderMarkdown(report());
    expect(out).toContain("<details><summary>Passed without findings: 3 updates, 1 create</summary>");
    expect(out).toContain("| update | 3 |\n| create | 1 |");
    expect(out.trimEnd().endsWith("</details>")).toBe(true);
    expect(renderMarkdown(emptyReport())).toContain("No findings.");
  });

  it("stays under GitHub's comment limit, saying how many rows were left out", () => {
    const big = bigReport(2_000);
    const out = renderMarkdown(big);
    expect(out.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const shown = out.split("\n").filter((l) => l.startsWith("| **blocked** |")).length;
    expect(shown).toBeGreaterThan(100);
    const note = /_(\d[\d,]*) more rows left out to keep this comment under 65,536 characters/.exec(out);
    expect(note).not.toBeNull();
    expect(Number(note![1]!.replace(/,/g, ""))).toBe(2_000 - shown);
    expect(out).toContain("## stateguard gate: BLOCKED");
    expect(out).toContain("Passed without findings: 2000 updates");
  });

  it("keeps later sections (with their own count) when the first table fills the budget", () => {
    const big = bigReport(2_000);
    const withWarning = { ...big, items: [...big.items, ...report().items.filter((i) => i.status === "warning")] };
    const out = renderMarkdown(withWarning, { maxLength: 20_000 });
    expect(out.length).toBeLessThanOrEqual(20_000);
    expect(out).toContain("### Warnings (1)");
    expect(out).toContain("RETAINED_DELETE");
  });

  it("does not truncate what fits", () => {
    expect(renderMarkdown(report())).not.toContain("left out");
  });
});
