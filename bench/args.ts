import { parseArgs, type ParseArgsOptionsConfig } from "node:util";

type Values<O extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true }>
>["values"];

/**
 * The benchmarks' command lines, read with node:util's parseArgs: `--help` (or `-h`) prints the usage; an unknown
 * option or a missing value prints what is wrong and the usage on stderr and exits with code 2, instead of a stack
 * trace.
 */
export function benchArgs<const O extends ParseArgsOptionsConfig>(
  usage: string,
  options: O,
  args: readonly string[] = process.argv.slice(2),
): Values<O> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  try {
    return parseArgs({ args: [...args], options, strict: true }).values;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${usage}\n`);
    process.exit(2);
  }
}
