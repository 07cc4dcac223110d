import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ESLint, type Linter } from "eslint";
import ts from "typescript";
import tseslint from "typescript-eslint";
import stateguard, { rules as allRules } from "../lint-rules/eslint/index.js";

/**
 * The lint rules' precision study on real code: runs the `strict` preset over every repository checked out under a
 * directory and writes each finding (repository, file:line, rule, message) as JSON, so the study can be redone on
 * newer commits or other repositories. With a classification file (one verdict per finding, written by a reader),
 * it also computes precision per rule and lists the findings nobody has classified yet.
 *
 *   node dist/scripts/precision.js [--dir /work/scratch/precision] [--out FILE] [--classifications FILE]
 *                                  [--repo owner__name ...] [--markdown]
 *   node dist/scripts/precision.js --summarize FILE [--classifications FILE]   (the table of an earlier run)
 *
 * Each subdirectory of --dir holding a git checkout is one repository, named `owner__name` (the owner/name it was
 * cloned from). Its dependencies must be resolvable from the files (a node_modules in the repository or above it,
 * e.g. one shared node_modules in --dir): the rules recognise Pulumi things through the type checker, so without
 * the SDKs' declarations they find nothing. Files are type-checked with the repository's own tsconfig.json files
 * (typescript-eslint's project service); files no tsconfig.json covers go into one fallback program per repository.
 * Generated files (a "generated ... do not edit" header, like the Pulumi SDK generator's) are skipped and counted.
 *
 * A rule that throws is a crash: recorded with its file and message, and the run goes on with the next file.
 * A repository is linted in batches of a few projects, each batch in its own process: the project service keeps
 * every program it opens, and a monorepo of a hundred programs would not fit in one process.
 * Exit code: 0, or 1 when a rule crashed.
 */

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, here.includes(join("dist", "scripts")) ? "../.." : "..");

const TS_FILE = /\.(?:ts|tsx|mts|cts)$/;
const DECLARATION_FILE = /\.d\.(?:ts|mts|cts)$/;
const SKIPPED_DIRS = new Set(["node_modules", ".git", "dist", "bin", "build", "coverage", ".pulumi"]);
const GENERATED_HEADER = /this file was generated|do not edit|@generated|auto-generated/i;
const NOT_IN_PROJECT =
  /was not found by the project service|not included in|none of those TSConfigs include this file/i;

export interface Finding {
  readonly repo: string;
  /** Path relative to the repository, with forward slashes. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly rule: string;
  readonly messageId: string;
  readonly message: string;
}

export interface RepoResult {
  readonly repo: string;
  readonly commit: string;
  /** Files the rules ran on. */
  readonly files: number;
  /** Of those, files that no tsconfig.json covers (linted in the fallback program). */
  readonly fallbackFiles: number;
  readonly generatedSkipped: number;
  /** Files that could not be parsed: { file, message }. */
  readonly notLinted: readonly { file: string; message: string }[];
  readonly crashes: readonly { file: string; message: string }[];
  readonly findings: readonly Finding[];
}

export interface Classification {
  readonly repo: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly rule: string;
  readonly verdict: "tp" | "fp";
  /** One line, in the reader's words: why it is a true or a false positive. */
  readonly note: string;
  /**
   * Why a false positive is one: `open` (a rule bug left), or a documented design decision of the rules:
   * `program-module` (the top level of a program module the rules cannot recognise, e.g. with no Pulumi.yaml above
   * it: `settings.stateguard.programFiles` covers it), `program-function` (a function of the program, called once by
   * its entry: library code by the rules' definition, which no setting changes), `test` (test code under a name
   * `settings.stateguard.testFiles` does not match by default: the setting covers it), `context` (an invoke that
   * reads the provider's or the caller's context, not infrastructure), `owned` (a read of a resource the same code
   * creates), `design` (other).
   */
  readonly cause?: "open" | "program-module" | "program-function" | "test" | "context" | "owned" | "design";
  /**
   * A finding of an earlier run that a rule change removed: a false positive that was fixed, or a true positive
   * that was lost with it. Kept for the record; not counted in the precision of the current run.
   */
  readonly status?: "fixed" | "lost";
}

