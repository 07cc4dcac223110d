import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_POLICY_CONFIG, POLICY_PACK_DIR, REPO_ROOT, Workspace, prepareBench } from "../test/engine/bench.js";

/**
 * The main job on the bundled example: previews the example platform's data stack with the stateguard pack
 * under the real engine, step by step, and prints each verdict. Exits 0 when every verdict is the expected one.
 */

const EXAMPLE = join(REPO_ROOT, "examples", "platform", "data");
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string) => (text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
const bold = paint("1");
const red = paint("31");
const green = paint("32");
const yellow = paint("33");
const dim = paint("2");

interface PolicyEvent {
  resourceUrn?: string;
  message: string;
  policyName: string;
  enforcementLevel: string;
}

interface DiagnosticEvent {
  urn?: string;
  message: string;
  severity: string;
}

interface PreviewOutcome {
  code: number;
  policies: PolicyEvent[];
  errors: DiagnosticEvent[];
}

/** Previews with the pack and reads the engine's own event stream (one JSON event per line). */
async function previewWithPack(ws: Workspace): Promise<PreviewOutcome> {
  const result = await ws.pulumi(
    ["preview", "--json", "--policy-pack", POLICY_PACK_DIR, "--policy-pack-config", DEFAULT_POLICY_CONFIG],
    { env: { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" } },
  );
  const policies: PolicyEvent[] = [];
  const errors: DiagnosticEvent[] = [];
  for (const line of result.stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    let event: { policyEvent?: PolicyEvent; diagnosticEvent?: DiagnosticEvent };
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      continue;
    }
    if (event.policyEvent && event.policyEvent.policyName !== "stateguard-settings") policies.push(event.policyEvent);
    if (event.diagnosticEvent?.severity === "error") errors.push(event.diagnosticEvent);
  }
  policies.sort((a, b) => (a.resourceUrn ?? "").localeCompare(b.resourceUrn ?? ""));
  return { code: result.code, policies, errors };
}

function resourceName(urn: string | undefined): string {
  return urn ? urn.slice(urn.lastIndexOf("::") + 2) : "(stack)";
}

function printOutcome(outcome: PreviewOutcome): void {
  for (const p of outcome.policies) {
    const level = p.enforcementLevel === "mandatory" ? red("mandatory") : yellow(p.enforcementLevel);
    const [what, fix] = p.message.trim().split("\nFix: ");
    process.stdout.write(`    ${level} ${bold(p.policyName)} on ${bold(resourceName(p.resourceUrn))}\n`);
    process.stdout.write(`      ${dim(what ?? "")}\n`);
    if (fix) process.stdout.write(`      fix: ${fix}\n`);
  }
  const seen = new Set<string>();
  for (const e of outcome.errors) {
    const text = e.message
      .replace(/\u001b\[[0-9;]*m/g, "")
      .replace(/\s+/g, " ")
      .trim();
    if (!text || seen.has(text) || text === "preview failed") continue;
    seen.add(text);
    process.stdout.write(`    ${red("engine error")} ${text}\n`);
  }
}

interface Step {
  title: string;
  expect: "blocked" | "passes";
  run(): Promise<PreviewOutcome>;
}

async function main(): Promise<number> {
  process.stdout.write(`${bold("stateguard demo")}: the example platform's data stack under the real Pulumi engine\n`);
  const bench = prepareBench();
  if (bench.substituteLanguageHost) {
    process.stdout.write(
      dim("(the Node.js language host is stateguard's substitute; see test/engine/language-host)\n"),
    );
  }
  const prod = new Workspace(EXAMPLE, bench);
  const dev = new Workspace(EXAMPLE, bench);
  const steps: Step[] = [
    {
      title: "example-prod: the data stores are declared without protect",
      expect: "blocked",
      run: async () => {
        await prod.initStack("example-prod");
        return previewWithPack(prod);
      },
    },
    {
      title: "example-dev: the same code on a development stack",
      expect: "passes",
      run: async () => {
        await dev.initStack("example-dev");
        return previewWithPack(dev);
      },
    },
    {
      title: "example-prod: protect set on every data store",
      expect: "passes",
      run: async () => {
        await prod.pulumiOk(["config", "set", "protect", "true"]);
        return previewWithPack(prod);
      },
    },
    {
      title: "example-prod: deployed, then a change drops the database from the program",
      expect: "blocked",
      run: async () => {
        process.stdout.write(dim("    (pulumi up...)\n"));
        await prod.pulumiOk(["up", "--yes", "--skip-preview"]);
        copyFileSync(join(EXAMPLE, "story", "database-removed.ts"), join(prod.dir, "index.ts"));
        return previewWithPack(prod);
      },
    },
  ];

  let unexpected = 0;
  for (const [i, step] of steps.entries()) {
    process.stdout.write(`\n${bold(`${i + 1}. ${step.title}`)}\n`);
    const outcome = await step.run();
    const verdict = outcome.code === 0 ? "passes" : "blocked";
    const warnings = outcome.policies.filter((p) => p.enforcementLevel !== "mandatory").length;
    printOutcome(outcome);
    const label =
      verdict === "blocked"
        ? red("BLOCKED")
        : warnings > 0
          ? yellow(`PASSES with ${warnings} advisory warning${warnings === 1 ? "" : "s"}`)
          : green("PASSES");
    const asExpected = verdict === step.expect;
    if (!asExpected) unexpected++;
    process.stdout.write(`  verdict: ${label}${asExpected ? "" : red(` (expected: ${step.expect})`)}\n`);
  }
  process.stdout.write(
    `\n${unexpected === 0 ? green("Every verdict was the expected one.") : red(`${unexpected} verdict(s) differed from the story.`)}\n`,
  );
  return unexpected === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`stateguard demo failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
