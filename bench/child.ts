import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, totalmem, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** One Node.js program run in its own process, timed from spawn to exit, with its peak memory. */

const here = dirname(fileURLToPath(import.meta.url));
const PRELOAD = pathToFileURL(join(here, "peak-rss.js")).href;

/** Old space for every measured process: big enough that no variant is slowed down by a heap near its limit. */
export const HEAP_MB = 8192;

export interface ChildRun {
  /** Wall time from spawn to exit, Node.js start-up included. */
  readonly ms: number;
  /** Peak resident set size of the process. */
  readonly maxRssBytes: number;
  /**
   * CPU time of the process (user + system, all threads). On a machine shared with other jobs it is the steadier
   * figure: a process that waits for a CPU accumulates wall time, not CPU time.
   */
  readonly cpuMs: number;
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class ChildFailed extends Error {
  override name = "ChildFailed";
  constructor(
    message: string,
    /** The exit code and the first lines of standard error: what a table can show. */
    readonly summary: string,
  ) {
    super(message);
  }
}

/**
 * Runs `node <script> ...args` with the peak-RSS preload. `okStatus` lists the exit codes that mean the program
 * did its job (the stateguard commands exit 1 when they have findings); any other code throws with the output.
 */
export function runNode(
  script: string,
  args: readonly string[],
  options: {
    readonly cwd: string;
    readonly okStatus?: readonly number[];
    readonly env?: NodeJS.ProcessEnv;
    /** Options for node itself (`--cpu-prof`). */
    readonly nodeArgs?: readonly string[];
  },
): ChildRun {
  const dir = mkdtempSync(join(tmpdir(), "sg-bench-rss-"));
  const rssFile = join(dir, "rss.json");
  try {
    const start = performance.now();
    const result = spawnSync(
      process.execPath,
      [`--max-old-space-size=${HEAP_MB}`, ...(options.nodeArgs ?? []), "--import", PRELOAD, script, ...args],
      {
        cwd: options.cwd,
        encoding: "utf8",
        maxBuffer: 1 << 30,
        env: { ...process.env, ...options.env, SG_BENCH_PEAK_RSS_FILE: rssFile },
      },
    );
    const ms = performance.now() - start;
    const status = result.status ?? -1;
    if (result.error) throw new ChildFailed(`node ${script}: ${result.error.message}`, result.error.message);
    if (!(options.okStatus ?? [0]).includes(status)) {
      const firstLines = result.stderr.split("\n").slice(0, 3).join(" / ");
      throw new ChildFailed(
        `node ${script} ${args.join(" ")} exited ${status} (signal ${result.signal ?? "none"}):\n` +
          `${result.stderr.slice(-4000)}${result.stdout.slice(-4000)}`,
        `exit ${status}: ${firstLines}`,
      );
    }
    const { maxRssBytes, cpuMs } = JSON.parse(readFileSync(rssFile, "utf8")) as { maxRssBytes: number; cpuMs: number };
    return { ms, maxRssBytes, cpuMs, status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The facts a reader needs to compare figures from two runs. */
export interface Host {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  /** 1-minute load average. */
  readonly loadAverage: number;
}

export function describeHost(): Host {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    loadAverage: load(),
  };
}

export function load(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}

export function mb(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MB`;
}
