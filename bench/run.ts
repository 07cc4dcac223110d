import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../test/engine/bench.js";
import { benchArgs } from "./args.js";
import { currentLoad, describeMachine } from "./machine.js";
import { medianRatio } from "./measure.js";
import { benchPackStartup, type StartupVariant } from "./pack-startup.js";
import { benchPreview } from "./preview.js";
import { formatReport, type BenchResults, type StartupResult } from "./report.js";

/**
 * stateguard's benchmark: policy pack start-up (precompiled JS against TypeScript compiled by the SDK's ts-node)
 * and `pulumi preview` on a 200-resource program without and with the pack, every pair measured side by side in
 * one run. Usage: node dist/bench/run.js [--runs N] [--quick]. See bench/README.md.
 */

const DEFAULT_STARTUP_RUNS = 7;
const DEFAULT_PREVIEW_RUNS = 5;
const QUICK_RUNS = 3;
const RESULTS_FILE = join(REPO_ROOT, "bench", "results", "latest.json");

interface Runs {
  readonly startup: number;
  readonly preview: number;
}

function parseRuns(argv: readonly string[]): Runs {
  const values = benchArgs(
    "usage: node dist/bench/run.js [--runs N] [--quick]",
    { runs: { type: "string" }, quick: { type: "boolean", default: false } },
    argv,
  );
  if (values.runs !== undefined) {
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs wants a positive integer, got "${values.runs}"`);
    return { startup: runs, preview: runs };
  }
  if (values.quick) return { startup: QUICK_RUNS, preview: QUICK_RUNS };
  return { startup: DEFAULT_STARTUP_RUNS, preview: DEFAULT_PREVIEW_RUNS };
}

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

async function measureStartup(runs: number, workDir: string): Promise<StartupResult> {
  const variants = await benchPackStartup(runs, workDir);
  const ratioToJs = Object.fromEntries(
    Object.entries(variants).map(([variant, summary]) => [variant, medianRatio(summary, variants.js)]),
  ) as Record<StartupVariant, number>;
  return { variants, ratioToJs };
}

async function main(): Promise<void> {
  const runs = parseRuns(process.argv.slice(2));
  const date = new Date().toISOString();
  const machine = describeMachine();
  const workDir = mkdtempSync(join(tmpdir(), "stateguard-bench-"));
  try {
    progress(`pack start-up: 3 variants x ${runs.startup} runs`);
    const startup = await measureStartup(runs.startup, join(workDir, "startup"));
    progress(`pulumi preview: 2 situations x 2 modes x ${runs.preview} runs`);
    const preview = await benchPreview(runs.preview, join(workDir, "preview"));
    const results: BenchResults = { date, runs, machine, loadAverageAtEnd: currentLoad(), startup, preview };
    process.stdout.write(`${formatReport(results)}\n`);
    mkdirSync(join(RESULTS_FILE, ".."), { recursive: true });
    writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
    progress(`results written to ${RESULTS_FILE}`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
