import { parseArgs } from "node:util";
import type { Finding } from "../../src/core/findings.js";
import { packageVersion } from "../../src/core/version.js";
import {
  REPORT_FORMATS,
  renderReport,
  toJsonReport,
  type JsonFinding,
  type JsonReport,
  type Report,
  type ReportFormat,
} from "../../src/report/index.js";
import { analyzeDirectory, type Analysis, type InputError } from "../../lint-rules/analyzer/analyze.js";
import { AnalyzerInputError } from "../../lint-rules/analyzer/project.js";
import { renderUnitsText, type JsonUnit } from "../../lint-rules/analyzer/summary.js";
import { EXIT, UsageError, type Io } from "../io.js";

export const analyzeHelp = `Usage: stateguard analyze [DIR] [--format text|json|sarif|markdown|junit]

Loads every Node.js Pulumi project under DIR (default: .; each directory holding a Pulumi.yaml, node_modules
skipped; projects of other runtimes are listed on standard error and skipped) from its tsconfig.json, walks each program from its entry following calls across files, and reports, per unit of
code (the program, each module, function, method and component), the resources it creates. Then runs the checks
that need the whole program:
  CONDITIONAL_LIBRARY_CALL  library code calls a function that creates resources under a condition on data
  COLLIDING_LOGICAL_NAME    a constant logical name whose code runs twice: the same URN registered twice
  DUPLICATE_URN             two registrations with the same URN in one run (exclusive branches aside)
  PARENT_CHAIN_DIVERGES     the same resource code escapes the component it is created for at some call sites
Names that are not static are never guessed: such resources are listed as unresolved and not compared.
JSON: the findings report, plus per project its units and their resources. See docs/analyzer.md.

Options:
  --format text|json|sarif|markdown|junit   (default: text)

Progress is shown on standard error when it is a terminal.

Exit codes: 0 nothing found at error level, 1 findings at error level, 2 bad input or usage: no Pulumi project
under DIR, a project without tsconfig.json or whose @pulumi/pulumi cannot be resolved, a syntax error, an import
that does not resolve (the message names the file; the results printed are then partial).`;

function status(severity: string): Report["items"][number]["status"] {
  return severity === "error" ? "blocked" : severity === "warning" ? "warning" : "note";
}

function reportOf(findings: readonly Finding[], analysis: Analysis, entry: string | undefined): Report {
  const units = analysis.projects.reduce((n, p) => n + (p.summary?.units.length ?? 0), 0);
  const registrations = analysis.projects.reduce((n, p) => n + (p.summary?.registrations ?? 0), 0);
  return {
    tool: "stateguard",
    version: packageVersion(),
    command: "analyze",
    verdict: findings.some((f) => f.severity === "error") ? "blocked" : "passed",
    settings: {
      projects: String(analysis.projects.length),
      ...(analysis.skipped.length > 0 ? { skipped: analysis.skipped.map((p) => p.dir).join(",") } : {}),
      ...(analysis.partial ? { partial: "true" } : {}),
    },
    input: { dir: analysis.root },
    items: findings.map((finding) => ({ finding, status: status(finding.severity) })),
    passed: { unit: units, "resource registration": registrations },
    ...(entry !== undefined ? { programEntry: entry } : {}),
  };
}

/** The JSON document of `analyze`: the findings report, then `partial` and the projects with their units. */
export interface JsonAnalysis extends JsonReport {
  readonly partial: boolean;
  /** Pulumi projects of another runtime, not analysed. */
  readonly skipped: readonly { readonly dir: string; readonly runtime: string }[];
  readonly projects: readonly JsonProject[];
}

export interface JsonProject {
  readonly name: string | null;
  readonly dir: string;
  readonly entry: string | null;
  readonly partial: boolean;
  /** `internal: true` marks a failure of the analyzer itself (its stack trace goes to standard error with --debug). */
  readonly errors: readonly (Omit<InputError, "internal"> & { readonly internal?: true })[];
  readonly registrations: number;
  readonly unresolved: number;
  readonly units: readonly JsonUnit[];
  readonly findings: readonly JsonFinding[];
}

