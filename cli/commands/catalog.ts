import { parseArgs } from "node:util";
import { builtinCatalog } from "../../src/core/index.js";
import { EXIT, UsageError, type Io } from "../io.js";

export const catalogHelp = `Usage: stateguard catalog [--format text|json]

Prints the catalog of stateful resource types: why each is stateful, the properties that force a replacement,
and the provider's own deletion-protection fields.`;

export function catalog(argv: string[], io: Io): number {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { format: { type: "string", default: "text" } },
  });
  const entries = builtinCatalog.entries();
  if (values.format === "json") {
    io.stdout.write(`${JSON.stringify({ version: builtinCatalog.version, types: entries }, null, 2)}\n`);
    return EXIT.ok;
  }
  if (values.format !== "text") throw new UsageError(`--format must be text or json, not "${values.format}"`);
  io.stdout.write(`stateguard catalog ${builtinCatalog.version}: ${entries.length} stateful types\n\n`);
  for (const e of entries) {
    io.stdout.write(`${e.type}\n  ${e.category}: ${e.why}\n`);
    if (e.replaceOn.length > 0) io.stdout.write(`  replaced when changed: ${e.replaceOn.join(", ")}\n`);
    for (const f of e.deletionProtection) {
      io.stdout.write(
        `  deletion protection: ${f.property} = ${String(f.safeValue)}${f.requiredExplicitly ? " (must be set)" : ""}\n`,
      );
    }
  }
  return EXIT.ok;
}
