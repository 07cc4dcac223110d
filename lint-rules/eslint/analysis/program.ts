import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import ts from "typescript";
import { parse as parseYaml } from "yaml";
import { ancestors, isClassLike, isFunctionWithBody, memoizedPerChecker, skipOuter } from "./ast.js";
import { isOutputApplyCall } from "../pulumi-types.js";

/**
 * Library code versus program code. Program code runs once per deployment and is where decisions about a stack
 * belong. It is the top level of the modules of a Pulumi project: the entry's, and that of every other module of
 * the project (Node runs a module's top level once per process, however many modules import it). Library code is
 * everything inside functions and classes, because it can be called again, from other places, with other
 * arguments, and every module outside a Pulumi project. Two exceptions: in the entry, the function the module
 * exports as a whole is the program itself; and a function of a program module that the program calls exactly
 * once is the program's code under a name (program-code.ts decides it, node by node). Test files are program code
 * through and through: each test case is a small program of its own, run under mocks.
 *
 * The entry of a Pulumi project (the directory of the nearest Pulumi.yaml above a file) is Pulumi.yaml's `main`
 * (a file, or a directory holding the program), else package.json's `main`, else index.ts. A `main` that names a
 * compiled `.js` file stands for the `.ts` file of the same name. A module belongs to the project unless it is
 * under a `node_modules` or in a nested package (a directory below the project's with a package.json of its own
 * that does not hold the entry). Shared settings (`settings.stateguard`) add program files and test files by
 * glob, restrict program code to the entry's top level, or switch the detection off.
 */

/**
 * What of a file is program code: nothing (`false`), the top level and the exported main function (`"entry"`: a
 * project's entry, or a file of `programFiles`), the top level (`"module"`: another module of a Pulumi project), or
 * all of it (`"file"`: a test file).
 */
export type ProgramScope = false | "entry" | "module" | "file";

export interface StateguardSettings {
  /** Globs, relative to the ESLint working directory, of more files whose top level is program code. */
  readonly programFiles: readonly string[];
  /** Globs, relative to the ESLint working directory, of test files: program code, functions included. */
  readonly testFiles: readonly string[];
  /** Whether the top level of every module of a Pulumi project is program code, or only the entry's. */
  readonly programModules: "project" | "entry";
  /** Whether Pulumi.yaml projects are detected at all (their entry, and their modules). */
  readonly detectEntries: boolean;
  /** Whether a function of a program file that the program calls once is program code (see program-code.ts). */
  readonly programFunctions: "called-once" | "none";
}

/** The usual names of test files and of the directories that hold only tests or mocks. */
export const DEFAULT_TEST_FILES: readonly string[] = [
  "**/*.test.*",
  "**/*.spec.*",
  "**/*_test.*",
  "**/__tests__/**",
  "**/__mocks__/**",
];

export const DEFAULT_SETTINGS: StateguardSettings = {
  programFiles: [],
  testFiles: DEFAULT_TEST_FILES,
  programModules: "project",
  detectEntries: true,
  programFunctions: "called-once",
};

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
    testFiles: {
      type: "array",
      items: { type: "string" },
      default: DEFAULT_TEST_FILES,
      description:
        "Globs (relative to the ESLint working directory) of test files, program code functions included; [] turns it off.",
    },
    programModules: {
      enum: ["project", "entry"],
      default: "project",
      description:
        "Whose top level is program code: every module of a Pulumi project (project), or only its entry (entry).",
    },
    detectEntries: {
      type: "boolean",
      default: true,
      description: "Detect Pulumi.yaml projects: their entry and (by programModules) their modules are program code.",
    },
    programFunctions: {
      enum: ["called-once", "none"],
      default: "called-once",
      description:
        "Whether a function of a program file that the program calls exactly once, from program code and not in a loop, is program code (called-once) or library code like every other function (none).",
    },
  },
} as const;

export class SettingsError extends Error {}

function globs(value: unknown, key: string, fallback: readonly string[]): readonly string[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || !value.every((g): g is string => typeof g === "string")) {
    throw new SettingsError(`settings.stateguard.${key} must be an array of glob strings`);
  }
  return value;
}

/** Reads `settings.stateguard`, rejecting unknown keys and wrong types with a message that names them. */
/** Settings parsed per raw object: ESLint hands every file of a configuration the same `settings` object. */
const parsedSettings = new WeakMap<object, StateguardSettings>();

export function parseSettings(raw: unknown): StateguardSettings {
  if (raw === undefined) return DEFAULT_SETTINGS;
  const known = typeof raw === "object" && raw !== null ? parsedSettings.get(raw) : undefined;
  if (known) return known;
  const parsed = parseSettingsOnce(raw);
  parsedSettings.set(raw as object, parsed);
  return parsed;
}