/** False positives a user removes by configuration: program modules (`programFiles`) and test files (`testFiles`). */
const CONFIGURABLE = new Set(["program-module", "test"]);

export interface RuleSummary {
  readonly rule: string;
  readonly findings: number;
  readonly tp: number;
  readonly fp: number;
  readonly unclassified: number;
  /** tp / (tp + fp); null when nothing is classified. */
  readonly precision: number | null;
  /** tp / (tp + fp) without the false positives a user removes by configuration (`CONFIGURABLE`). */
  readonly configuredPrecision: number | null;
  /** Findings of earlier runs removed by rule changes: false positives fixed, true positives lost. */
  readonly fixed: number;
  readonly lost: number;
}

export function findingKey(f: Pick<Finding, "repo" | "file" | "line" | "column" | "rule">): string {
  return `${f.repo}:${f.file}:${f.line}:${f.column}:${f.rule}`;
}

/** `owner__name` -> `owner/name`. */
function repoName(dir: string): string {
  return basename(dir).replace("__", "/");
}

function tsFiles(dir: string, base: string = dir, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) tsFiles(join(dir, entry.name), base, found);
    } else if (entry.isFile() && TS_FILE.test(entry.name) && !DECLARATION_FILE.test(entry.name)) {
      found.push(join(dir, entry.name));
    }
  }
  return found;
}

function isGenerated(file: string): boolean {
  const head = readFileSync(file, "utf8").split("\n", 5).join("\n");
  return GENERATED_HEADER.test(head);
}

function strictConfig(repoDir: string, parserOptions: Linter.ParserOptions): Linter.Config[] {
  return [
    {
      files: ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"],
      languageOptions: { parser: tseslint.parser, parserOptions: { tsconfigRootDir: repoDir, ...parserOptions } },
    },
    stateguard.configs.strict as Linter.Config,
  ];
}

const IMPORT_EXTENSIONS = ["", ".ts", ".tsx", ".mts", ".cts", "/index.ts", "/index.tsx"];

/** The file a relative import names, when it is one of ours (`./x`, `./x.js` -> `./x.ts`, `./dir` -> index). */
function resolveRelativeImport(from: string, specifier: string, known: ReadonlySet<string>): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = resolve(dirname(from), specifier);
  const candidates = IMPORT_EXTENSIONS.map((ext) => base + ext);
  const js = /\.[cm]?js$/.exec(base);
  if (js) candidates.push(base.slice(0, -js[0].length) + js[0].replace("js", "ts"));
  return candidates.find((c) => known.has(c));
}

/**
 * The files some tsconfig.json of the repository covers, as TypeScript's project service sees it: the nearest
 * tsconfig.json above a file includes it, directly or through relative imports from the files it includes. The
 * project service would put every other file in an inferred project of its own (slow, and then refused), so those
 * go to the fallback program straight away. An approximation: a file it gets wrong is still linted, by the other way.
 */
function coveringConfigs(repoDir: string, files: readonly string[]): Map<string, string> {
  const known = new Set(files);
  const nearestConfig = (file: string): string | undefined => {
    for (let dir = dirname(file); dir.startsWith(repoDir); dir = dirname(dir)) {
      const config = join(dir, "tsconfig.json");
      if (existsSync(config)) return config;
      if (dir === repoDir) break;
    }
    return undefined;
  };
  const included = new Map<string, Set<string>>();
  const closureOf = (config: string): Set<string> => {
    const cached = included.get(config);
    if (cached) return cached;
    const closure = new Set<string>();
    included.set(config, closure);
    let roots: string[] = [];
    try {
      const parsed = ts.getParsedCommandLineOfConfigFile(
        config,
        {},
        {
          ...ts.sys,
          onUnRecoverableConfigFileDiagnostic: () => undefined,
        },
      );
      roots = (parsed?.fileNames ?? []).map((f) => resolve(f)).filter((f) => known.has(f));
    } catch {
      roots = [];
    }
    const queue = [...roots];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (closure.has(file)) continue;
      closure.add(file);
      const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
      for (const imported of importedFiles) {
        const target = resolveRelativeImport(file, imported.fileName, known);
        if (target && !closure.has(target)) queue.push(target);
      }
    }
    return closure;
  };
  const covering = new Map<string, string>();
  for (const file of files) {
    const config = nearestConfig(file);
    if (config !== undefined && closureOf(config).has(file)) covering.set(file, config);
  }
  return covering;
}

