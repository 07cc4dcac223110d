import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { format } from "prettier";
import { policyConfigJsonSchema } from "../src/core/index.js";
import { POLICIES } from "../policy/policies/index.js";
import type { PolicyDefinition } from "../policy/define-policy.js";
import { addRuleFiles } from "./generate-rules.js";

/**
 * Writes the files generated from policy metadata. With --check it writes nothing and exits 1 when a generated
 * file is stale, so CI catches metadata changes that were not regenerated.
 */

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, here.includes(join("dist", "scripts")) ? "../.." : "..");

/** Thrown when a file that should carry generated content has lost its markers. */
class MarkerError extends Error {}

function readOrEmpty(file: string): string | undefined {
  try {
    return readFileSync(join(root, file), "utf8");
  } catch {
    return undefined;
  }
}

/** Replaces the text between two marker lines, keeping the markers. */
function replaceBetween(file: string, text: string, start: string, end: string, content: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end, from + start.length);
  if (from < 0 || to < 0) throw new MarkerError(`${file} has no ${start} ... ${end} markers`);
  return `${text.slice(0, from + start.length)}\n\n${content}${text.slice(to)}`;
}

const LEVEL_LINE =
  "**Level:** mandatory on protected stacks (or the level configured in `policy-config.json`), advisory elsewhere.";

function kindText(p: PolicyDefinition): string {
  return p.kind === "stack"
    ? "stack policy (checks the whole stack once, at the end of each preview and update)"
    : "resource policy (checks each resource before the engine plans its change)";
}

function docHeader(p: PolicyDefinition): string {
  return `# ${p.name}\n\n${p.description}\n\n${LEVEL_LINE} **Kind:** ${kindText(p)}.\n`;
}

function readmeTable(policies: readonly PolicyDefinition[]): string {
  const rows = policies.map(
    (p) => `| [\`${p.name}\`](docs/policies/${p.name}.md) | ${p.kind} | ${p.description.replace(/\|/g, "\\|")} |`,
  );
  return [
    "| policy | kind | what it enforces |",
    "| ------ | ---- | ---------------- |",
    ...rows,
    "",
    "Each is mandatory on protected stacks and advisory elsewhere; see [configuration](docs/configuration.md).",
    "",
  ].join("\n");
}

/** Generated markdown is formatted as `npx prettier --write` would, so formatting never makes it stale. */
function markdown(text: string): Promise<string> {
  return format(text, { parser: "markdown", printWidth: 120 });
}

async function generated(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  files.set("schema/policy-config.schema.json", `${JSON.stringify(policyConfigJsonSchema(POLICIES), null, 2)}\n`);
  const readme = readOrEmpty("README.md") ?? "";
  files.set(
    "README.md",
    replaceBetween(
      "README.md",
      readme,
      "<!-- policies:start -->",
      "<!-- policies:end -->",
      await markdown(readmeTable(POLICIES)),
    ),
  );
  for (const p of POLICIES) {
    const file = `docs/policies/${p.name}.md`;
    const page = readOrEmpty(file);
    if (page === undefined) throw new MarkerError(`${file} is missing: every policy needs a doc page`);
    const header = await markdown(docHeader(p));
    files.set(file, replaceBetween(file, page, "<!-- header:start -->", "<!-- header:end -->", header));
  }
  await addRuleFiles(files, readOrEmpty);
  return files;
}

const check = process.argv.includes("--check");
let stale = 0;
let files: Map<string, string>;
try {
  files = await generated();
} catch (e) {
  if (!(e instanceof MarkerError)) throw e;
  process.stderr.write(`${e.message}\n`);
  files = new Map();
  stale++;
}
for (const [file, content] of files) {
  const path = join(root, file);
  let current: string | undefined;
  try {
    current = readFileSync(path, "utf8");
  } catch {
    current = undefined;
  }
  if (current === content) continue;
  if (check) {
    process.stderr.write(`${relative(process.cwd(), path)} is stale: run \`npm run generate\`\n`);
    stale++;
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    process.stderr.write(`wrote ${file}\n`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
