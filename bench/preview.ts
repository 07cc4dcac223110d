import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  BenchError,
  DEFAULT_POLICY_CONFIG,
  POLICY_PACK_DIR,
  Workspace,
  prepareBench,
  type RunResult,
} from "../test/engine/bench.js";
import { medianRatio, sampleInterleaved, timed, type Summary } from "./measure.js";
import { writeBenchProgram, type GeneratedProgram } from "./program.js";

/** `pulumi preview` wall time on the 200-resource program, without and with the stateguard pack. */

/** Ends in "-dev": stateguard classifies it as unprotected, the common case of a preview during development. */
const STACK = "bench-dev";
const PACK = "stateguard";
const PACK_ARGS = ["--policy-pack", POLICY_PACK_DIR, "--policy-pack-config", DEFAULT_POLICY_CONFIG];

export type PackMode = "without" | "with";
const MODES: readonly PackMode[] = ["without", "with"];

export const SITUATIONS = {
  create: "first preview (everything create)",
  same: "after `pulumi up` (everything same)",
} as const;
export type Situation = keyof typeof SITUATIONS;

export interface SituationResult {
  readonly without: Summary;
  readonly with: Summary;
  /** with / without, by medians. */
  readonly ratio: number;
}

export interface PreviewResult {
  readonly program: Omit<GeneratedProgram, "dir">;
  readonly situations: Record<Situation, SituationResult>;
}

export async function benchPreview(runs: number, workDir: string): Promise<PreviewResult> {
  const { dir, ...program } = writeBenchProgram(join(workDir, "program"));
  const ws = new Workspace(dir, prepareBench());
  try {
    await ws.initStack(STACK);
    const create = await measureSituation(ws, "create", program.total, runs);
    await ws.pulumiOk(["up", "--yes", "--skip-preview"]);
    const same = await measureSituation(ws, "same", program.total, runs);
    return { program, situations: { create, same } };
  } finally {
    // The workspace (program copy, state, PULUMI_HOME) lives under test/.tmp/ws/<name>/program.
    rmSync(dirname(ws.dir), { recursive: true, force: true });
  }
}

async function measureSituation(
  ws: Workspace,
  situation: Situation,
  expected: number,
  runs: number,
): Promise<SituationResult> {
  const previewOnce = async (mode: PackMode): Promise<number> =>
    timed(async () => {
      verifyPreview(await ws.pulumi(["preview", ...(mode === "with" ? PACK_ARGS : [])]), situation, mode, expected);
    });
  // Untimed first round: ts-node compiles the program once (then serves it from its cache) and the pack's
  // modules reach the page cache, so the first timed run of either mode does not carry that alone.
  for (const mode of MODES) await previewOnce(mode);
  const summaries = await sampleInterleaved(MODES, runs, previewOnce);
  return { without: summaries.without, with: summaries.with, ratio: medianRatio(summaries.with, summaries.without) };
}

/**
 * A preview that failed, planned something else, or did (not) run the pack would make its timing meaningless:
 * fail loudly with the whole output.
 */
function verifyPreview(result: RunResult, situation: Situation, mode: PackMode, expected: number): void {
  const fail = (why: string): never => {
    throw new BenchError(`preview (${situation}, ${mode} pack) ${why}:\n${result.output}`);
  };
  if (result.code !== 0) fail(`exited ${result.code}`);
  const counts = summaryCounts(result.plain);
  const want = situation === "create" ? { create: expected } : { unchanged: expected };
  if (JSON.stringify(counts) !== JSON.stringify(want)) {
    fail(`summarised ${JSON.stringify(counts)} instead of ${JSON.stringify(want)}`);
  }
  if (situation === "create" && createdSteps(result.stdout) !== expected) {
    fail(`listed ${createdSteps(result.stdout)} distinct create steps instead of ${expected}`);
  }
  const packReported = result.plain.includes(`${PACK}@v`);
  if (packReported !== (mode === "with")) fail(packReported ? "reported the pack" : "did not report the pack");
}

/** The "Resources:" summary as { create: 201 } or { unchanged: 201 }: the engine's own count of the plan. */
function summaryCounts(plain: string): Record<string, number> {
  const summary = /Resources: (.*?)(?: Duration:|$)/.exec(plain)?.[1] ?? "";
  const counts: Record<string, number> = {};
  for (const [, count, what] of summary.matchAll(/(?:[+~-]|\+-|-\+)?\s*(\d+) (?:to )?(\w+)/g)) {
    counts[what!] = Number(count);
  }
  return counts;
}

/**
 * Distinct resources on the `+ <type> <name> create` lines (the stack's line is printed twice). A step can follow
 * a progress line's dots on the same line, so the `+` need not start it; the type token has a colon, which keeps
 * the summary's `+ 211 to create` out.
 */
function createdSteps(stdout: string): number {
  const steps = [...stdout.matchAll(/(?:^|[ \t])\+[ \t]+(\S+:\S+)[ \t]+(\S+)[ \t]+create[ \t]*$/gm)].map(
    (m) => `${m[1]} ${m[2]}`,
  );
  return new Set(steps).size;
}
