import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { compareFindings, type Finding } from "../../src/core/findings.js";
import { CHECKS, type CheckDefinition } from "./checks/index.js";
import { buildModel } from "./model.js";
import { isProjectFile, predictResources } from "./predict.js";
import { AnalyzerInputError, loadProject, projectRuntime, type LoadedProject } from "./project.js";
import { summarizeProject, type ProjectSummary } from "./summary.js";

/**
 * `stateguard analyze`: every Pulumi project under a directory, each loaded from its tsconfig into one program,
 * walked from its entry by the predictor, turned into a model of units, runs and registrations, and given to
 * the whole-program checks. What the user must fix in the input (a syntax error, an import that does not
 * resolve, a project that cannot be loaded) is collected per project and marks the result partial; the rest of
 * the project, and the other projects, are still analysed. So is a failure of the analyzer itself on one project
 * (a bug: an `internal` error, reported with its stack for the bug report): the other projects are still analysed,
 * and the result is partial.
 */

export interface InputError {
  /** Relative to the analysed directory. */
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly message: string;
  /** The analyzer failed on this project (a bug, not the input): `stack` is the stack trace for the report. */
  readonly internal?: { readonly stack: string };
}

export interface ProjectAnalysis {
  /** `name` from Pulumi.yaml (null when the project could not be loaded). */
  readonly name: string | null;
  /** The project's directory relative to the analysed one (`.` for itself). */
  readonly dir: string;
  readonly entry: string | null;
  readonly partial: boolean;
  readonly errors: readonly InputError[];
  readonly summary: ProjectSummary | null;
  readonly findings: readonly Finding[];
}

export interface Analysis {
  /** The analysed directory, absolute. */
  readonly root: string;
  readonly partial: boolean;
  readonly projects: readonly ProjectAnalysis[];
  /** Pulumi projects of another runtime (python, go, dotnet, yaml...): not TypeScript, so not analysed. */
  readonly skipped: readonly { readonly dir: string; readonly runtime: string }[];
  /** Every project's findings, most severe first. */
  readonly findings: readonly Finding[];
}

export interface AnalyzeOptions {
  /** Called as each project starts and as its phases go by, for a progress display. */
  readonly onProgress?: (progress: { index: number; total: number; project: string; phase: string }) => void;
  readonly checks?: readonly CheckDefinition[];
}

const SKIPPED_DIRECTORIES = new Set(["node_modules"]);

/** The directories under `root` (itself included) holding a Pulumi.yaml, sorted; node_modules and dot-directories skipped. */
export function findProjects(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && (e.name === "Pulumi.yaml" || e.name === "Pulumi.yml"))) found.push(dir);
    for (const e of entries) {
      if (e.isDirectory() && !SKIPPED_DIRECTORIES.has(e.name) && !e.name.startsWith(".")) walk(join(dir, e.name));
    }
  };
  walk(root);
  return found.sort();
}

function relativePath(root: string, path: string): string {
  const rel = relative(root, path).split(sep).join("/");
  return rel === "" ? "." : rel;
}

