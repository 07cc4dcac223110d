import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchArgs } from "./args.js";
import { describeHost, load, runNode, type ChildRun, type Host } from "./child.js";
import {
  costTable,
  interleave,
  missed,
  packageVersion,
  ratioText,
  realRepos,
  REPO_ROOT,
  sampled,
  stateguardRevision,
  warmPageCache,
  type Ratio,
  type Sampled,
} from "./cost-report.js";
import { formatProfile, newestProfile, summarizeProfile, type ProfileSummary } from "./cpu-profile.js";
import { prepareMonorepo } from "./monorepo.js";

/**
 * What stateguard's `strict` preset costs an ESLint run (issue 5): wall time and peak memory of ESLint with the
 * preset, as a ratio to ESLint with the same typed parser set-up and no rule of ours (the type-checking floor, see
 * eslint-worker.ts), on the generated monorepo and on the largest real Pulumi repository. Target <= 1.15 for both.
 *
 * Usage: see USAGE.
 */

const USAGE =
  "usage: node dist/bench/eslint.js [--quick] [--runs N] [--repo DIR]... [--no-monorepo] [--no-real] [--profile] [--out FILE]";

const here = dirname(fileURLToPath(import.meta.url));
const WORKER = join(here, "eslint-worker.js");
const TARGET = 1.15;
const VARIANTS = ["floor", "strict"] as const;
type Variant = (typeof VARIANTS)[number];
const LABELS: Record<Variant, string> = {
  floor: "floor: typed parser, no rules",
  strict: "stateguard strict preset",
};

interface WorkerOutput {
  readonly files: number;
  readonly fatal: number;
  readonly fatalSamples: readonly string[];
  readonly messages: Readonly<Record<string, number>>;
  readonly lintMs: number;
}

interface Sample extends WorkerOutput {
  readonly ms: number;
  readonly cpuMs: number;
  readonly maxRssBytes: number;
}

interface TargetResult {
  readonly name: string;
  readonly dir: string;
  readonly description: string;
  readonly variants: Record<Variant, Sampled & { readonly samples: readonly Sample[] }>;
  readonly time: Ratio;
  readonly cpu: Ratio;
  readonly memory: Ratio;
  readonly files: number;
  readonly fatal: number;
  readonly findings: Readonly<Record<string, number>>;
  readonly profile?: ProfileSummary;
}

interface EslintResults {
  readonly date: string;
  readonly runs: number;
  readonly host: Host;
  readonly loadAverageAtEnd: number;
  readonly versions: Readonly<Record<string, string>>;
  readonly targets: readonly TargetResult[];
  readonly notes: readonly string[];
}

function lint(variant: Variant, dir: string, extraNodeArgs: readonly string[] = []): Sample {
  const run: ChildRun = runNode(WORKER, [variant, dir], { cwd: dir, nodeArgs: extraNodeArgs });
  const out = JSON.parse(run.stdout) as WorkerOutput;
  return { ...out, ms: run.ms, cpuMs: run.cpuMs, maxRssBytes: run.maxRssBytes };
}

function measureTarget(
  name: string,
  dir: string,
  description: string,
  runs: number,
  profile: boolean,
  progress: (m: string) => void,
): TargetResult {
  progress(`${name}: ${dir}`);
  warmPageCache(dir);
  const samples = interleave(VARIANTS, runs, (v) => lint(v, dir), progress);
  const variants: TargetResult["variants"] = {
    floor: { ...sampled(samples.floor), samples: samples.floor },
    strict: { ...sampled(samples.strict), samples: samples.strict },
  };
  const first = samples.strict[0]!;
  for (const v of VARIANTS) {
    for (const s of samples[v]) {
      if (s.files !== first.files) throw new Error(`${name}: ${v} linted ${s.files} files, strict ${first.files}`);
    }
  }
  const time = { value: variants.strict.time.medianMs / variants.floor.time.medianMs, target: TARGET };
  const cpu = { value: variants.strict.cpu.medianMs / variants.floor.cpu.medianMs, target: TARGET };
  const memory = { value: variants.strict.rss.medianMs / variants.floor.rss.medianMs, target: TARGET };
  let summary: ProfileSummary | undefined;
  if (profile || missed([time, cpu, memory])) {
    const profileDir = join(REPO_ROOT, "bench", "results", "eslint-profile", name);
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
    progress(`  profiling the strict run (--cpu-prof into ${profileDir})`);
    lint("strict", dir, ["--cpu-prof", "--cpu-prof-dir", profileDir]);
    summary = summarizeProfile(newestProfile(profileDir));
  }
  return {
    name,
    dir,
    description,
    variants,
    time,
    cpu,
    memory,
    files: first.files,
    fatal: first.fatal,
    findings: first.messages,
    ...(summary ? { profile: summary } : {}),
  };
}

