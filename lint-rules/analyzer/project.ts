import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import ts from "typescript";
import { parse as parseYaml } from "yaml";
import { clearProjectCache, pulumiEntryOf } from "../eslint/analysis/program.js";

/**
 * A Pulumi project loaded with the TypeScript compiler API: the project's Pulumi.yaml, its tsconfig.json and a
 * type-checked program rooted at the project's entry module (found the way the lint rules find it).
 */

export class AnalyzerInputError extends Error {
  override name = "AnalyzerInputError";
}

export interface LoadedProject {
  /** Absolute directory holding Pulumi.yaml. */
  readonly dir: string;
  /** `name` from Pulumi.yaml. */
  readonly name: string;
  /** Absolute path of the entry module. */
  readonly entry: string;
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
}

/** The project file of `dir`: Pulumi.yaml, or Pulumi.yml. */
function pulumiYamlFile(dir: string): string | undefined {
  return ["Pulumi.yaml", "Pulumi.yml"].map((f) => join(dir, f)).find((f) => existsSync(f));
}

/**
 * The runtime a project's Pulumi.yaml names (`runtime: nodejs` or `runtime: { name: nodejs }`), or undefined when it
 * cannot be read: such a project is loaded, and its error reported, as a Node.js one.
 */
export function projectRuntime(dir: string): string | undefined {
  const file = pulumiYamlFile(dir);
  if (!file) return undefined;
  try {
    const runtime = (parseYaml(readFileSync(file, "utf8")) as { runtime?: unknown } | null)?.runtime;
    const name = typeof runtime === "object" && runtime !== null ? (runtime as { name?: unknown }).name : runtime;
    return typeof name === "string" ? name : undefined;
  } catch {
    return undefined;
  }
}

function readPulumiYaml(dir: string): { name: string } {
  const file = pulumiYamlFile(dir);
  if (!file) throw new AnalyzerInputError(`${dir}: no Pulumi.yaml (not a Pulumi project directory)`);
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, "utf8"));
  } catch (e) {
    throw new AnalyzerInputError(`${file}: invalid YAML: ${e instanceof Error ? e.message : String(e)}`);
  }
  const name = (parsed as { name?: unknown } | null)?.name;
  if (typeof name !== "string" || name.length === 0) throw new AnalyzerInputError(`${file}: no project \`name\``);
  return { name };
}

function compilerOptions(dir: string): ts.CompilerOptions {
  const configFile = join(dir, "tsconfig.json");
  if (!existsSync(configFile)) throw new AnalyzerInputError(`${dir}: no tsconfig.json (the analyzer needs one)`);
  const read = ts.readConfigFile(configFile, (p) => ts.sys.readFile(p));
  if (read.error) {
    throw new AnalyzerInputError(`${configFile}: ${ts.flattenDiagnosticMessageText(read.error.messageText, "\n")}`);
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dir, undefined, configFile);
  return { ...parsed.options, noEmit: true };
}

/**
 * Declaration files of installed packages parsed once per process: the base revision and the working tree (and
 * repeated runs in tests) share them, which halves the time of a urn-diff.
 */
const packageFiles = new Map<string, { mtime: number; languageVersion: ts.ScriptTarget; file: ts.SourceFile }>();

function cachingHost(options: ts.CompilerOptions): ts.CompilerHost {
  // No parent pointers at parse: the binder sets them (every file is bound when the checker is created). No JSDoc
  // in TypeScript files either (as tsc, which parses only what type errors need): the analysis never reads it.
  const host = ts.createCompilerHost(options, false);
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeInfo;
  const original = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreate) => {
    const languageVersion =
      typeof languageVersionOrOptions === "object"
        ? languageVersionOrOptions.languageVersion
        : languageVersionOrOptions;
    if (!fileName.endsWith(".d.ts") || !/[\\/]node_modules[\\/]/.test(fileName)) {
      return original(fileName, languageVersionOrOptions, onError, shouldCreate);
    }
    let mtime = -1;
    try {
      mtime = statSync(fileName).mtimeMs;
    } catch {
      return original(fileName, languageVersionOrOptions, onError, shouldCreate);
    }
    const cached = packageFiles.get(fileName);
    if (cached?.mtime === mtime && cached.languageVersion === languageVersion) return cached.file;
    const file = original(fileName, languageVersionOrOptions, onError, shouldCreate);
    if (file) packageFiles.set(fileName, { mtime, languageVersion, file });
    return file;
  };
  return host;
}

/** Loads the Pulumi project in `dir`; throws AnalyzerInputError for what the user must fix. */
export function loadProject(dir: string): LoadedProject {
  const projectDir = resolve(dir);
  if (!existsSync(projectDir)) throw new AnalyzerInputError(`${projectDir}: no such directory`);
  const { name } = readPulumiYaml(projectDir);
  const options = compilerOptions(projectDir);
  clearProjectCache();
  const entry = pulumiEntryOf(projectDir);
  if (!entry)
    throw new AnalyzerInputError(
      `${projectDir}: cannot find the program's entry module (Pulumi.yaml main, package.json main or index.ts)`,
    );
  const program = ts.createProgram({ rootNames: [entry], options, host: cachingHost(options) });
  const sdk = program.getSourceFiles().some((f) => /[\\/]@pulumi[\\/]pulumi[\\/]/.test(f.fileName));
  if (!sdk) {
    throw new AnalyzerInputError(
      `${projectDir}: @pulumi/pulumi cannot be resolved from the program (run npm install in ${dirname(entry)})`,
    );
  }
  return { dir: projectDir, name, entry, program, checker: program.getTypeChecker() };
}
