import { enableCompileCache } from "node:module";
import { EXIT, UsageError, type Io } from "./io.js";
import { packageVersion } from "../src/core/version.js";

// As tsc does: V8's compiled code of TypeScript (and of ours) is cached across runs, which halves start-up.
enableCompileCache();

const HELP = `stateguard: keeps stateful Pulumi resources alive.

Usage: stateguard <command> [options]

Commands:
  gate [FILE|-] [options]    block the destructive changes a preview is about to make
  config check [FILE]        validate a policy-config.json
  catalog [--format F]       print the catalog of stateful types (text or json)
  inventory [DIR]            predict the resources and URNs a Pulumi project registers, as a tree
  urn-diff --base REV [DIR]  find renames and moves that change URNs since REV, with the aliases to add (--fix)
  analyze [DIR]              every Pulumi project under DIR: what each function and component creates, and the
                             whole-program checks (conditional calls, colliding names, duplicate URNs, parents)

The policy pack:  pulumi preview --policy-pack node_modules/stateguard/policy --policy-pack-config policy-config.json
The ESLint rules: import stateguard from "stateguard/eslint"

Options: --help, --version, --debug (print stack traces of internal errors)

Exit codes: 0 success, 1 findings at error level, 2 usage or input error.`;

type Command = (argv: string[], io: Io) => number | Promise<number>;

/**
 * Each command's module is loaded when it runs: the policy pack, the gate and the analyzer each pull in heavy
 * dependencies (the CrossGuard SDK, TypeScript), and a command should not pay for the others' start-up.
 */
const COMMANDS: Record<string, () => Promise<{ run: Command; help: string }>> = {
  analyze: async () => {
    const m = await import("./commands/analyze.js");
    return { run: m.analyze, help: m.analyzeHelp };
  },
  "config check": async () => {
    const m = await import("./commands/config-check.js");
    return { run: m.configCheck, help: m.configCheckHelp };
  },
  catalog: async () => {
    const m = await import("./commands/catalog.js");
    return { run: m.catalog, help: m.catalogHelp };
  },
  gate: async () => {
    const m = await import("./commands/gate.js");
    return { run: m.gate, help: m.gateHelp };
  },
  inventory: async () => {
    const m = await import("./commands/inventory.js");
    return { run: m.inventory, help: m.inventoryHelp };
  },
  "urn-diff": async () => {
    const m = await import("./commands/urn-diff.js");
    return { run: m.urnDiff, help: m.urnDiffHelp };
  },
};

/** The CLI as a function: parses argv, runs one command, returns the exit code. Never calls process.exit. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const debug = argv.includes("--debug");
  const args = argv.filter((a) => a !== "--debug");
  if (args.length === 0 || args[0] === "--help" || args[0] === "-h" || args[0] === "help") {
    io.stdout.write(`${HELP}\n`);
    return args.length === 0 ? EXIT.usage : EXIT.ok;
  }
  if (args[0] === "--version") {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT.ok;
  }
  const key = [2, 1].map((n) => args.slice(0, n).join(" ")).find((k) => k in COMMANDS);
  const load = key ? COMMANDS[key] : undefined;
  if (!key || !load) {
    io.stderr.write(`stateguard: unknown command "${args.join(" ")}"\n\n${HELP}\n`);
    return EXIT.usage;
  }
  const rest = args.slice(key.split(" ").length);
  const command = await load();
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(`${command.help}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, debug ? { ...io, debug } : io);
  } catch (e) {
    if (
      e instanceof UsageError ||
      (e instanceof TypeError && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS"))
    ) {
      io.stderr.write(`stateguard ${key}: ${e.message}\n\n${command.help}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`stateguard ${key}: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (debug && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
    else io.stderr.write("Run again with --debug for the stack trace, and please report it.\n");
    return EXIT.usage;
  }
}