/** A tsconfig.json for the files no tsconfig of the repository covers, next to the repository. */
function fallbackTsconfig(repoDir: string, files: readonly string[]): string {
  const dir = join(dirname(repoDir), ".stateguard-precision");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${basename(repoDir)}.tsconfig.json`);
  const config = {
    compilerOptions: {
      target: "ES2022",
      module: "ESNext",
      moduleResolution: "Bundler",
      esModuleInterop: true,
      skipLibCheck: true,
      strict: false,
      noEmit: true,
      types: ["node"],
      jsx: "react-jsx",
    },
    files,
  };
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

interface FileOutcome {
  readonly messages: readonly Linter.LintMessage[];
  readonly crash?: string;
}

async function lintOne(eslint: ESLint, file: string): Promise<FileOutcome> {
  try {
    const [result] = await eslint.lintFiles([file]);
    return { messages: result?.messages ?? [] };
  } catch (error) {
    return { messages: [], crash: error instanceof Error ? error.message : String(error) };
  }
}

/** What one worker process lints: the files of a few tsconfig projects, and files for a fallback program. */
interface Batch {
  readonly repoDir: string;
  readonly service: readonly string[];
  readonly fallback: readonly string[];
}

interface BatchResult {
  readonly findings: Finding[];
  readonly crashes: { file: string; message: string }[];
  readonly notLinted: { file: string; message: string }[];
  /** Files linted in the fallback program (the batch's, and those the project service refused). */
  readonly fallbackFiles: number;
}

/** Projects per worker process: the project service keeps every program it opens until the process ends. */
const PROJECTS_PER_WORKER = 6;
const FALLBACK_FILES_PER_WORKER = 40;

/** Lints one batch (in a worker process). */
async function lintBatch({ repoDir, service: inProjects, fallback: outside }: Batch): Promise<BatchResult> {
  const repo = repoName(repoDir);
  const rel = (f: string): string => relative(repoDir, f).split(sep).join("/");
  const result: BatchResult = { findings: [], crashes: [], notLinted: [], fallbackFiles: 0 };
  const uncovered = [...outside];

  const collect = (file: string, outcome: FileOutcome, fallback: boolean): void => {
    if (outcome.crash !== undefined) {
      result.crashes.push({ file: rel(file), message: outcome.crash });
      return;
    }
    for (const m of outcome.messages) {
      if (m.fatal) {
        if (!fallback && NOT_IN_PROJECT.test(m.message)) uncovered.push(file);
        else result.notLinted.push({ file: rel(file), message: m.message });
        continue;
      }
      if (!m.ruleId?.startsWith("stateguard/")) continue;
      result.findings.push({
        repo,
        file: rel(file),
        line: m.line,
        column: m.column,
        rule: m.ruleId.slice("stateguard/".length),
        messageId: m.messageId ?? "",
        message: m.message,
      });
    }
  };

  if (inProjects.length > 0) {
    const service = new ESLint({
      cwd: repoDir,
      overrideConfigFile: true,
      overrideConfig: strictConfig(repoDir, { projectService: true }),
      errorOnUnmatchedPattern: false,
    });
    for (const file of inProjects) collect(file, await lintOne(service, file), false);
  }
  if (uncovered.length > 0) {
    const fallback = new ESLint({
      cwd: repoDir,
      overrideConfigFile: true,
      overrideConfig: strictConfig(repoDir, { project: fallbackTsconfig(repoDir, uncovered) }),
      errorOnUnmatchedPattern: false,
    });
    for (const file of uncovered) collect(file, await lintOne(fallback, file), true);
  }
  return { ...result, fallbackFiles: uncovered.length };
}

/** Splits a repository's files into batches: a few tsconfig projects each, the other files in chunks. */
function batchesOf(repoDir: string, files: readonly string[]): Batch[] {
  const covering = coveringConfigs(repoDir, files);
  const projects = new Map<string, string[]>();
  const outside: string[] = [];
  for (const file of files) {
    const config = covering.get(file);
    if (config === undefined) outside.push(file);
    else projects.set(config, [...(projects.get(config) ?? []), file]);
  }
  const batches: Batch[] = [];
  const groups = [...projects.values()];
  for (let i = 0; i < groups.length; i += PROJECTS_PER_WORKER) {
    batches.push({ repoDir, service: groups.slice(i, i + PROJECTS_PER_WORKER).flat(), fallback: [] });
  }
  // Neighbouring files share dependencies: chunk them in path order.
  outside.sort();
  for (let i = 0; i < outside.length; i += FALLBACK_FILES_PER_WORKER) {
    batches.push({ repoDir, service: [], fallback: outside.slice(i, i + FALLBACK_FILES_PER_WORKER) });
  }
  return batches;
}

/** Runs a batch in a child process, so the programs it opens are freed afterwards. */
function lintInChild(batch: Batch): Promise<BatchResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--max-old-space-size=6144", fileURLToPath(import.meta.url), "--worker"], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => (out += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) {
        reject(new Error(`linting a batch of ${batch.repoDir} exited with code ${String(code)}`));
        return;
      }
      resolvePromise(JSON.parse(out) as BatchResult);
    });
    child.stdin.end(JSON.stringify(batch));
  });
}

/** Lints one repository, batch by batch. */
async function lintRepo(repoDir: string): Promise<RepoResult> {
  let commit: string;
  try {
    commit = execFileSync("git", ["-C", repoDir, "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    commit = "unknown";
  }
  const all = tsFiles(repoDir);
  const generated = all.filter(isGenerated);
  const files = all.filter((f) => !generated.includes(f));
  const results: BatchResult[] = [];
  for (const batch of batchesOf(repoDir, files)) results.push(await lintInChild(batch));
  const notLinted = results.flatMap((r) => r.notLinted);
  return {
    repo: repoName(repoDir),
    commit,
    files: files.length - notLinted.length,
    fallbackFiles: results.reduce((n, r) => n + r.fallbackFiles, 0),
    generatedSkipped: generated.length,
    notLinted,
    crashes: results.flatMap((r) => r.crashes),
    findings: results.flatMap((r) => r.findings),
  };
}

async function readStdin(): Promise<string> {
  let text = "";
  process.stdin.setEncoding("utf8");
  for await (const chunk of process.stdin) text += chunk as string;
  return text;
}

export function summarize(
  findings: readonly Finding[],
  classifications: readonly Classification[],
): { rules: RuleSummary[]; unclassified: Finding[]; stale: Classification[] } {
  const current = classifications.filter((c) => c.status === undefined);
  const verdicts = new Map(current.map((c) => [findingKey(c), c.verdict]));
  const causes = new Map(current.map((c) => [findingKey(c), c.cause]));
  const seen = new Set(findings.map(findingKey));
  const unclassified = findings.filter((f) => !verdicts.has(findingKey(f)));
  const summary = Object.keys(allRules).map((rule): RuleSummary => {
    const mine = findings.filter((f) => f.rule === rule);
    const tp = mine.filter((f) => verdicts.get(findingKey(f)) === "tp").length;
    const fp = mine.filter((f) => verdicts.get(findingKey(f)) === "fp").length;
    const configurable = mine.filter((f) => CONFIGURABLE.has(causes.get(findingKey(f)) ?? "")).length;
    return {
      rule,
      findings: mine.length,
      tp,
      fp,
      unclassified: mine.length - tp - fp,
      precision: tp + fp > 0 ? tp / (tp + fp) : null,
      configuredPrecision: tp + fp - configurable > 0 ? tp / (tp + fp - configurable) : null,
      fixed: classifications.filter((c) => c.rule === rule && c.status === "fixed").length,
      lost: classifications.filter((c) => c.rule === rule && c.status === "lost").length,
    };
  });
  return { rules: summary, unclassified, stale: current.filter((c) => !seen.has(findingKey(c))) };
}

function markdownTable(rules: readonly RuleSummary[]): string {
  const lines = [
    "| rule | findings | TP | FP | precision | precision, configured | FPs fixed | TPs lost |",
    "| ---- | -------: | -: | -: | --------: | --------------------: | --------: | -------: |",
  ];
  const shown = (r: RuleSummary, p: number | null): string =>
    r.findings === 0 ? "no findings" : p === null ? "unclassified" : p.toFixed(2);
  for (const r of rules) {
    const cells = [r.findings, r.tp, r.fp].map(String);
    const tail = [shown(r, r.precision), shown(r, r.configuredPrecision), String(r.fixed), String(r.lost)];
    lines.push(`| \`${r.rule}\` | ${[...cells, ...tail].join(" | ")} |`);
  }
  return lines.join("\n");
}

