import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import ts from "typescript";
import { parse as parseYaml } from "yaml";
import { ancestors, isClassLike, isFunctionWithBody, skipOuter } from "./ast.js";
import { isOutputApplyCall } from "../pulumi-types.js";

/**
 * Library code versus program code. Program code is the top level of a Pulumi project's entry module: it runs
 * once per deployment and is where decisions about a stack belong. Library code is everything else: every other
 * module, and everything inside functions and classes, even in the entry module, because it can be called again,
 * from other places, with other arguments.
 *
 * The entry of a Pulumi project (the directory of the nearest Pulumi.yaml above a file) is Pulumi.yaml's `main`
 * (a file, or a directory holding the program), else package.json's `main`, else index.ts. A `main` that names a
 * compiled `.js` file stands for the `.ts` file of the same name. Shared settings (`settings.stateguard`) add
 * program files by glob or switch the detection off.
 */

export interface StateguardSettings {
  /** Globs, relative to the ESLint working directory, of more files whose top level is program code. */
  readonly programFiles: readonly string[];
  /** Whether the entry of each Pulumi.yaml project is program code. */
  readonly detectEntries: boolean;
}

export const DEFAULT_SETTINGS: StateguardSettings = { programFiles: [], detectEntries: true };

/** The JSON schema of `settings.stateguard`, for the docs; `parseSettings` applies it strictly. */
export const SETTINGS_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    programFiles: {
      type: "array",
      items: { type: "string" },
      default: [],
      description: "Globs (relative to the ESLint working directory) of more files whose top level is program code.",
    },
    detectEntries: {
      type: "boolean",
      default: true,
      description: "Treat the entry module of each Pulumi.yaml project as program code.",
    },
  },
} as const;

export class SettingsError extends Error {}

/** Reads `settings.stateguard`, rejecting unknown keys and wrong types with a message that names them. */
export function parseSettings(raw: unknown): StateguardSettings {
  if (raw === undefined) return DEFAULT_SETTINGS;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new SettingsError("settings.stateguard must be an object");
  }
  const known = Object.keys(SETTINGS_SCHEMA.properties);
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) {
      throw new SettingsError(`settings.stateguard: unknown property "${key}" (known: ${known.join(", ")})`);
    }
  }
  const value = raw as { programFiles?: unknown; detectEntries?: unknown };
  const programFiles = value.programFiles ?? [];
  if (!Array.isArray(programFiles) || !programFiles.every((g): g is string => typeof g === "string")) {
    throw new SettingsError("settings.stateguard.programFiles must be an array of glob strings");
  }
  const detectEntries = value.detectEntries ?? true;
  if (typeof detectEntries !== "boolean")
    throw new SettingsError("settings.stateguard.detectEntries must be a boolean");
  return { programFiles, detectEntries };
}

const projectDirs = new Map<string, string | null>();
const entries = new Map<string, string | null>();

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The directory of the nearest Pulumi.yaml (or Pulumi.yml) at or above `dir`. */
export function pulumiProjectOf(dir: string): string | undefined {
  const cached = projectDirs.get(dir);
  if (cached !== undefined) return cached ?? undefined;
  let found: string | undefined;
  if (isFile(join(dir, "Pulumi.yaml")) || isFile(join(dir, "Pulumi.yml"))) found = dir;
  else {
    const parent = dirname(dir);
    found = parent === dir ? undefined : pulumiProjectOf(parent);
  }
  projectDirs.set(dir, found ?? null);
  return found;
}

function readMain(file: string, parse: (text: string) => unknown): string | undefined {
  try {
    const main = (parse(readFileSync(file, "utf8")) as { main?: unknown } | null)?.main;
    return typeof main === "string" && main.length > 0 ? main : undefined;
  } catch {
    return undefined;
  }
}

const TS_FOR_JS: Record<string, string[]> = { ".js": [".ts", ".tsx"], ".mjs": [".mts"], ".cjs": [".cts"] };

function sourceFor(path: string): string | undefined {
  if (isFile(path)) return path;
  const ext = extname(path);
  for (const alt of TS_FOR_JS[ext] ?? []) {
    const candidate = path.slice(0, -ext.length) + alt;
    if (isFile(candidate)) return candidate;
  }
  if (ext === "") {
    for (const alt of [".ts", ".tsx", ".mts", ".cts"]) if (isFile(path + alt)) return path + alt;
  }
  return undefined;
}

