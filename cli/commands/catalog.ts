import { parseArgs } from "node:util";
import {
  CatalogSettingsError,
  ConfigError,
  createCatalog,
  describeSafeValue,
  formatIssue,
  loadPolicyConfig,
  type Catalog,
  type StatefulTypeEntry,
} from "../../src/core/index.js";
import { POLICIES } from "../../policy/policies/index.js";
import { EXIT, UsageError, type Io } from "../io.js";

export const catalogHelp = `Usage: stateguard catalog [--format text|json] [--config FILE]

Prints the catalog of stateful resource types: why each is stateful, the properties that force a replacement,
and the provider's own deletion-protection fields. With --config, the catalog settings of that policy-config.json
(statefulTypes, notStateful, replaceOn, failClosed) are applied, and the entries they add or change are marked.

Exit codes: 0 printed, 2 usage error or invalid config.`;

const ORIGIN_NOTE: Record<StatefulTypeEntry["origin"], string> = {
  builtin: "",
  "user-added": " (added by policy-config.json)",
  "user-modified": " (changed by policy-config.json)",
  "fail-closed": " (failClosed)",
};

function loadCatalog(file: string | undefined, io: Io): Catalog | undefined {
  if (!file) return createCatalog();
  try {
    return createCatalog(loadPolicyConfig(file, POLICIES).settings);
  } catch (e) {
    if (!(e instanceof ConfigError) && !(e instanceof CatalogSettingsError)) throw e;
    io.stderr.write(`${e instanceof ConfigError ? e.file : file}: invalid stateguard policy config\n`);
    for (const issue of e.issues) io.stderr.write(`  ${formatIssue(issue)}\n`);
    return undefined;
  }
}

function printText(catalog: Catalog, config: string | undefined, io: Io): void {
  const entries = catalog.entries();
  const from = config ? ` (with ${config})` : "";
  io.stdout.write(`stateguard catalog ${catalog.version}${from}: ${entries.length} stateful types\n`);
  if (catalog.notStateful().length > 0) io.stdout.write(`not stateful: ${catalog.notStateful().join(", ")}\n`);
  if (catalog.failClosed) {
    io.stdout.write("failClosed: other custom resource types count as stateful on protected stacks\n");
  }
  io.stdout.write("\n");
  for (const e of entries) {
    io.stdout.write(`${e.type}${ORIGIN_NOTE[e.origin]}\n  ${e.category}: ${e.why}\n`);
    if (e.statefulWhen) io.stdout.write(`  stateful only when ${e.statefulWhen.present} is set\n`);
    if (e.replaceOn.length > 0) io.stdout.write(`  replaced when changed: ${e.replaceOn.join(", ")}\n`);
    for (const f of e.deletionProtection) {
      const unless = f.unless ? `, unless ${f.unless.property} = ${JSON.stringify(f.unless.equals)}` : "";
      io.stdout.write(
        `  deletion protection: ${f.property} = ${describeSafeValue(f)}${f.requiredExplicitly ? " (must be set)" : ""}${unless}\n`,
      );
    }
  }
}

export function catalog(argv: string[], io: Io): number {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { format: { type: "string", default: "text" }, config: { type: "string" } },
  });
  if (values.format !== "json" && values.format !== "text") {
    throw new UsageError(`--format must be text or json, not "${values.format}"`);
  }
  const merged = loadCatalog(values.config, io);
  if (!merged) return EXIT.usage;
  if (values.format === "json") {
    const document = {
      version: merged.version,
      ...(values.config ? { config: values.config } : {}),
      failClosed: merged.failClosed,
      notStateful: merged.notStateful(),
      types: merged.entries(),
    };
    io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return EXIT.ok;
  }
  printText(merged, values.config, io);
  return EXIT.ok;
}