function parseSettingsOnce(raw: unknown): StateguardSettings {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new SettingsError("settings.stateguard must be an object");
  }
  const known = Object.keys(SETTINGS_SCHEMA.properties);
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) {
      throw new SettingsError(`settings.stateguard: unknown property "${key}" (known: ${known.join(", ")})`);
    }
  }
  const value = raw as Partial<Record<keyof StateguardSettings, unknown>>;
  const programFiles = globs(value.programFiles, "programFiles", DEFAULT_SETTINGS.programFiles);
  const testFiles = globs(value.testFiles, "testFiles", DEFAULT_SETTINGS.testFiles);
  const programModules = value.programModules ?? DEFAULT_SETTINGS.programModules;
  if (programModules !== "project" && programModules !== "entry") {
    throw new SettingsError(
      `settings.stateguard.programModules must be "project" or "entry" (got ${JSON.stringify(programModules)})`,
    );
  }
  const detectEntries = value.detectEntries ?? DEFAULT_SETTINGS.detectEntries;
  if (typeof detectEntries !== "boolean")
    throw new SettingsError("settings.stateguard.detectEntries must be a boolean");
  const programFunctions = value.programFunctions ?? DEFAULT_SETTINGS.programFunctions;
  if (programFunctions !== "called-once" && programFunctions !== "none") {
    throw new SettingsError(
      `settings.stateguard.programFunctions must be "called-once" or "none" (got ${JSON.stringify(programFunctions)})`,
    );
  }
  return { programFiles, testFiles, programModules, detectEntries, programFunctions };
}

const projectDirs = new Map<string, string | null>();
const entries = new Map<string, string | null>();
const packageDirs = new Map<string, string | null>();
const moduleDirs = new Map<string, boolean>();

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

/** The directory of the nearest package.json at or above `dir`. */
function packageOf(dir: string): string | undefined {
  const cached = packageDirs.get(dir);
  if (cached !== undefined) return cached ?? undefined;
  let found: string | undefined;
  if (isFile(join(dir, "package.json"))) found = dir;
  else {
    const parent = dirname(dir);
    found = parent === dir ? undefined : packageOf(parent);
  }
  packageDirs.set(dir, found ?? null);
  return found;
}

/** Whether `path` is `dir` or inside it. */
function isWithin(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/**
 * Whether the files of `dir` (inside the project in `projectDir`) are the project's own modules: not under a
 * node_modules, and not in a nested package (a package.json below the project's directory that does not hold the
 * entry, which would make it the program's own package).
 */
function isProjectModuleDir(dir: string, projectDir: string): boolean {
  const cached = moduleDirs.get(dir);
  if (cached !== undefined) return cached;
  let own: boolean;
  const pkg = packageOf(dir);
  if (relative(projectDir, dir).split(sep).includes("node_modules")) own = false;
  else if (pkg === undefined || isWithin(projectDir, pkg)) own = true;
  else {
    const entry = pulumiEntryOf(projectDir);
    own = entry !== undefined && isWithin(entry, pkg);
  }
  moduleDirs.set(dir, own);
  return own;
}

/** Each file's scope, per settings object (every rule asks for every file). */
let scopes = new WeakMap<StateguardSettings, Map<string, ProgramScope>>();

/** Forgets what was read from disk (tests that write projects). */
export function clearProjectCache(): void {
  projectDirs.clear();
  entries.clear();
  packageDirs.clear();
  moduleDirs.clear();
  scopes = new WeakMap();
}

/** Compiled once per list of globs (a settings object's lists live as long as it does). */
const matchers = new WeakMap<readonly string[], picomatch.Matcher>();

function matches(file: string, patterns: readonly string[], cwd: string): boolean {
  if (patterns.length === 0) return false;
  let matcher = matchers.get(patterns);
  if (!matcher) {
    matcher = picomatch(patterns as string[], { dot: true });
    matchers.set(patterns, matcher);
  }
  return matcher(relative(cwd, file).split(sep).join("/"));
}

/** What of `fileName` is program code (see `ProgramScope`); globs are matched relative to `cwd`. */
export function programScopeOf(fileName: string, settings: StateguardSettings, cwd: string): ProgramScope {
  let known = scopes.get(settings);
  if (!known) {
    known = new Map();
    scopes.set(settings, known);
  }
  const key = `${cwd}\0${fileName}`;
  let scope = known.get(key);
  if (scope === undefined) {
    scope = scopeOf(fileName, settings, cwd);
    known.set(key, scope);
  }
  return scope;
}

function scopeOf(fileName: string, settings: StateguardSettings, cwd: string): ProgramScope {
  if (!isAbsolute(fileName) || !existsSync(fileName)) return false;
  const file = resolve(fileName);
  if (matches(file, settings.testFiles, cwd)) return "file";
  if (matches(file, settings.programFiles, cwd)) return "entry";
  if (!settings.detectEntries) return false;
  const dir = dirname(file);
  const project = pulumiProjectOf(dir);
  if (project === undefined) return false;
  if (pulumiEntryOf(project) === file) return "entry";
  return settings.programModules === "project" && isProjectModuleDir(dir, project) ? "module" : false;
}

/** Whether the top level of `fileName` is program code. */
export function isProgramFile(fileName: string, settings: StateguardSettings, cwd: string): boolean {
  return programScopeOf(fileName, settings, cwd) !== false;
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
  return (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && runNowCallback(checker, fn);
}

/** Per checker and function: every rule asks about the functions around every node it looks at. */
const runNowCallback = memoizedPerChecker(isRunNowCallbackUncached);

function isRunNowCallbackUncached(checker: ts.TypeChecker, fn: ts.ArrowFunction | ts.FunctionExpression): boolean {
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