function entryIn(dir: string): string | undefined {
  const main = readMain(join(dir, "package.json"), JSON.parse);
  if (main) {
    const source = sourceFor(resolve(dir, main));
    if (source) return source;
  }
  return sourceFor(join(dir, "index.ts"));
}

/** The entry module of the Pulumi project in `projectDir`, when it can be found on disk. */
export function pulumiEntryOf(projectDir: string): string | undefined {
  const cached = entries.get(projectDir);
  if (cached !== undefined) return cached ?? undefined;
  let entry: string | undefined;
  const yamlFile = isFile(join(projectDir, "Pulumi.yaml"))
    ? join(projectDir, "Pulumi.yaml")
    : join(projectDir, "Pulumi.yml");
  const main = readMain(yamlFile, parseYaml);
  if (main) {
    const target = resolve(projectDir, main);
    entry = isDirectory(target) ? entryIn(target) : sourceFor(target);
  } else {
    entry = entryIn(projectDir);
  }
  entries.set(projectDir, entry ?? null);
  return entry;
}

/** Forgets what was read from disk (tests that write projects). */
export function clearProjectCache(): void {
  projectDirs.clear();
  entries.clear();
}

/** Whether the top level of `fileName` is program code. */
export function isProgramFile(fileName: string, settings: StateguardSettings, cwd: string): boolean {
  if (!isAbsolute(fileName) || !existsSync(fileName)) return false;
  const file = resolve(fileName);
  if (settings.programFiles.length > 0) {
    const rel = relative(cwd, file).split(sep).join("/");
    if (picomatch.isMatch(rel, settings.programFiles as string[], { dot: true })) return true;
  }
  if (!settings.detectEntries) return false;
  const project = pulumiProjectOf(dirname(file));
  return project !== undefined && pulumiEntryOf(project) === file;
}

/** The methods of an array whose callback runs as part of the code around it. */
export const ARRAY_METHODS = new Set([
  "forEach",
  "map",
  "flatMap",
  "filter",
  "reduce",
  "reduceRight",
  "some",
  "every",
  "find",
  "findIndex",
]);

/** The methods of a Promise whose callback runs as part of the code around it. */
export const PROMISE_METHODS = new Set(["then", "catch", "finally"]);

/**
 * A function passed straight to an array method, a Promise's `then`/`catch`/`finally` or an Output's `apply`: it
 * runs as part of the code around it, so in the program's top level it is program code too.
 */
export function isRunNowCallback(checker: ts.TypeChecker, fn: ts.Node): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(fn)) return false;
  if (isOutputApplyCall(checker, call)) return true;
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  if (!ARRAY_METHODS.has(callee.name.text) && !PROMISE_METHODS.has(callee.name.text)) return false;
  const receiver = checker.getNonNullableType(checker.getTypeAtLocation(callee.expression));
  if (PROMISE_METHODS.has(callee.name.text)) return receiver.getSymbol()?.getName() === "Promise";
  return checker.isArrayType(receiver) || checker.isTupleType(receiver);
}

/**
 * The function a module exports as a whole (`export = async () => { ... }`, `export default function () {...}`).
 * In a program's entry, that is the program: Pulumi calls the exported function once per deployment and takes
 * what it returns as the stack's outputs.
 */
export function isExportedMain(fn: ts.Node): boolean {
  if (ts.isFunctionDeclaration(fn)) {
    const flags = ts.getCombinedModifierFlags(fn);
    return (flags & ts.ModifierFlags.Export) !== 0 && (flags & ts.ModifierFlags.Default) !== 0;
  }
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  let parent = fn.parent;
  while (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent)) {
    parent = parent.parent;
  }
  return ts.isExportAssignment(parent);
}

/**
 * Whether `node` is inside a function or a class (run-now callbacks aside): code that can run more than once. In a
 * program's entry (`programFile`), the exported main function is the program's top level, not a function.
 */
export function isInsideFunctionOrClass(checker: ts.TypeChecker, node: ts.Node, programFile = false): boolean {
  for (const n of ancestors(node)) {
    if (isClassLike(n)) return true;
    if (isFunctionWithBody(n) && !isRunNowCallback(checker, n) && !(programFile && isExportedMain(n))) return true;
  }
  return false;
}

/** Whether `node` is library code, given whether its file's top level is program code. */
export function isLibraryCode(checker: ts.TypeChecker, node: ts.Node, programFile: boolean): boolean {
  return !programFile || isInsideFunctionOrClass(checker, node, true);
}
