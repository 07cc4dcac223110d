import { parseArgs } from "node:util";
import { compareFindings, packageVersion } from "../../src/core/index.js";
import { renderReport, REPORT_FORMATS, type Report, type ReportItem } from "../../src/report/index.js";
import {
  AnalyzerInputError,
  applyAliasFixes,
  checkoutRevision,
  diffInventories,
  loadProject,
  predictResources,
} from "../../lint-rules/analyzer/index.js";
import { EXIT, UsageError, type Io } from "../io.js";

export const urnDiffHelp = `Usage: stateguard urn-diff --base <git-rev> [DIR] [--format text|json] [--fix]

Predicts the URNs the Pulumi project in DIR (default: .) registers at the git revision --base (read from git into
a temporary directory; the working tree is not touched) and in the working tree, and reports what a refactoring
would make the engine delete and re-create:
  - a URN that disappears while one of the same type appears (a rename, or a move to another parent), with the
    exact \`aliases\` entry to add, or a note when an existing alias already covers it;
  - a stateful resource (see \`stateguard catalog\`) no longer registered at all;
  - resources whose URN cannot be predicted (names from configuration, lookups, outputs), listed as unresolved.

Options:
  --base REV           the revision to compare with (a commit, branch or tag), required
  --format text|json|sarif|markdown|junit   (default: text)
  --fix                write the suggested aliases into the working tree's source (unambiguous pairs only)

Exit codes: 0 nothing found, 1 an uncovered rename or move, or a removed stateful resource, 2 bad input or usage
(no Pulumi.yaml, no tsconfig.json, a base revision that does not exist).`;

function status(severity: string): ReportItem["status"] {
  return severity === "error" ? "blocked" : severity === "warning" ? "warning" : "note";
}

export function urnDiff(argv: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { base: { type: "string" }, format: { type: "string" }, fix: { type: "boolean" } },
  });
  if (!values.base) throw new UsageError("--base <git-rev> is required");
  if (positionals.length > 1) throw new UsageError(`one directory at most, got ${positionals.length}`);
  const format = values.format ?? "text";
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(", ")}, not "${format}"`);
  }
  const dir = positionals[0] ?? ".";
  try {
    const head = loadProject(dir);
    const checkout = checkoutRevision(head.dir, values.base);
    let diff;
    try {
      const base = predictResources(loadProject(checkout.dir));
      diff = diffInventories(base, predictResources(head));
    } finally {
      checkout.cleanup();
    }
    const findings = [...diff.findings].sort(compareFindings);
    const report: Report = {
      tool: "stateguard",
      version: packageVersion(),
      command: "urn-diff",
      verdict: findings.some((f) => f.severity === "error") ? "blocked" : "passed",
      settings: { base: values.base, project: head.name },
      input: { base: checkout.commit, dir: head.dir },
      items: findings.map((finding) => ({ finding, status: status(finding.severity) })),
      passed: { unchanged: diff.unchanged, aliased: diff.aliased },
      programEntry: head.entry,
    };
    io.stdout.write(
      renderReport(report, format as (typeof REPORT_FORMATS)[number], {
        color: io.stdout.isTTY === true && !process.env.NO_COLOR,
      }),
    );
    if (values.fix) {
      const fixed = applyAliasFixes(head.dir, diff.suggestions);
      for (const a of fixed.applied) io.stderr.write(`fixed ${a.file}:${a.line}: added aliases: [${a.alias}]\n`);
      for (const s of fixed.skipped) io.stderr.write(`not fixed ${s.file}:${s.line}: ${s.reason}\n`);
    }
    return report.verdict === "blocked" ? EXIT.findings : EXIT.ok;
  } catch (e) {
    if (e instanceof AnalyzerInputError) {
      io.stderr.write(`stateguard urn-diff: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}
