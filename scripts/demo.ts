import { spawn } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { JsonReport } from "../src/report/json.js";
import {
  DEFAULT_POLICY_CONFIG,
  POLICY_PACK_DIR,
  REPO_ROOT,
  Workspace,
  prepareBench,
  type Bench,
} from "../test/engine/bench.js";

/**
 * The main job on the bundled example: the example platform's data stack under the real Pulumi engine, change by
 * change, the way a team meets stateguard in CI. Each step changes the program (a variant from
 * examples/platform/<stack>/story/ copied over it, or an edit), previews it with the policy pack, pipes the preview
 * into `stateguard gate`, and prints the verdict. The blocking steps' PR comments (Markdown) and SARIF are written
 * to the output directory. Exits 0 when every verdict is the expected one, 1 otherwise, 2 when the demo itself fails.
 */

const HELP = `Usage: node dist/scripts/demo.js [--out DIR]

Runs stateguard's story on the example platform (examples/platform) under the real Pulumi engine, offline.
  --out DIR   where the blocking steps' gate.md and gate.sarif go (default: test/.tmp/demo-out)
Exit codes: 0 every verdict as expected, 1 some verdict differed, 2 the demo could not run.`;

const PLATFORM = join(REPO_ROOT, "examples", "platform");
const CLI = join(REPO_ROOT, "bin", "stateguard.js");
const ESLINT = join(REPO_ROOT, "node_modules", "eslint", "bin", "eslint.js");
const DEFAULT_OUT = join(REPO_ROOT, "test", ".tmp", "demo-out");

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string) => (text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
const bold = paint("1");
const red = paint("31");
const green = paint("32");
const yellow = paint("33");
const cyan = paint("36");
const dim = paint("2");

const say = (text = ""): void => {
  process.stdout.write(`${text}\n`);
};

// ---------------------------------------------------------------------------------------------------------------
// Running things

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", fail);
    child.on("close", (code) => {
      done({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** A slow command: its command line as a progress line, then how long it took. */
async function progress<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  process.stdout.write(dim(`    $ ${label}`));
  try {
    return await work();
  } finally {
    say(dim(` (${((Date.now() - started) / 1000).toFixed(1)}s)`));
  }
}

/** A copy of one of the platform's stacks in its own workspace, with the component library beside it. */
function platformWorkspace(stack: string, bench: Bench): Workspace {
  const ws = new Workspace(join(PLATFORM, stack), bench);
  cpSync(join(PLATFORM, "lib"), join(ws.dir, "..", "lib"), {
    recursive: true,
    filter: (src) => !["story", "node_modules"].includes(basename(src)),
  });
  return ws;
}

/** Copies a story variant over the stack's program, as the change under review. */
function useVariant(ws: Workspace, stack: string, variant: string): void {
  copyFileSync(join(PLATFORM, stack, "story", variant), join(ws.dir, "index.ts"));
  say(dim(`    program: examples/platform/${stack}/story/${variant}`));
}

interface EngineEvent {
  diagnosticEvent?: { message: string; severity: string };
}

interface Preview {
  readonly code: number;
  /** The engine's own errors (a protected resource it refuses to delete, ...), deduplicated. */
  readonly engineErrors: readonly string[];
}

/**
 * What CI runs: `pulumi preview --json` with the pack, as the engine's event stream (so the pack's violations
 * reach the gate's report), saved to preview.json.
 */
async function preview(ws: Workspace, stack: string, extra: readonly string[] = []): Promise<Preview> {
  const args = [
    "preview",
    "--json",
    ...extra,
    "--policy-pack",
    POLICY_PACK_DIR,
    "--policy-pack-config",
    DEFAULT_POLICY_CONFIG,
  ];
  const label = `pulumi preview --stack ${stack} --json${extra.map((a) => ` ${a}`).join("")} --policy-pack stateguard/policy > preview.json`;
  const result = await progress(label, () =>
    ws.pulumi(args, { env: { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" } }),
  );
  writeFileSync(join(ws.dir, "preview.json"), result.stdout);
  const engineErrors = new Set<string>();
  for (const line of result.stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    let event: EngineEvent;
    try {
      event = JSON.parse(line) as EngineEvent;
    } catch {
      continue;
    }
    if (event.diagnosticEvent?.severity !== "error") continue;
    const text = event.diagnosticEvent.message
      .replace(/\u001b\[[0-9;]*m/g, "")
      .replace(/<\{%[^%]*%\}>/g, "")
      .replace(/\s+/g, " ")
      .trim()
      .replace(/^error: /, "");
    if (text && text !== "preview failed") engineErrors.add(text);
  }
  return { code: result.code, engineErrors: [...engineErrors] };
}

interface Gate {
  readonly code: number;
  readonly report: JsonReport;
  /** The gate's arguments after the input file, to render the same run in other formats. */
  readonly args: readonly string[];
}

async function gate(ws: Workspace, args: readonly string[]): Promise<Gate> {
  say(dim(`    $ stateguard gate preview.json${args.map((a) => ` ${a}`).join("")}`));
  const all = [CLI, "gate", "preview.json", "--config", DEFAULT_POLICY_CONFIG, ...args];
  const result = await run(process.execPath, [...all, "--format", "json"], ws.dir);
  if (result.code !== 0 && result.code !== 1) {
    throw new Error(`stateguard gate exited ${result.code}: ${result.stderr.trim()}`);
  }
  return { code: result.code, report: JSON.parse(result.stdout) as JsonReport, args };
}

// ---------------------------------------------------------------------------------------------------------------
// Printing

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const end = flat.search(/\. (?=[A-Z])/);
  return end > 0 ? flat.slice(0, end + 1) : flat;
}

/** A policy violation as the gate carries it: "pack/policy (level): what: why. Fix: ...". */
function policyParts(message: string): { policy: string; what: string; fix?: string } {
  const m = /^(\S+) \((\w+)\): ([\s\S]*)$/.exec(message.trim());
  if (!m) return { policy: "", what: firstSentence(message) };
  const [body = "", fix] = (m[3] ?? "").split(/\nFix: /);
  const clause = body.replace(/\s+/g, " ").search(/: (?=[a-z])/);
  const flat = body.replace(/\s+/g, " ");
  return {
    policy: `${(m[1] ?? "").replace(/^stateguard\//, "")} (${m[2] ?? ""})`,
    what: clause > 0 ? flat.slice(0, clause) : firstSentence(flat),
    ...(fix ? { fix: firstSentence(fix) } : {}),
  };
}

const STATUS_LABEL: Record<string, (t: string) => string> = {
  blocked: (t) => red(t),
  warning: (t) => yellow(t),
  approved: (t) => green(t),
  baselined: (t) => dim(t),
  note: (t) => cyan(t),
};

function printEngineErrors(p: Preview): void {
  for (const e of p.engineErrors) say(`    ${red("engine")} ${e}`);
}

function printGate(g: Gate): void {
  // The pack's violations of one resource, one entry: several policies often say the same thing about it.
  const violations = new Map<string, { status: string; policies: string[]; what: string; fix?: string }>();
  for (const f of g.report.findings) {
    const who = f.resource?.name ? ` ${bold(f.resource.name)}` : "";
    const status = (STATUS_LABEL[f.status] ?? ((t: string) => t))(f.status.padEnd(8));
    if (f.code === "POLICY_VIOLATION") {
      const p = policyParts(f.message);
      const key = `${status}${who}`;
      const seen = violations.get(key);
      if (!seen) violations.set(key, { status, policies: [p.policy], what: p.what, ...(p.fix ? { fix: p.fix } : {}) });
      else {
        seen.policies.push(p.policy);
        if (p.what.length < seen.what.length) seen.what = p.what;
        if (p.fix && (!seen.fix || p.fix.length < seen.fix.length)) seen.fix = p.fix;
      }
      continue;
    }
    say(`    ${status} ${f.code}${who}`);
    say(`      ${dim(firstSentence(f.message))}`);
    if (f.fix && f.status === "blocked") say(`      fix: ${firstSentence(f.fix)}`);
    if (f.approval) {
      const a = f.approval;
      say(`      approved: "${a.reason}" (expires ${a.expires}${a.reference ? `, ${a.reference}` : ""}; ${a.origin})`);
    }
  }
  for (const [key, v] of violations) {
    say(`    ${key} ${dim(`POLICY_VIOLATION ${v.policies.join(", ")}`)}`);
    say(`      ${dim(v.what)}`);
    if (v.fix && v.status.includes("blocked")) say(`      fix: ${v.fix}`);
  }
  const passed = Object.entries(g.report.passed)
    .map(([kind, n]) => `${n} ${kind}${n === 1 ? "" : "s"}`)
    .join(", ");
  say(dim(`    gate: ${g.report.verdict}${passed ? `; passed without findings: ${passed}` : ""}`));
}

// ---------------------------------------------------------------------------------------------------------------
// The story

type Verdict = "passes" | "blocked";

interface Outcome {
  readonly verdict: Verdict;
  /** Warnings that did not block (advisory policy violations...). */
  readonly warnings?: number;
  /** Why the outcome is not the one the story expects, beyond the verdict. */
  readonly problem?: string;
  /** The gate run whose reports (Markdown, SARIF) the output directory gets, for a blocking step. */
  readonly gate?: { readonly ws: Workspace; readonly run: Gate };
}

interface Step {
  readonly id: string;
  readonly title: string;
  /** One or two sentences: what happens, in the words of the team it happens to. */
  readonly story: string;
  readonly expect: Verdict;
  run(): Promise<Outcome>;
}

/** The codes a gate run must report (with any status), or a problem naming those missing. */
function missingCodes(g: Gate, codes: readonly string[]): string | undefined {
  const found = new Set(g.report.findings.map((f) => f.code));
  const missing = codes.filter((c) => !found.has(c));
  return missing.length > 0 ? `expected the gate to report ${missing.join(", ")}` : undefined;
}

/** Preview with the pack, then the gate: blocked when either says so. */
async function pipeline(
  ws: Workspace,
  stack: string,
  gateArgs: readonly string[],
  expectCodes: readonly string[] = [],
  previewArgs: readonly string[] = [],
): Promise<Outcome & { run: Gate }> {
  const p = await preview(ws, stack, previewArgs);
  const g = await gate(ws, gateArgs);
  printEngineErrors(p);
  printGate(g);
  const blocked = p.code !== 0 || g.code !== 0;
  const warnings = g.report.findings.filter((f) => f.status === "warning").length;
  const problem = missingCodes(g, expectCodes);
  return {
    verdict: blocked ? "blocked" : "passes",
    warnings,
    run: g,
    ...(problem ? { problem } : {}),
    ...(blocked ? { gate: { ws, run: g } } : {}),
  };
}

/** A date `days` from today, YYYY-MM-DD (UTC): approvals carry an expiry. */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Writes an approvals file into the workspace and shows it, as the reviewed file a team commits. */
function writeApprovals(ws: Workspace, yaml: string): void {
  writeFileSync(join(ws.dir, "approvals.yaml"), yaml);
  say(dim("    approvals.yaml:"));
  for (const line of yaml.trimEnd().split("\n")) say(dim(`      ${line}`));
}

/** Pastes the gate's suggested alias into the resource options of the resource it names, as a user would. */
function pasteAlias(ws: Workspace, fix: string): void {
  const m = /add `(aliases: \[[^`]*\])` to the resource options of "([^"]+)"/.exec(fix);
  if (!m) throw new Error(`the gate suggested no alias to paste: ${fix}`);
  const [, alias, name] = m as unknown as [string, string, string];
  const file = join(ws.dir, "index.ts");
  const source = readFileSync(file, "utf8");
  // The resource's declaration: its name as a string argument, outside comments.
  let at = -1;
  let offset = 0;
  for (const line of source.split("\n")) {
    const column = line.trimStart().startsWith("//") ? -1 : line.indexOf(`"${name}",`);
    if (column >= 0) {
      at = offset + column;
      break;
    }
    offset += line.length + 1;
  }
  const options = at < 0 ? -1 : source.indexOf("{ protect }", at);
  if (options < 0) throw new Error(`no \`{ protect }\` options after the declaration of "${name}" in index.ts`);
  const edited = `${source.slice(0, options)}{ protect, ${alias} }${source.slice(options + "{ protect }".length)}`;
  writeFileSync(file, edited);
  const lineNo = edited.slice(0, options).split("\n").length;
  say(dim(`    index.ts:${lineNo} now reads:`));
  say(`      ${edited.split("\n")[lineNo - 1]?.trim() ?? ""}`);
}

interface EslintMessage {
  ruleId: string | null;
  message: string;
  line: number;
  column: number;
}

/** Lints a scratch copy of the platform, with one library file replaced by a story variant. */
async function lintVariant(libFile: string, variant: string): Promise<Outcome> {
  const root = mkdtempSync(join(REPO_ROOT, "test", ".tmp", "ws", "lint-"));
  const copy = join(root, "platform");
  cpSync(PLATFORM, copy, { recursive: true, filter: (src) => basename(src) !== "node_modules" });
  copyFileSync(join(PLATFORM, "lib", "story", variant), join(copy, "lib", libFile));
  say(dim(`    lib/${libFile}: examples/platform/lib/story/${variant}`));
  const result = await progress("eslint . (examples/platform/eslint.config.mjs: stateguard/eslint recommended)", () =>
    run(process.execPath, [ESLINT, ".", "--format", "json"], copy),
  );
  if (result.code !== 0 && result.code !== 1) throw new Error(`eslint exited ${result.code}: ${result.stderr.trim()}`);
  const files = JSON.parse(result.stdout) as { filePath: string; messages: EslintMessage[] }[];
  const problems = files.flatMap((f) => f.messages.map((m) => ({ file: relative(copy, f.filePath), ...m })));
  for (const p of problems) {
    say(`    ${red("error")} ${p.ruleId ?? "(parse)"} ${bold(`${p.file}:${p.line}:${p.column}`)}`);
    say(`      ${dim(firstSentence(p.message))}`);
  }
  say(dim(`    eslint: ${files.length} files, ${problems.length} problem${problems.length === 1 ? "" : "s"}`));
  const unexpected = problems.filter(
    (p) => p.ruleId !== "stateguard/no-conditional-resource" || p.file !== join("lib", libFile),
  );
  const caught = problems.length > unexpected.length;
  return {
    verdict: result.code === 0 ? "passes" : "blocked",
    ...(!caught
      ? { problem: "expected stateguard/no-conditional-resource to report the variant" }
      : unexpected.length > 0
        ? {
            problem: `unexpected lint problems: ${unexpected.map((p) => `${p.file}:${p.line} ${p.ruleId ?? ""}`).join(", ")}`,
          }
        : {}),
  };
}

function buildSteps(bench: Bench): Step[] {
  const prod = platformWorkspace("data", bench);
  const dev = platformWorkspace("data", bench);
  const lintRuleExists = existsSync(join(REPO_ROOT, "lint-rules", "eslint", "rules", "no-conditional-resource.ts"));
  let aliasFix = "";
  const ordersV1 = "urn:pulumi:prod::platform-data::aws:dynamodb/table:Table::orders-v1";

  return [
    {
      id: "prod-unprotected",
      title: "prod: the data stores are declared without protect",
      story: "The data stack's production stack, before the team adopts stateguard: nothing is protected.",
      expect: "blocked",
      run: async () => {
        await prod.initStack("prod");
        return pipeline(prod, "prod", [], ["POLICY_VIOLATION"]);
      },
    },
    {
      id: "dev-advisory",
      title: "dev: the same code on a development stack",
      story: "On stacks that are not protected the pack only advises.",
      expect: "passes",
      run: async () => {
        await dev.initStack("dev");
        return pipeline(dev, "dev", [], ["POLICY_VIOLATION"]);
      },
    },
    {
      id: "prod-protected",
      title: "prod: protect set on every data store",
      story: "The team sets `pulumi config set protect true` on prod.",
      expect: "passes",
      run: async () => {
        await prod.pulumiOk(["config", "set", "protect", "true"]);
        return pipeline(prod, "prod", []);
      },
    },
    {
      id: "database-removed",
      title: "prod: deployed, then a change drops the orders database from the program",
      story: "Someone deletes the database's declaration. The engine's protect refuses; the gate says why.",
      expect: "blocked",
      run: async () => {
        await progress("pulumi up --yes (prod)", () => prod.pulumiOk(["up", "--yes", "--skip-preview"]));
        useVariant(prod, "data", "database-removed.ts");
        return pipeline(prod, "prod", [], ["STATEFUL_DELETE"]);
      },
    },
    {
      id: "refactor-with-aliases",
      title: "prod: a refactor moves the uploads bucket and its index into a DataStore component, with aliases",
      story:
        "The gate in zero-diff mode: nothing may change in the cloud, moves are listed, and the new component (which " +
        "has no cloud resource) is noted.",
      expect: "passes",
      run: async () => {
        useVariant(prod, "data", "datastore-refactor.ts");
        const outcome = await pipeline(prod, "prod", ["--mode", "zero-diff"], ["MOVED"], ["--show-sames"]);
        const moved = outcome.run.report.findings.filter((f) => f.code === "MOVED").length;
        return moved === 2 ? outcome : { ...outcome, problem: `expected 2 moves listed, got ${moved}` };
      },
    },
    {
      id: "rename-without-alias",
      title: 'prod: the order events queue renamed ("order-events" -> "orders-events") without an alias',
      story: "To the engine a new name is a new resource: delete the old queue with its messages, create an empty one.",
      expect: "blocked",
      run: async () => {
        useVariant(prod, "data", "queue-renamed.ts");
        const outcome = await pipeline(prod, "prod", [], ["STATEFUL_DELETE"]);
        aliasFix = outcome.run.report.findings.find((f) => f.code === "STATEFUL_DELETE")?.fix ?? "";
        return aliasFix.includes("aliases:") ? outcome : { ...outcome, problem: "expected an alias suggestion" };
      },
    },
    {
      id: "rename-alias-pasted",
      title: "prod: the alias the gate suggested, pasted into the program",
      story: "The author pastes the suggestion; the engine now sees the same queue under its new name.",
      expect: "passes",
      run: async () => {
        pasteAlias(prod, aliasFix);
        return pipeline(prod, "prod", []);
      },
    },
    {
      id: "database-replaced",
      title: "prod: the orders database switched to another engine",
      story: "The provider can only change an instance's engine by replacing it: a new, empty database.",
      expect: "blocked",
      run: async () => {
        useVariant(prod, "data", "database-engine-changed.ts");
        const outcome = await pipeline(prod, "prod", [], ["STATEFUL_REPLACE"]);
        const named = outcome.run.report.findings.some(
          (f) => f.code === "STATEFUL_REPLACE" && f.message.includes('engine: "postgres" -> "mysql"'),
        );
        return named ? outcome : { ...outcome, problem: "expected the replacement to name the engine property" };
      },
    },
    {
      id: "expand",
      title: "prod: expand - orders-v2 (a new key schema) is added beside orders-v1",
      story: "The migration's first PR, gated with --phase expand: only creates are allowed. Then it is deployed.",
      expect: "passes",
      run: async () => {
        useVariant(prod, "data", "orders-v2-expand.ts");
        const outcome = await pipeline(prod, "prod", ["--phase", "expand"]);
        if (outcome.verdict === "passes") {
          await progress("pulumi up --yes (prod)", () => prod.pulumiOk(["up", "--yes", "--skip-preview"]));
        }
        return outcome;
      },
    },
    {
      id: "contract",
      title: "prod: contract - orders-v1 is removed once the data is in orders-v2",
      story: "Gated with --phase contract: every delete needs an approval, and orders-v1 is still protected.",
      expect: "blocked",
      run: async () => {
        useVariant(prod, "data", "orders-v2-contract.ts");
        return pipeline(prod, "prod", ["--phase", "contract"], ["CONTRACT_DELETE", "STATEFUL_DELETE"]);
      },
    },
    {
      id: "contract-approved",
      title: "prod: contract, approved - the delete of orders-v1 approved, and orders-v1 unprotected",
      story:
        "The migration's owner records an approval with a reason and an expiry, and unprotects orders-v1 in its own " +
        "reviewed step, as the engine asks. The approval stays in the report: the audit trail.",
      expect: "passes",
      run: async () => {
        writeApprovals(
          prod,
          [
            "approvals:",
            "  - stack: prod",
            `    urn: "${ordersV1}"`,
            "    operation: delete",
            '    reason: "orders-v1 replaced by orders-v2 (customerId/orderId keys); backfill verified, readers switched"',
            `    expires: ${inDays(14)}`,
            "    reference: CHG-2041",
            "",
          ].join("\n"),
        );
        await progress(`pulumi state unprotect ${ordersV1} --yes`, () =>
          prod.pulumiOk(["state", "unprotect", ordersV1, "--yes"]),
        );
        return pipeline(prod, "prod", ["--phase", "contract", "--approvals", "approvals.yaml"], ["CONTRACT_DELETE"]);
      },
    },
    {
      id: "lint-conditional",
      title: "lib: the DataStore component made conditional, caught by stateguard/eslint",
      story:
        "A library change creates the bucket only when the caller asks for it. No preview shows anything yet; " +
        "the lint rule no-conditional-resource catches it in the editor and in CI.",
      expect: "blocked",
      run: async () => {
        if (!lintRuleExists) {
          say(yellow("    skipped: the lint rules are not built yet"));
          return { verdict: "blocked" };
        }
        return lintVariant("data-store.ts", "data-store-conditional.ts");
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Reports of the blocking steps

interface Written {
  readonly step: Step;
  readonly index: number;
  readonly markdown: string;
  readonly sarif: { runs: Record<string, unknown>[] };
}

async function writeStepReports(
  step: Step,
  index: number,
  g: { ws: Workspace; run: Gate },
  out: string,
): Promise<Written> {
  const dir = join(out, "steps", `${String(index).padStart(2, "0")}-${step.id}`);
  mkdirSync(dir, { recursive: true });
  const base = [CLI, "gate", "preview.json", "--config", DEFAULT_POLICY_CONFIG, ...g.run.args];
  await Promise.all(
    ["markdown", "sarif"].map(async (format) => {
      const file = join(dir, format === "markdown" ? "gate.md" : "gate.sarif");
      const result = await run(process.execPath, [...base, "--format", format, "--output", file], g.ws.dir);
      if (result.code !== 1)
        throw new Error(`stateguard gate --format ${format} exited ${result.code}: ${result.stderr}`);
    }),
  );
  return {
    step,
    index,
    markdown: readFileSync(join(dir, "gate.md"), "utf8"),
    sarif: JSON.parse(readFileSync(join(dir, "gate.sarif"), "utf8")) as { runs: Record<string, unknown>[] },
  };
}

/** One gate.md with every blocking step's PR comment, one gate.sarif with one run per blocking step. */
function writeCombinedReports(written: readonly Written[], out: string): void {
  const markdown = [
    "# stateguard demo: the PR comments of the blocking steps",
    "",
    "Each section is what `stateguard gate --format markdown` posts on the pull request of that step.",
    "",
    ...written.flatMap((w) => [
      `## Step ${w.index}: ${w.step.title}`,
      "",
      // One level down, under the step's heading.
      w.markdown.trimEnd().replace(/^(#{2,5}) /gm, "#$1 "),
      "",
    ]),
  ].join("\n");
  writeFileSync(join(out, "gate.md"), markdown);
  const runs = written.flatMap((w) =>
    w.sarif.runs.map((r) => ({ ...r, automationDetails: { id: `stateguard-demo/${w.step.id}/` } })),
  );
  writeFileSync(
    join(out, "gate.sarif"),
    `${JSON.stringify({ $schema: "https://json.schemastore.org/sarif-2.1.0.json", version: "2.1.0", runs }, null, 2)}\n`,
  );
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: "string" }, help: { type: "boolean" } }, strict: true });
  if (values.help) {
    say(HELP);
    return 0;
  }
  const out = resolve(values.out ?? DEFAULT_OUT);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const started = Date.now();
  say(`${bold("stateguard demo")}: the example platform's data stack under the real Pulumi engine, change by change`);
  say(dim("Each step: pulumi preview with the stateguard pack, piped into stateguard gate, as CI runs them"));
  say(
    dim(
      "(PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true: the preview is the engine's event stream, policy violations included).",
    ),
  );
  const bench = prepareBench();
  if (bench.substituteLanguageHost) {
    say(dim("(the Node.js language host is stateguard's substitute; see test/engine/language-host)"));
  }
  const steps = buildSteps(bench);

  let unexpected = 0;
  const written: Written[] = [];
  for (const [i, step] of steps.entries()) {
    const index = i + 1;
    say();
    say(bold(`${index}. ${step.title}`));
    say(`   ${step.story}`);
    const outcome = await step.run();
    const asExpected = outcome.verdict === step.expect && outcome.problem === undefined;
    if (!asExpected) unexpected++;
    const warnings = outcome.warnings ?? 0;
    const label =
      outcome.verdict === "blocked"
        ? red("BLOCKED")
        : warnings > 0
          ? yellow(`PASSES with ${warnings} warning${warnings === 1 ? "" : "s"}`)
          : green("PASSES");
    const why =
      outcome.verdict !== step.expect ? ` (expected: ${step.expect})` : outcome.problem ? ` (${outcome.problem})` : "";
    say(`  verdict: ${label}${asExpected ? "" : red(why)}`);
    if (outcome.verdict === "blocked" && outcome.gate)
      written.push(await writeStepReports(step, index, outcome.gate, out));
  }
  writeCombinedReports(written, out);

  say();
  say(
    `Reports of the blocking steps (PR comment and SARIF): ${relative(process.cwd(), out) || "."}/gate.md, gate.sarif`,
  );
  say(dim(`  one directory per step under ${relative(process.cwd(), join(out, "steps"))}/`));
  const seconds = Math.round((Date.now() - started) / 1000);
  say(
    unexpected === 0
      ? green(`Every verdict was the expected one (${steps.length} steps, ${seconds}s).`)
      : red(`${unexpected} of ${steps.length} verdicts differed from the story.`),
  );
  return unexpected === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`stateguard demo failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
