import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { policyConfigJsonSchema } from "../src/core/index.js";
import { POLICIES } from "../policy/policies/index.js";

/**
 * Writes the files generated from policy metadata. With --check it writes nothing and exits 1 when a generated
 * file is stale, so CI catches metadata changes that were not regenerated.
 */

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, here.includes(join("dist", "scripts")) ? "../.." : "..");

function generated(): Map<string, string> {
  const files = new Map<string, string>();
  files.set("schema/policy-config.schema.json", `${JSON.stringify(policyConfigJsonSchema(POLICIES), null, 2)}\n`);
  return files;
}

const check = process.argv.includes("--check");
let stale = 0;
for (const [file, content] of generated()) {
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
