// Runtime options from Pulumi.yaml / PulumiPolicy.yaml (`runtime: {name: nodejs, options: {...}}`).
//
// The engine hands them over as a google.protobuf.Struct inside ProgramInfo. We validate them the same
// way the real nodejs host does, so a project that the real host rejects is rejected here too, and we
// turn them into the environment variables / node arguments that @pulumi/pulumi's `cmd/run` expects.

import type { LanguagePb } from "./protocol.js";

export interface NodeRuntimeOptions {
  /** Register ts-node inside `cmd/run` (PULUMI_NODEJS_TYPESCRIPT). Defaults to true, as in the real host. */
  typescript: boolean;
  /** Alternative tsconfig for ts-node (PULUMI_NODEJS_TSCONFIG_PATH). */
  tsconfig: string | undefined;
  /** Extra arguments for the node process, shell-quoted in one string. */
  nodeargs: string[];
}

const PACKAGE_MANAGERS = new Set(["auto", "npm", "yarn", "pnpm", "bun"]);

/** Parses and validates the runtime options; throws an Error whose message is meant for the user. */
export function parseRuntimeOptions(info: LanguagePb.ProgramInfo | undefined): NodeRuntimeOptions {
  const raw = (info?.getOptions()?.toJavaScript() ?? {}) as Record<string, unknown>;
  const options: NodeRuntimeOptions = { typescript: true, tsconfig: undefined, nodeargs: [] };

  if ("typescript" in raw) {
    if (typeof raw["typescript"] !== "boolean") throw new Error("typescript option must be a boolean");
    options.typescript = raw["typescript"];
  }
  if ("tsconfig" in raw) {
    if (typeof raw["tsconfig"] !== "string") throw new Error("tsconfigpath option must be a string");
    options.tsconfig = raw["tsconfig"];
  }
  if ("nodeargs" in raw) {
    if (typeof raw["nodeargs"] !== "string") throw new Error("nodeargs option must be a string");
    options.nodeargs = splitShellWords(raw["nodeargs"]);
  }
  // `production` and `packagemanager` only matter for installing dependencies, which this host does not
  // do; they are still validated so a typo fails the same way it would with the real host.
  if ("production" in raw && typeof raw["production"] !== "boolean") {
    throw new Error("production option must be a boolean");
  }
  if ("packagemanager" in raw) {
    const pm = raw["packagemanager"];
    if (typeof pm !== "string") throw new Error("packagemanager option must be a string");
    if (!PACKAGE_MANAGERS.has(pm)) {
      throw new Error(`packagemanager option must be one of auto, npm, yarn, pnpm or bun, got "${pm}"`);
    }
  }
  return options;
}

/** The environment variables through which `cmd/run` and `cmd/run-policy-pack` learn the TypeScript options. */
export function typescriptEnv(options: NodeRuntimeOptions): Record<string, string> {
  const env: Record<string, string> = {};
  if (options.typescript) env["PULUMI_NODEJS_TYPESCRIPT"] = "true";
  if (options.tsconfig !== undefined && options.tsconfig !== "") env["PULUMI_NODEJS_TSCONFIG_PATH"] = options.tsconfig;
  return env;
}

/**
 * Splits a string into words the way a POSIX shell would, minus expansions: whitespace separates words,
 * single quotes are literal, double quotes allow backslash escapes, a backslash escapes the next character.
 * `nodeargs: --max-old-space-size=4096 --require "./my hook.js"` therefore gives three words.
 */
export function splitShellWords(input: string): string[] {
  const words: string[] = [];
  let current = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;

  for (let i = 0; i < input.length; i++) {
    const ch = input[i] as string;
    const next = input[i + 1] ?? "";
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else current += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === "\\" && next !== "") {
        current += next;
        i++;
      } else current += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === "\\" && next !== "") {
      current += next;
      i++;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = "";
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote !== undefined) throw new Error(`nodeargs option has an unterminated ${quote} quote`);
  if (inWord) words.push(current);
  return words;
}
