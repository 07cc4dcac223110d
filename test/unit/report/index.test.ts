import { describe, expect, it } from "vitest";
import {
  isReportFormat,
  renderJson,
  renderJunit,
  renderMarkdown,
  renderReport,
  renderSarif,
  renderText,
  REPORT_FILE_EXTENSIONS,
  REPORT_FORMATS,
} from "../../../src/report/index.js";
import type { Report } from "../../../src/report/model.js";
import { report } from "./fixtures.js";

describe("renderReport", () => {
  it("lists the five formats", () => {
    expect(REPORT_FORMATS).toEqual(["text", "json", "sarif", "markdown", "junit"]);
    expect(Object.keys(REPORT_FILE_EXTENSIONS)).toEqual([...REPORT_FORMATS]);
    expect(isReportFormat("sarif")).toBe(true);
    expect(isReportFormat("html")).toBe(false);
  });

  it("dispatches to each reporter, passing the options on", () => {
    const r = report();
    expect(renderReport(r, "text", { color: true })).toBe(renderText(r, { color: true }));
    expect(renderReport(r, "json")).toBe(renderJson(r));
    expect(renderReport(r, "sarif", { pathPrefix: "infra" })).toBe(renderSarif(r, { pathPrefix: "infra" }));
    expect(renderReport(r, "markdown", { maxLength: 3_000 })).toBe(renderMarkdown(r, { maxLength: 3_000 }));
    expect(renderReport(r, "junit")).toBe(renderJunit(r));
  });

  it("adds nothing that is not in the report (no resource inputs, no environment)", () => {
    const secret = "hunter2-SECRET";
    process.env.STATEGUARD_TEST_SECRET = secret;
    try {
      // A report object that carries extra data a producer might attach by mistake: no reporter may print it.
      const r = { ...report(), inputs: { password: secret } } as Report;
      for (const format of REPORT_FORMATS) expect(renderReport(r, format, { color: true })).not.toContain(secret);
    } finally {
      delete process.env.STATEGUARD_TEST_SECRET;
    }
  });

  it("every format ends with a newline", () => {
    for (const format of REPORT_FORMATS) expect(renderReport(report(), format).endsWith("\n")).toBe(true);
  });
});
