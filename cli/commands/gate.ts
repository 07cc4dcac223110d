import { existsSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  catalogFromSettings,
  classifyStack,
  ConfigError,
  DEFAULT_SETTINGS,
  formatIssue,
  loadSettings,
  packageVersion,
  parseUrn,
} from "../../src/core/index.js";
import { REPORT_FORMATS, renderReport } from "../../src/report/index.js";
import { ApprovalsError, loadApprovals } from "../../gate/approvals.js";
import { BaselineError, loadBaseline, recordBaseline } from "../../gate/baseline.js";
import type { GateMode, GatePhase, OutputChangePolicy } from "../../gate/decide.js";
import { GateInputError, readGateInput } from "../../gate/input/read-input.js";
import { runGate } from "../../gate/run.js";
import { EXIT, UsageError, type Io } from "../io.js";

export const gateHelp = `Usage: stateguard gate [FILE|-] [options]

Reads what \`pulumi preview\` will do and blocks what would lose data: deletes and replacements of stateful
resources (including resources removed from the program), protect being removed, and, by mode, any replacement
or any change at all. FILE (default: standard input) is one of:
  - pulumi preview --json > preview.json
  - PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true pulumi preview --json > events.jsonl   (carries policy violations)
  - pulumi preview --save-plan plan.json

Options:
  --mode standard|no-replace|zero-diff   what to block (default: standard)
  --phase expand|contract                expand: only creates allowed; contract: every delete needs an approval
  --config FILE                          policy-config.json (catalog settings); default ./policy-config.json if present
  --stack NAME                           the stack approvals are matched against (default: from the URNs)
  --approvals FILE                       scoped approvals (YAML or JSON)
  --baseline FILE                        findings recorded there do not fail the run
  --output-changes fail|warn|ignore      zero-diff: updates of outputs only (default: warn)
  --format text|json|sarif|markdown|junit   (default: text)
  --output FILE                          write the report there instead of standard output
  --entry FILE                           the program entry (SARIF anchor for findings without a position)
  --path-prefix DIR                      SARIF: the project's directory in the repository, so code scanning finds files

  stateguard gate baseline [FILE|-] --output baseline.json [--mode ...]   records the current blocking findings

Exit codes: 0 nothing blocked, 1 blocked, 2 bad input or usage.`;

const MODES: readonly GateMode[] = ["standard", "no-replace", "zero-diff"];
const PHASES: readonly GatePhase[] = ["expand", "contract"];
const OUTPUT_CHANGES: readonly OutputChangePolicy[] = ["fail", "warn", "ignore"];

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${name} must be one of ${allowed.join(", ")}, not "${value}"`);
  return value as T;
}

export function gate(argv: string[], io: Io): number {
  const record = argv[0] === "baseline";
  const { values, positionals } = parseArgs({
    args: record ? argv.slice(1) : argv,
    allowPositionals: true,
    strict: true,
    options: {
      mode: { type: "string" },
      phase: { type: "string" },
      config: { type: "string" },
      stack: { type: "string" },
      approvals: { type: "string" },
      baseline: { type: "string" },
      "output-changes": { type: "string" },
      format: { type: "string" },
      output: { type: "string" },
      entry: { type: "string" },
      "path-prefix": { type: "string" },
    },
  });
  if (positionals.length > 1) throw new UsageError(`one input at most, got ${positionals.length}`);
  const mode = oneOf("mode", values.mode, MODES) ?? "standard";
  const phase = oneOf("phase", values.phase, PHASES);
  const outputChanges = oneOf("output-changes", values["output-changes"], OUTPUT_CHANGES);
  const format = oneOf("format", values.format, REPORT_FORMATS) ?? "text";
  if (record && !values.output) throw new UsageError("gate baseline needs --output FILE");

  try {
    const configFile = values.config ?? (existsSync("policy-config.json") ? "policy-config.json" : undefined);
    const settings = configFile ? loadSettings(configFile) : DEFAULT_SETTINGS;
    const input = readGateInput(positionals[0] ?? "-", io.readStdin);
    const stackName = values.stack ?? (input.steps[0] ? parseUrn(input.steps[0].urn)?.stack : undefined);
    const protectedStack =
      stackName !== undefined ? classifyStack({ stack: stackName }, settings).protected : undefined;
    const approvals = values.approvals ? loadApprovals(values.approvals) : undefined;
    const baseline = values.baseline && !record ? loadBaseline(values.baseline) : undefined;
    const report = runGate(input, {
      mode,
      catalog: catalogFromSettings(settings),
      version: packageVersion(),
      ...(protectedStack !== undefined ? { protectedStack } : {}),
      ...(phase ? { phase } : {}),
      ...(outputChanges ? { outputChanges } : {}),
      ...(values.stack ? { stack: values.stack } : {}),
      ...(approvals ? { approvals } : {}),
      ...(baseline ? { baseline } : {}),
      ...(values.entry ? { programEntry: values.entry } : {}),
    });
    if (record) {
      const recorded = recordBaseline(report.items, new Date());
      writeFileSync(values.output!, `${JSON.stringify(recorded, null, 2)}\n`);
      io.stdout.write(`recorded ${recorded.entries.length} finding(s) in ${values.output!}\n`);
      return EXIT.ok;
    }
    const rendered = renderReport(report, format, {
      color: !values.output && io.stdout.isTTY === true && !process.env.NO_COLOR,
      ...(values["path-prefix"] ? { pathPrefix: values["path-prefix"] } : {}),
    });
    if (values.output) writeFileSync(values.output, rendered);
    else io.stdout.write(rendered);
    return report.verdict === "blocked" ? EXIT.findings : EXIT.ok;
  } catch (e) {
    if (e instanceof GateInputError || e instanceof ApprovalsError || e instanceof BaselineError) {
      io.stderr.write(`stateguard gate: ${e.message}\n`);
      return EXIT.usage;
    }
    if (e instanceof ConfigError) {
      io.stderr.write(
        `stateguard gate: ${e.file}: invalid config\n${e.issues.map((i) => `  ${formatIssue(i)}\n`).join("")}`,
      );
      return EXIT.usage;
    }
    throw e;
  }
}
