import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { summarize, type Summary } from "./measure.js";

/**
 * What the ESLint and analyzer cost benchmarks share: the repositories they run on (the generated monorepo, real
 * ones), interleaved sampling of child processes, and the table of medians and ratios against a floor.
 */

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(here, here.includes(join("dist", "bench")) ? "../.." : "..");

/** Where real Pulumi repositories are prepared for the precision study; the largest is used when none is given. */
export const REAL_REPOS_ROOT = "/work/scratch/precision";

export interface Sampled {
  /** Wall time. */
  readonly time: Summary;
  /** CPU time (user + system). */
  readonly cpu: Summary;
  /** Peak resident set size in bytes, summarised like the times. */
  readonly rss: Summary;
}

export interface Measured {
  readonly ms: number;
  readonly cpuMs: number;
  readonly maxRssBytes: number;
}

export function sampled(runs: readonly Measured[]): Sampled {
  return {
    time: summarize(runs.map((r) => r.ms)),
    cpu: summarize(runs.map((r) => r.cpuMs)),
    rss: summarize(runs.map((r) => r.maxRssBytes)),
  };
}

/**
 * Runs every variant `runs` times, rotating which goes first in each iteration, so that drift (page cache, another
 * job on the machine) falls on all variants alike. `measure` gets the iteration, for rotations of its own.
 */
export function interleave<V extends string, R>(
  variants: readonly V[],
  runs: number,
  measure: (variant: V, iteration: number) => R,
  progress: (message: string) => void,
): Record<V, R[]> {
  const out = Object.fromEntries(variants.map((v) => [v, [] as R[]])) as Record<V, R[]>;
  for (let iteration = 0; iteration < runs; iteration++) {
    const shift = iteration % variants.length;
    for (const variant of [...variants.slice(shift), ...variants.slice(0, shift)]) {
      progress(`  run ${iteration + 1}/${runs}: ${variant}`);
      out[variant].push(measure(variant, iteration));
    }
  }
  return out;
}

/** `.ts` files of a tree, declaration files, node_modules and hidden directories left out. */
export function countTsFiles(dir: string): number {
  let n = 0;
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      if (entry.isDirectory()) walk(join(d, entry.name));
      else if (/\.[cm]?tsx?$/.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) n++;
    }
  };
  walk(dir);
  return n;
}

/** Directories holding a Pulumi.yaml and a tsconfig.json (node_modules and hidden directories skipped). */
export function pulumiProjects(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    const entries = readdirSync(d, { withFileTypes: true });
    if (
      entries.some((e) => e.name === "Pulumi.yaml" || e.name === "Pulumi.yml") &&
      existsSync(join(d, "tsconfig.json"))
    )
      found.push(d);
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith(".") && entry.name !== "node_modules")
        walk(join(d, entry.name));
    }
  };
  walk(dir);
  return found.sort();
}

/**
 * The real repositories to measure: the ones given with --repo, else the largest by `.ts` files under
 * REAL_REPOS_ROOT (if that exists), else none.
 */
export function realRepos(given: readonly string[], root = REAL_REPOS_ROOT): { dir: string; tsFiles: number }[] {
  if (given.length > 0) return given.map((d) => resolve(d)).map((dir) => ({ dir, tsFiles: countTsFiles(dir) }));
  if (!existsSync(root)) return [];
  // The root may hold a node_modules shared by its repositories, and bookkeeping in hidden directories.
  const candidates = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith(".") && e.name !== "node_modules")
    .map((e) => join(root, e.name))
    .map((dir) => ({ dir, tsFiles: countTsFiles(dir) }))
    .sort((a, b) => b.tsFiles - a.tsFiles);
  return candidates.slice(0, 1);
}

/** Reads every source and declaration file once, so that no variant's first run pays for a cold page cache. */
export function warmPageCache(dir: string): void {
  const seen = new Set<string>();
  const walk = (d: string): void => {
    try {
      // Symbolic links are followed (node_modules is one): inodes keep a cycle from looping.
      const inode = statSync(d).ino.toString();
      if (seen.has(inode)) return;
      seen.add(inode);
    } catch {
      return;
    }
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.name === ".git") continue;
      let stat;
      try {
        stat = statSync(path);
      } catch {
        continue;
      }
      if (stat.isDirectory()) walk(path);
      else if (/\.(?:[cm]?tsx?|json)$/.test(entry.name)) readFileSync(path);
    }
  };
  walk(dir);
}

export function packageVersion(pkg: string): string {
  try {
    const require = createRequire(join(REPO_ROOT, "package.json"));
    return (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** The commit of the stateguard build, with "+ uncommitted changes" when the tree differs from it. */
export function stateguardRevision(): string {
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (head.status !== 0) return "unknown";
  const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  return `${head.stdout.trim()}${dirty.stdout.trim() === "" ? "" : " + uncommitted changes"}`;
}

export interface CostRow {
  readonly label: string;
  readonly sampled: Sampled;
}

const W = 9;

const ms = (v: number): string => Math.round(v).toLocaleString("en-US");
const mib = (v: number): string => Math.round(v / 2 ** 20).toLocaleString("en-US");

/** Median, min and max of wall time, CPU time and peak RSS, one row per variant. */
export function costTable(rows: readonly CostRow[]): string {
  const width = Math.max(...rows.map((r) => r.label.length)) + 2;
  const line = (label: string, cells: readonly string[]): string =>
    `  ${label.padEnd(width)}${cells.map((c) => c.padStart(W)).join("")}`;
  return [
    line("", ["wall ms", "", "", "CPU ms", "", "", "peak MB", "", ""]),
    line("", ["median", "min", "max", "median", "min", "max", "median", "min", "max"]),
    ...rows.map((r) =>
      line(r.label, [
        ms(r.sampled.time.medianMs),
        ms(r.sampled.time.minMs),
        ms(r.sampled.time.maxMs),
        ms(r.sampled.cpu.medianMs),
        ms(r.sampled.cpu.minMs),
        ms(r.sampled.cpu.maxMs),
        mib(r.sampled.rss.medianMs),
        mib(r.sampled.rss.minMs),
        mib(r.sampled.rss.maxMs),
      ]),
    ),
  ].join("\n");
}

export interface Ratio {
  readonly value: number;
  readonly target?: number;
}

export function ratioText(name: string, ratio: Ratio): string {
  const verdict =
    ratio.target === undefined
      ? ""
      : ` (target <= ${ratio.target}: ${ratio.value <= ratio.target ? "met" : "NOT met"})`;
  return `${name} ${ratio.value.toFixed(2)}x${verdict}`;
}

export function missed(ratios: readonly Ratio[]): boolean {
  return ratios.some((r) => r.target !== undefined && r.value > r.target);
}
