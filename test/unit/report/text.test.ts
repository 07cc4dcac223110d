import { describe, expect, it } from "vitest";
import { renderText } from "../../../src/report/text.js";
import { emptyReport, passingReport, report } from "./fixtures.js";

const ESC = "\u001b";

describe("renderText", () => {
  it("matches the snapshot, plain and coloured", async () => {
    await expect(renderText(report(), { color: false })).toMatchFileSnapshot("__snapshots__/report.txt");
    await expect(renderText(report(), { color: true })).toMatchFileSnapshot("__snapshots__/report.color.txt");
    await expect(renderText(passingReport())).toMatchFileSnapshot("__snapshots__/passing.txt");
  });

  it("starts with the verdict", () => {
    expect(renderText(report()).split("\n")[0]).toBe("BLOCKED: stateguard gate blocks 2 changes");
    expect(renderText(passingReport()).split("\n")[0]).toBe("PASSED: stateguard gate found nothing to block");
  });

  it("uses ANSI colours only when asked, and never lets a message's own escapes through", () => {
    const plain = renderText(report(), { color: false });
    expect(plain).not.toContain(ESC);
    expect(plain).not.toContain("\u0007");
    const coloured = renderText(report(), { color: true });
    expect(coloured.split("\n")[0]).toBe(`${ESC}[1;31mBLOCKED${ESC}[0m: stateguard gate blocks 2 changes`);
    // The fixture message carries ESC[31m: only the reporter's own sequences (each followed by a reset) remain.
    const sequences = coloured.match(/\u001b\[[0-9;]*m/g) ?? [];
    expect(sequences.filter((s) => s === `${ESC}[0m`).length * 2).toBe(sequences.length);
    expect(coloured).toContain("Second line[31m red bell.");
  });

  it("groups by status in the order blocked, warning, approved, baselined, note", () => {
    const out = renderText(report());
    const headings = out.split("\n").filter((line) => /^[A-Z][a-z]+.* \(\d+\)/.test(line));
    expect(headings).toEqual([
      "Blocked (2)",
      "Warnings (1)",
      "Approved (1), audit trail",
      "Baselined (1)",
      "Notes (1)",
    ]);
    // Within a group: compareFindings (severity, then code).
    expect(out.indexOf("POLICY_VIOLATION")).toBeLessThan(out.indexOf("STATEFUL_REPLACE"));
  });

  it("shows each finding with resource, type, message, fix on its own line and position", () => {
    const lines = renderText(report()).split("\n");
    const head = lines.findIndex((l) => l.includes("STATEFUL_REPLACE"));
    expect(lines[head]).toBe("  STATEFUL_REPLACE  replace  orders-db  (aws:rds/instance:Instance)");
    expect(lines[head + 2]).toMatch(/^ {4}fix: Revert engine/);
    expect(lines[head + 3]).toBe("    at src/index.ts:12:5");
  });

  it("keeps the approval's audit trail: reason, expiry, reference and origin", () => {
    expect(renderText(report())).toContain(
      "    approved: Decommissioning the legacy reports bucket; expires 2026-12-31; reference CHG-1234; from approvals.yaml#2",
    );
  });

  it("indents every line of a multi-line message", () => {
    const out = renderText(report());
    expect(out).toContain("    Policy says: a | b");
    expect(out).toContain("\n    Second line");
    expect(out).toContain("    fix: Fix | it & `retry`\n    now.");
  });

  it("ends with one summary line of counts and passed changes", () => {
    const lines = renderText(report()).trimEnd().split("\n");
    expect(lines.at(-1)).toBe("2 blocked, 1 warning, 1 approved, 1 baselined, 1 note; passed: 3 updates, 1 create");
    expect(renderText(emptyReport()).trimEnd().split("\n").at(-1)).toBe("no findings; passed: nothing");
  });

  it("does not depend on the order of the items", () => {
    const r = report();
    expect(renderText({ ...r, items: [...r.items].reverse() })).toBe(renderText(r));
  });
});