/** The classifications: JSON Lines, one finding's verdict per line (a reader can review them line by line). */
function readClassifications(file: string): Classification[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Classification);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      dir: { type: "string", default: "/work/scratch/precision" },
      out: { type: "string" },
      classifications: { type: "string", default: join(root, "docs", "precision-classification.jsonl") },
      repo: { type: "string", multiple: true },
      markdown: { type: "boolean", default: false },
      summarize: { type: "string" },
      worker: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.worker) {
    process.stdout.write(JSON.stringify(await lintBatch(JSON.parse(await readStdin()) as Batch)));
    return 0;
  }
  if (values.summarize !== undefined) {
    // Only the summary of an earlier run's findings, against the classifications: no linting.
    const earlier = JSON.parse(readFileSync(values.summarize, "utf8")) as { findings: Finding[] };
    const { rules, unclassified, stale } = summarize(earlier.findings, readClassifications(values.classifications));
    process.stdout.write(`${markdownTable(rules)}\n`);
    for (const f of unclassified) process.stderr.write(`not classified: ${findingKey(f)}\n`);
    for (const c of stale) process.stderr.write(`classified but not found: ${findingKey(c)}\n`);
    return unclassified.length > 0 || stale.length > 0 ? 1 : 0;
  }
  const dir = resolve(values.dir);
  const repos = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name.includes("__") && existsSync(join(dir, e.name, ".git")))
    .map((e) => e.name)
    .filter((name) => !values.repo || values.repo.includes(name))
    .sort();
  const results: RepoResult[] = [];
  for (const name of repos) {
    const started = Date.now();
    const result = await lintRepo(join(dir, name));
    results.push(result);
    process.stderr.write(
      `${result.repo}: ${String(result.files)} files, ${String(result.findings.length)} findings, ${String(result.crashes.length)} crashes (${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
    );
  }
  const findings = results.flatMap((r) => r.findings);
  const classifications = readClassifications(values.classifications);
  const { rules, unclassified, stale } = summarize(findings, classifications);
  const report = {
    preset: "strict",
    stateguard: stateguard.meta.version,
    typescript: ts.version,
    eslint: ESLint.version,
    repos: results.map(({ findings: repoFindings, ...rest }) => ({ ...rest, findings: repoFindings.length })),
    rules,
    findings,
    unclassified: unclassified.map(findingKey),
    staleClassifications: stale.map(findingKey),
  };
  const out = values.out ?? join(dir, "precision-findings.json");
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stderr.write(`wrote ${out}\n`);
  if (values.markdown) process.stdout.write(`${markdownTable(rules)}\n`);
  if (unclassified.length > 0) process.stderr.write(`${String(unclassified.length)} findings are not classified\n`);
  if (stale.length > 0) process.stderr.write(`${String(stale.length)} classifications match no finding\n`);
  const crashes = results.reduce((n, r) => n + r.crashes.length, 0);
  if (crashes > 0) process.stderr.write(`${String(crashes)} crashes\n`);
  return crashes > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
