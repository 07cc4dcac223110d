import { parseArgs } from "node:util";
import { ConfigError, formatIssue, loadPolicyConfig } from "../../src/core/index.js";
import { POLICIES } from "../../policy/policies/index.js";
import { EXIT, type Io } from "../io.js";

export const configCheckHelp = `Usage: stateguard config check [FILE]

Validates a policy-config.json (default: ./policy-config.json) the way the policy pack and the engine will,
strictly: wrong types, unknown policies and unknown properties are errors.

Exit codes: 0 valid, 2 invalid or unreadable.`;

export function configCheck(argv: string[], io: Io): number {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: {} });
  const file = positionals[0] ?? "policy-config.json";
  try {
    const config = loadPolicyConfig(file, POLICIES);
    const configured = Object.keys(config.policies).length;
    io.stdout.write(`${file}: valid (${configured} polic${configured === 1 ? "y" : "ies"} configured)\n`);
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.stderr.write(`${e.file}: invalid stateguard policy config\n`);
    for (const issue of e.issues) io.stderr.write(`  ${formatIssue(issue)}\n`);
    return EXIT.usage;
  }
}