export function toJsonAnalysis(analysis: Analysis, report: Report): JsonAnalysis {
  return {
    ...toJsonReport(report),
    partial: analysis.partial,
    skipped: analysis.skipped,
    projects: analysis.projects.map((p) => ({
      name: p.name,
      dir: p.dir,
      entry: p.entry,
      partial: p.partial,
      errors: p.errors.map(({ internal, ...e }) => (internal ? { ...e, internal: true as const } : e)),
      registrations: p.summary?.registrations ?? 0,
      unresolved: p.summary?.unresolved ?? 0,
      units: p.summary?.units ?? [],
      findings: toJsonReport(reportOf(p.findings, analysis, undefined)).findings,
    })),
  };
}

function renderProjectsText(analysis: Analysis): string {
  const lines: string[] = [];
  for (const p of analysis.projects) {
    const head = `${p.name ?? "?"} (${p.dir}${p.entry ? `, entry ${p.entry}` : ""})`;
    if (!p.summary) {
      lines.push(`${head}: not analysed (${p.errors.length} input error(s), on standard error)`);
      continue;
    }
    const s = p.summary;
    lines.push(
      `${head}: ${s.units.length} unit(s), ${s.registrations} resource registration(s), ${s.unresolved} unresolved${p.partial ? `; PARTIAL: ${p.errors.length} input error(s), on standard error` : ""}`,
      ...renderUnitsText(s),
    );
  }
  return `${lines.join("\n")}\n\n`;
}

function where(e: InputError): string {
  return `${e.file}${e.line !== null ? `:${e.line}${e.column !== null ? `:${e.column}` : ""}` : ""}`;
}

export function analyze(argv: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { format: { type: "string" } },
  });
  if (positionals.length > 1) throw new UsageError(`one directory at most, got ${positionals.length}`);
  const format = values.format ?? "text";
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(", ")}, not "${format}"`);
  }
  const progress = io.stderr.isTTY === true;
  let analysis: Analysis;
  try {
    analysis = analyzeDirectory(positionals[0] ?? ".", {
      ...(progress
        ? {
            onProgress: ({ index, total, project, phase }) => {
              io.stderr.write(`\r\u001b[Kstateguard analyze: [${index + 1}/${total}] ${project}: ${phase}…`);
            },
          }
        : {}),
    });
  } catch (e) {
    if (progress) io.stderr.write("\r\u001b[K");
    if (e instanceof AnalyzerInputError) {
      io.stderr.write(`stateguard analyze: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
  if (progress) io.stderr.write("\r\u001b[K");
  for (const p of analysis.skipped) {
    io.stderr.write(`stateguard analyze: ${p.dir}: skipped, a ${p.runtime} project (runtime in Pulumi.yaml)\n`);
  }
  const debug = io.debug === true;
  let internal = false;
  for (const p of analysis.projects) {
    for (const e of p.errors) {
      io.stderr.write(`stateguard analyze: ${where(e)}: ${e.message}\n`);
      if (!e.internal) continue;
      internal = true;
      if (debug) io.stderr.write(`${e.internal.stack}\n`);
    }
  }
  if (internal) {
    io.stderr.write(
      `stateguard analyze: the analyzer failed on a project (a bug in stateguard, not in your code): the other projects were analysed; ${debug ? "" : "run again with --debug for the stack trace, and "}please report it.\n`,
    );
  }
  if (analysis.partial) {
    io.stderr.write(
      `stateguard analyze: the results are partial: ${internal ? "see the errors above" : "fix the input errors above and run again"}.\n`,
    );
  }
  const entry = analysis.projects.find((p) => p.entry !== null)?.entry ?? undefined;
  const report = reportOf(analysis.findings, analysis, entry);
  const color = io.stdout.isTTY === true && !process.env.NO_COLOR;
  if (format === "json") io.stdout.write(`${JSON.stringify(toJsonAnalysis(analysis, report), null, 2)}\n`);
  else if (format === "text") io.stdout.write(renderProjectsText(analysis) + renderReport(report, "text", { color }));
  else io.stdout.write(renderReport(report, format as ReportFormat, { color }));
  if (analysis.partial) return EXIT.usage;
  return report.verdict === "blocked" ? EXIT.findings : EXIT.ok;
}
