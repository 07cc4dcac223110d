import type { Report } from "./model.js";
import { renderJson } from "./json.js";
import { renderJunit } from "./junit.js";
import { renderMarkdown, type MarkdownOptions } from "./markdown.js";
import { renderSarif, type SarifOptions } from "./sarif.js";
import { renderText, type TextOptions } from "./text.js";

export * from "./model.js";
export { renderText, type TextOptions } from "./text.js";
export { renderJson, toJsonReport, type JsonFinding, type JsonReport } from "./json.js";
export { FINGERPRINT_KEY, SARIF_SCHEMA_URI, renderSarif, toSarif, type SarifLog, type SarifOptions } from "./sarif.js";
export { GITHUB_COMMENT_LIMIT, commentMarker, renderMarkdown, type MarkdownOptions } from "./markdown.js";
export { renderJunit } from "./junit.js";

/** The report formats, as `--format` takes them. */
export const REPORT_FORMATS = ["text", "json", "sarif", "markdown", "junit"] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The options of every reporter; each uses its own and ignores the rest. */
export type RenderOptions = TextOptions & SarifOptions & MarkdownOptions;

/** The usual file name extension of each format, for --output defaults and CI artefacts. */
export const REPORT_FILE_EXTENSIONS: Readonly<Record<ReportFormat, string>> = {
  text: "txt",
  json: "json",
  sarif: "sarif",
  markdown: "md",
  junit: "xml",
};

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** Renders a report in one format. Pure: the same report and options always give the same string. */
export function renderReport(report: Report, format: ReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case "text":
      return renderText(report, options);
    case "json":
      return renderJson(report);
    case "sarif":
      return renderSarif(report, options);
    case "markdown":
      return renderMarkdown(report, options);
    case "junit":
      return renderJunit(report);
  }
}