function format(results: EslintResults): string {
  const { host } = results;
  const out = [
    `ESLint cost: stateguard strict vs the typed floor, ${results.date}, ${results.runs} run(s) each, interleaved`,
    `machine: ${host.cpus} CPUs (${host.cpuModel}), ${host.memoryGiB} GiB, Node ${host.node}; ` +
      Object.entries(results.versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(", "),
    `load average (1 min): ${host.loadAverage} at start, ${results.loadAverageAtEnd} at end`,
  ];
  for (const t of results.targets) {
    out.push(
      "",
      t.description,
      `  ${t.dir}: ${t.files} files linted, ${t.fatal} not parsed (not in any tsconfig, or a syntax error)`,
      costTable(VARIANTS.map((v) => ({ label: LABELS[v], sampled: t.variants[v] }))),
      `  strict / floor: ${ratioText("wall time", t.time)}, ${ratioText("CPU time", t.cpu)}, ${ratioText("peak memory", t.memory)}`,
      `  findings of strict: ${
        Object.entries(t.findings)
          .sort((a, b) => b[1] - a[1])
          .map(([rule, n]) => `${rule.replace("stateguard/", "")} ${n}`)
          .join(", ") || "none"
      }`,
    );
    if (t.profile) out.push(formatProfile(t.profile, "  CPU profile of one strict run"));
  }
  if (results.notes.length > 0) out.push("", ...results.notes);
  return out.join("\n");
}

function main(): void {
  const values = benchArgs(USAGE, {
    quick: { type: "boolean", default: false },
    runs: { type: "string" },
    repo: { type: "string", multiple: true, default: [] },
    "no-monorepo": { type: "boolean", default: false },
    "no-real": { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
    out: { type: "string", default: join(REPO_ROOT, "bench", "results", "eslint.json") },
  });
  const runs = Number(values.runs ?? (values.quick ? 1 : 3));
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer`);
  const progress = (m: string): void => {
    process.stderr.write(`${m}\n`);
  };
  const host = describeHost();
  const date = new Date().toISOString();
  const targets: TargetResult[] = [];
  const notes: string[] = [];
  if (!values["no-monorepo"]) {
    const repo = prepareMonorepo(undefined, progress);
    const c = repo.counts;
    targets.push(
      measureTarget(
        "monorepo",
        repo.dir,
        `generated monorepo: ${c.tsFiles} .ts files (${c.lines.toLocaleString("en-US")} lines), ${repo.projects.length} Pulumi projects + component library, ${c.registrations.toLocaleString("en-US")} resource registrations`,
        runs,
        values.profile,
        progress,
      ),
    );
  }
  const real = values["no-real"] ? [] : realRepos(values.repo);
  if (real.length === 0)
    notes.push("real repository: none given (--repo) and none prepared under /work/scratch/precision");
  for (const r of real) {
    targets.push(
      measureTarget(
        `real-${r.dir.split("/").pop() ?? "repo"}`,
        r.dir,
        `real repository ${r.dir}: ${r.tsFiles} .ts files`,
        runs,
        values.profile,
        progress,
      ),
    );
  }
  const results: EslintResults = {
    date,
    runs,
    host,
    loadAverageAtEnd: load(),
    versions: {
      eslint: packageVersion("eslint"),
      "typescript-eslint": packageVersion("typescript-eslint"),
      typescript: packageVersion("typescript"),
      stateguard: stateguardRevision(),
    },
    targets,
    notes,
  };
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${format(results)}\n`);
  progress(`results: ${values.out}`);
}

if (process.argv[1]?.endsWith(join("bench", "eslint.js"))) main();
