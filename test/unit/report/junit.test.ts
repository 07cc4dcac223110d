import { describe, expect, it } from "vitest";
import { renderJunit, xmlAttribute, xmlText } from "../../../src/report/junit.js";
import type { ReportItem } from "../../../src/report/model.js";
import { blockedReplace, emptyReport, passingReport, report } from "./fixtures.js";

/** A strict-enough well-formedness check: balanced tags, quoted attributes, only the five entities or char refs. */
function checkWellFormed(xml: string): void {
  const body = xml.replace(/^<\?xml [^?]*\?>\n/, "");
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let end = 0;
  while ((match = token.exec(body)) !== null) {
    end = token.lastIndex;
    const [, closing, name, , selfClosing, text] = match;
    const raw = text ?? match[3] ?? "";
    expect(raw.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, "")).not.toMatch(/[&<>]/);
    if (text !== undefined) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) stack.push(name!);
  }
  expect(end).toBe(body.length);
  expect(stack).toEqual([]);
  expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
}

function attr(xml: string, element: string, name: string): string | undefined {
  return new RegExp(`<${element}\\b[^>]*\\s${name}="([^"]*)"`).exec(xml)?.[1];
}

describe("renderJunit", () => {
  it("matches the snapshot", async () => {
    await expect(renderJunit(report())).toMatchFileSnapshot("__snapshots__/report.xml");
    await expect(renderJunit(passingReport())).toMatchFileSnapshot("__snapshots__/passing.xml");
  });

  it("is well-formed XML", () => {
    for (const r of [report(), passingReport(), emptyReport()]) checkWellFormed(renderJunit(r));
  });

  it("counts tests, failures and skipped on the suite", () => {
    const xml = renderJunit(report());
    expect(attr(xml, "testsuite", "name")).toBe("stateguard gate");
    expect(attr(xml, "testsuite", "tests")).toBe("6");
    expect(attr(xml, "testsuite", "failures")).toBe("2");
    expect(attr(xml, "testsuite", "skipped")).toBe("2");
    expect(attr(xml, "testsuite", "errors")).toBe("0");
    expect(xml.match(/<testcase /g)).toHaveLength(6);
    expect(xml.match(/<failure /g)).toHaveLength(2);
    expect(xml.match(/<skipped /g)).toHaveLength(2);
    expect(attr(xml, "testsuites", "tests")).toBe("6");
  });

  it("adds one passing test case when nothing is blocked", () => {
    const xml = renderJunit(passingReport());
    expect(attr(xml, "testsuite", "failures")).toBe("0");
    expect(attr(xml, "testsuite", "tests")).toBe("5");
    expect(xml).toContain('<testcase classname="stateguard" name="no blocked changes">');
    const empty = renderJunit(emptyReport());
    expect(attr(empty, "testsuite", "tests")).toBe("1");
    expect(renderJunit(report())).not.toContain("no blocked changes");
  });

  it("names cases by code and resource, classed by resource type", () => {
    const xml = renderJunit(report());
    expect(xml).toContain('<testcase classname="aws:rds/instance:Instance" name="STATEFUL_REPLACE orders-db">');
    expect(xml).toContain('<testcase classname="stateguard" name="POLICY_VIOLATION">');
    const twice = renderJunit(report({ items: [blockedReplace, blockedReplace] }));
    expect(twice).toContain('name="STATEFUL_REPLACE orders-db"');
    expect(twice).toContain('name="STATEFUL_REPLACE orders-db #2"');
  });

  it("fails blocked findings with message and fix, skips approved ones with the reason, logs warnings", () => {
    const xml = renderJunit(report());
    expect(xml).toMatch(
      /<failure message="aws:rds\/instance:Instance &quot;orders-db&quot;[^"]*" type="STATEFUL_REPLACE">/,
    );
    expect(xml).toContain("fix: Revert engine to `postgres`");
    expect(xml).toContain(
      '<skipped message="approved: Decommissioning the legacy reports bucket (expires 2026-12-31, reference CHG-1234, approvals.yaml#2)"/>',
    );
    expect(xml).toContain('<skipped message="baselined: present in the recorded baseline"/>');
    expect(xml).toMatch(/<system-out>warning: aws:ebs\/volume:Volume &quot;scratch&quot;/);
  });

  it("escapes the five special characters and strips what XML 1.0 forbids", () => {
    expect(xmlText(`a & b < c > d " e ' f`)).toBe("a &amp; b &lt; c &gt; d &quot; e &apos; f");
    expect(xmlText("nul\u0000 esc\u001b bell\u0007 fffe\ufffe lone\ud800 ok\u{1f600}")).toBe(
      "nul esc bell fffe lone ok\u{1f600}",
    );
    expect(xmlAttribute("two\nlines\ttab")).toBe("two&#10;lines&#9;tab");
    const xml = renderJunit(report());
    expect(xml).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co.&#10;Second line[31m red bell.");
    expect(xml).not.toContain("<script>");
  });

  it("strips invalid characters from names and classnames too", () => {
    const item: ReportItem = {
      ...blockedReplace,
      finding: {
        ...blockedReplace.finding,
        resource: { urn: "urn:x", type: "t\u0001<y>", name: "n\u0000\"q'" },
      },
    };
    const xml = renderJunit(report({ items: [item] }));
    checkWellFormed(xml);
    expect(xml).toContain('<testcase classname="t&lt;y&gt;" name="STATEFUL_REPLACE n&quot;q&apos;">');
  });
});
