import { parseArgs } from "node:util";
import {
  AnalyzerInputError,
  loadProject,
  predictResources,
  renderInventoryText,
  toJsonInventory,
} from "../../lint-rules/analyzer/index.js";
import { EXIT, UsageError, type Io } from "../io.js";

export const inventoryHelp = `Usage: stateguard inventory [DIR] [--format text|json]

Predicts, without running the program, the resources the Pulumi project in DIR (default: .) registers: the tree
of components and children, each resource's type, logical name, predicted URN (stack shown as <stack>), aliases,
protect, whether it is created under a condition or in a loop, and where in the source. Names that are not static
(configuration, lookups, outputs) are shown as unresolved. See docs/analyzer.md.

Exit codes: 0 printed, 2 usage error or bad input (no Pulumi.yaml, no tsconfig.json, @pulumi/pulumi not installed).`;

export function inventory(argv: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { format: { type: "string" } },
  });
  if (positionals.length > 1) throw new UsageError(`one directory at most, got ${positionals.length}`);
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json, not "${format}"`);
  try {
    const result = predictResources(loadProject(positionals[0] ?? "."));
    io.stdout.write(
      format === "json" ? `${JSON.stringify(toJsonInventory(result), null, 2)}\n` : renderInventoryText(result),
    );
    return EXIT.ok;
  } catch (e) {
    if (e instanceof AnalyzerInputError) {
      io.stderr.write(`stateguard inventory: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}