/** Syntax errors and imports that do not resolve, in the project's own files. */
export function inputErrors(project: LoadedProject, root: string): InputError[] {
  const errors: InputError[] = [];
  const { program, checker } = project;
  const options = program.getCompilerOptions();
  for (const file of program.getSourceFiles()) {
    if (!isProjectFile(file)) continue;
    const path = relativePath(root, file.fileName);
    for (const d of program.getSyntacticDiagnostics(file)) {
      const position = file.getLineAndCharacterOfPosition(d.start);
      errors.push({
        file: path,
        line: position.line + 1,
        column: position.character + 1,
        message: `syntax error: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
      });
    }
    for (const statement of file.statements) {
      const specifier =
        ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)
          ? statement.moduleSpecifier
          : ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)
            ? statement.moduleReference.expression
            : undefined;
      if (!specifier || !ts.isStringLiteralLike(specifier)) continue;
      if (checker.getSymbolAtLocation(specifier)) continue;
      // No symbol: a module without types or a script resolves all the same; only a missing module is an error.
      const mode = program.getModeForUsageLocation(file, specifier);
      const resolved = ts.resolveModuleName(specifier.text, file.fileName, options, ts.sys, undefined, undefined, mode);
      if (resolved.resolvedModule) continue;
      const { line, character } = file.getLineAndCharacterOfPosition(specifier.getStart());
      errors.push({
        file: path,
        line: line + 1,
        column: character + 1,
        message: `cannot resolve the import "${specifier.text}" (is the file missing, or the package not installed?)`,
      });
    }
  }
  return errors;
}

/** A project that cannot be loaded: the message names a path first; the error is filed under that file. */
function loadError(message: string, dir: string, root: string): InputError {
  const [, head, rest] = /^(.+?): (.*)$/s.exec(message) ?? [];
  const named = head !== undefined && rest !== undefined && resolve(head) === head;
  const path = named ? head : dir;
  const text = named ? rest : message;
  const file =
    path !== dir
      ? path
      : text.includes("tsconfig.json")
        ? join(dir, "tsconfig.json")
        : existsSync(join(dir, "Pulumi.yml"))
          ? join(dir, "Pulumi.yml")
          : join(dir, "Pulumi.yaml");
  return { file: relativePath(root, file), line: null, column: null, message: text };
}

function analyzeProject(
  dir: string,
  root: string,
  checks: readonly CheckDefinition[],
  phase: (name: string) => void,
): ProjectAnalysis {
  const rel = relativePath(root, dir);
  let project: LoadedProject;
  try {
    phase("loading");
    project = loadProject(dir);
  } catch (e) {
    if (!(e instanceof AnalyzerInputError)) throw e;
    return {
      name: null,
      dir: rel,
      entry: null,
      partial: true,
      errors: [loadError(e.message, dir, root)],
      summary: null,
      findings: [],
    };
  }
  const errors = inputErrors(project, root);
  try {
    phase("predicting");
    const inventory = predictResources(project, { relativeTo: root });
    const model = buildModel(project, inventory, root);
    phase("checking");
    const findings = checks.flatMap((c) => c.run(model)).sort(compareFindings);
    const summary = summarizeProject(model);
    return {
      name: project.name,
      dir: rel,
      entry: inventory.entry,
      partial: errors.length > 0,
      errors,
      summary,
      findings,
    };
  } catch (e) {
    // Not the input's fault: the other projects go on, and this one is reported as not analysed.
    const error = e instanceof Error ? e : new Error(String(e));
    const internal: InputError = {
      file: relativePath(root, project.entry),
      line: null,
      column: null,
      message: `internal error while analysing this project: ${error.message}`,
      internal: { stack: error.stack ?? error.message },
    };
    return {
      name: project.name,
      dir: rel,
      entry: null,
      partial: true,
      errors: [...errors, internal],
      summary: null,
      findings: [],
    };
  }
}

/** Analyses every Pulumi project under `dir`; throws AnalyzerInputError when there is none (or no such directory). */
export function analyzeDirectory(dir: string, options: AnalyzeOptions = {}): Analysis {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new AnalyzerInputError(`${root}: no such directory`);
  const all = findProjects(root);
  if (all.length === 0) {
    throw new AnalyzerInputError(`${root}: no Pulumi project (no Pulumi.yaml in it or under it, node_modules aside)`);
  }
  // A repository's Python, Go or .NET projects are not TypeScript: skipped and listed, not bad input.
  const skipped = all
    .map((d) => ({ dir: relativePath(root, d), runtime: projectRuntime(d) }))
    .filter((p): p is { dir: string; runtime: string } => p.runtime !== undefined && p.runtime !== "nodejs");
  const dirs = all.filter((d) => !skipped.some((p) => p.dir === relativePath(root, d)));
  if (dirs.length === 0) {
    const runtimes = [...new Set(skipped.map((p) => p.runtime))].join(", ");
    throw new AnalyzerInputError(
      `${root}: no Node.js Pulumi project (only ${runtimes} projects: runtime in Pulumi.yaml)`,
    );
  }
  const checks = options.checks ?? CHECKS;
  const projects = dirs.map((d, index) =>
    analyzeProject(d, root, checks, (phase) =>
      options.onProgress?.({ index, total: dirs.length, project: relativePath(root, d), phase }),
    ),
  );
  return {
    root,
    partial: projects.some((p) => p.partial),
    projects,
    skipped,
    findings: projects.flatMap((p) => p.findings).sort(compareFindings),
  };
}
