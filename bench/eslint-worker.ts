import { ESLint, type Linter, type Rule } from "eslint";
import tseslint from "typescript-eslint";
import type ts from "typescript";
import stateguard from "../lint-rules/eslint/index.js";

/**
 * One ESLint run of the ESLint benchmark, in its own process: `node eslint-worker.js strict|floor DIR`. Lints every
 * TypeScript file under DIR (declaration files, node_modules, dist and bin left out) with typescript-eslint's
 * parser and `parserOptions.projectService`, and either stateguard's `strict` preset or the floor rule alone.
 * Prints { files, fatal, messages: { rule: count }, lintMs } as JSON.
 */

type Variant = "strict" | "floor";

/**
 * The type-checking floor: typed linting with no rule of ours. ESLint with typescript-eslint builds the project
 * service's program for every file whatever the rules, but creates the type checker only when a rule asks for it.
 * This rule asks, as every typed rule does, once per file: it takes the checker and the declared type of each of
 * the file's exports, so the floor pays for the checker, its global set-up and the types a file's interface
 * refers to, and nothing a particular rule would add.
 */
const typeInfoRule: Rule.RuleModule = {
  meta: { type: "problem", schema: [], docs: { description: "Take the type checker and type each export" } },
  create(context) {
    const services = context.sourceCode.parserServices as
      { program?: ts.Program; esTreeNodeToTSNodeMap?: { get(node: unknown): ts.Node } } | undefined;
    const program = services?.program;
    if (!program || !services.esTreeNodeToTSNodeMap) {
      throw new Error(`${context.filename}: no type information (parserOptions.projectService is not in effect)`);
    }
    const map = services.esTreeNodeToTSNodeMap;
    return {
      Program(node) {
        const checker = program.getTypeChecker();
        const module = checker.getSymbolAtLocation(map.get(node));
        if (!module) return;
        for (const symbol of checker.getExportsOfModule(module)) checker.getTypeOfSymbol(symbol);
      },
    };
  },
};

const floorPlugin: ESLint.Plugin = { meta: { name: "bench-floor" }, rules: { "type-info": typeInfoRule } };

const FILES = ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"];

function benchConfig(variant: Variant, dir: string): Linter.Config[] {
  const typed: Linter.Config = {
    files: FILES,
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: dir },
    },
  };
  const rules: Linter.Config =
    variant === "strict"
      ? (stateguard.configs.strict as Linter.Config)
      : { files: FILES, plugins: { "bench-floor": floorPlugin }, rules: { "bench-floor/type-info": "error" } };
  return [{ ignores: ["**/*.d.ts", "**/node_modules/**", "**/dist/**", "**/bin/**"] }, typed, rules];
}

async function main(): Promise<void> {
  const [variant, dir] = process.argv.slice(2);
  if (!dir || (variant !== "strict" && variant !== "floor")) {
    process.stderr.write("usage: eslint-worker strict|floor DIR\n");
    process.exitCode = 2;
    return;
  }
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: benchConfig(variant, dir),
    errorOnUnmatchedPattern: false,
  });
  const start = performance.now();
  const results = await eslint.lintFiles(FILES);
  const lintMs = performance.now() - start;
  const messages: Record<string, number> = {};
  let fatal = 0;
  const fatalSamples: string[] = [];
  for (const result of results) {
    for (const m of result.messages) {
      if (m.fatal) {
        fatal++;
        if (fatalSamples.length < 3) fatalSamples.push(`${result.filePath}: ${m.message}`);
      } else {
        const key = m.ruleId ?? "(none)";
        messages[key] = (messages[key] ?? 0) + 1;
      }
    }
  }
  process.stdout.write(`${JSON.stringify({ files: results.length, fatal, fatalSamples, messages, lintMs })}\n`);
}

await main();
