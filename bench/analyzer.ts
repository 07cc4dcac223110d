import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { benchArgs } from "./args.js";
import { ChildFailed, describeHost, load, runNode, type ChildRun, type Host } from "./child.js";
import {
  costTable,
  countTsFiles,
  missed,
  packageVersion,
  pulumiProjects,
  ratioText,
  realRepos,
  REPO_ROOT,
  sampled,
  stateguardRevision,
  warmPageCache,
  type Measured,
  type Ratio,
  type Sampled,
} from "./cost-report.js";
import { formatProfile, newestProfile, summarizeProfile, type ProfileSummary } from "./cpu-profile.js";
import { BASE_TAG, prepareMonorepo, type ExpectedFindings } from "./monorepo.js";

/**
 * What the project analyzer costs (issue 6): `stateguard analyze`, `inventory` and `urn-diff` against
 * `tsc --noEmit -p <project>/tsconfig.json`, the type-checking floor, on the generated monorepo and on the largest
 * real Pulumi repository. Measured per Pulumi project (each command on one project directory, each in its own
 * process), summed over the projects for time and the largest peak for memory; `analyze` is also run once over the
 * whole tree, as a user runs it at a monorepo's root. Targets: analyze <= 1.3 (time) and <= 1.5 (memory),
 * urn-diff (two revisions) <= 2.6 (time).
 *
 * Usage: see USAGE.
 */

const USAGE =
  "usage: node dist/bench/analyzer.js [--quick] [--runs N] [--repo DIR]... [--no-monorepo] [--no-real] [--max-projects N] [--profile] [--out FILE]";

const CLI = join(REPO_ROOT, "bin", "stateguard.js");
const TSC = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");

const TARGETS = { analyzeTime: 1.3, analyzeMemory: 1.5, urnDiffTime: 2.6 } as const;

type Variant = "tsc" | "inventory" | "analyze" | "urn-diff";
const LABELS: Record<Variant | "analyze-all", string> = {
  tsc: "tsc --noEmit -p <project> (floor)",
  inventory: "stateguard inventory <project>",
  analyze: "stateguard analyze <project>",
  "urn-diff": "stateguard urn-diff --base <rev> <project>",
  "analyze-all": "stateguard analyze <root> (one process)",
};

interface Sample {
  readonly ms: number;
  readonly cpuMs: number;
  readonly maxRssBytes: number;
  readonly status: number;
  /** Finding codes and their counts, from the JSON output. */
  readonly codes: Readonly<Record<string, number>>;
  /** inventory: registrations and predicted URNs; analyze: "resource registration" passed. */
  readonly registrations?: number;
  readonly urns?: number;
}

interface VariantResult extends Sampled {
  /** Per run: the sum of the projects' wall and CPU times, and the largest peak RSS. */
  readonly perRun: readonly Measured[];
  readonly perProject: Readonly<Record<string, readonly Sample[]>>;
}

interface TargetResult {
  readonly name: string;
  readonly dir: string;
  readonly description: string;
  readonly projects: readonly string[];
  /** Pulumi projects with a tsconfig.json in the tree, measured or not (--max-projects). */
  readonly projectsInTree: number;
  readonly excluded: Readonly<Record<string, string>>;
  readonly base?: string;
  readonly variants: Partial<Record<Variant | "analyze-all", VariantResult>>;
  readonly unavailable: Readonly<Partial<Record<Variant | "analyze-all", string>>>;
  readonly ratios: Readonly<Record<string, Ratio>>;
  readonly checks: readonly string[];
  readonly profile?: ProfileSummary;
}

interface AnalyzerResults {
  readonly date: string;
  readonly runs: number;
  readonly host: Host;
  readonly loadAverageAtEnd: number;
  readonly versions: Readonly<Record<string, string>>;
  readonly analyzeAvailable: boolean;
  readonly targets: readonly TargetResult[];
  readonly notes: readonly string[];
}

function analyzeAvailable(): boolean {
  const help = spawnSync(process.execPath, [CLI, "--help"], { encoding: "utf8" });
  return /^\s+analyze\b/m.test(help.stdout);
}

function codesOf(stdout: string): Record<string, number> {
  const codes: Record<string, number> = {};
  for (const m of stdout.matchAll(/"code":\s*"([A-Z_]+)"/g)) codes[m[1]!] = (codes[m[1]!] ?? 0) + 1;
  return codes;
}

function commandOf(
  variant: Variant | "analyze-all",
  project: string,
  base: string | undefined,
  typeErrorsAllowed: boolean,
): { script: string; args: string[]; okStatus: number[] } {
  switch (variant) {
    case "tsc":
      // 1 and 2: the program has type errors (a real repository may); it was checked all the same.
      return {
        script: TSC,
        args: ["--noEmit", "-p", join(project, "tsconfig.json")],
        okStatus: typeErrorsAllowed ? [0, 1, 2] : [0],
      };
    case "inventory":
      return { script: CLI, args: ["inventory", project, "--format", "json"], okStatus: [0] };
    case "analyze":
    case "analyze-all":
      return { script: CLI, args: ["analyze", project, "--format", "json"], okStatus: [0, 1] };
    case "urn-diff":
      return { script: CLI, args: ["urn-diff", "--base", base!, project, "--format", "json"], okStatus: [0, 1] };
  }
}

function measure(
  variant: Variant | "analyze-all",
  project: string,
  base: string | undefined,
  typeErrorsAllowed: boolean,
  nodeArgs: readonly string[] = [],
): Sample {
  const { script, args, okStatus } = commandOf(variant, project, base, typeErrorsAllowed);
  const run: ChildRun = runNode(script, args, { cwd: project, okStatus, nodeArgs });
  const sample: Sample = {
    ms: run.ms,
    cpuMs: run.cpuMs,
    maxRssBytes: run.maxRssBytes,
    status: run.status,
    codes: codesOf(run.stdout),
  };
  if (variant === "inventory") {
    const inventory = JSON.parse(run.stdout) as { resources: { urn: string | null }[] };
    return {
      ...sample,
      registrations: inventory.resources.length,
      urns: inventory.resources.filter((r) => r.urn !== null).length,
    };
  }
  if (variant === "analyze" || variant === "analyze-all") {
    const passed = /"resource registration":\s*(\d+)/.exec(run.stdout);
    return passed ? { ...sample, registrations: Number(passed[1]) } : sample;
  }
  return sample;
}

function gitBase(dir: string, preferred: string | undefined): string | undefined {
  const verify = (rev: string): boolean =>
    spawnSync("git", ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], { cwd: dir }).status === 0;
  if (preferred && verify(preferred)) return preferred;
  if (verify("HEAD~1")) return "HEAD~1";
  if (verify("HEAD")) return "HEAD";
  return undefined;
}

function failure(e: unknown): string {
  if (e instanceof ChildFailed) return e.summary;
  return e instanceof Error ? e.message : String(e);
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

function measureTarget(
  name: string,
  dir: string,
  description: string,
  options: {
    readonly runs: number;
    readonly analyze: boolean;
    readonly base?: string;
    readonly maxProjects?: number;
    readonly profile: boolean;
    /** A real repository may not type-check; the generated monorepo must. */
    readonly typeErrorsAllowed: boolean;
    readonly check?: (variants: TargetResult["variants"], projects: readonly string[]) => string[];
  },
  progress: (m: string) => void,
): TargetResult {
  progress(`${name}: ${dir}`);
  // With --max-projects, the largest projects by .ts files (then by path): where the commands do the most work.
  const all = pulumiProjects(dir);
  const projects =
    options.maxProjects === undefined || options.maxProjects >= all.length
      ? all
      : all
          .map((p) => ({ p, n: countTsFiles(p) }))
          .sort((a, b) => b.n - a.n || a.p.localeCompare(b.p))
          .slice(0, options.maxProjects)
          .map((x) => x.p)
          .sort();
  if (projects.length === 0) throw new Error(`${dir}: no Pulumi project with a tsconfig.json`);
  const base = gitBase(dir, options.base);
  const unavailable: Partial<Record<Variant | "analyze-all", string>> = {};
  if (!options.analyze) {
    unavailable.analyze = "not available in this build";
    unavailable["analyze-all"] = "not available in this build";
  }
  if (!base) unavailable["urn-diff"] = "not a git repository";
  const variants = (["tsc", "inventory", "analyze", "urn-diff"] as const).filter((v) => !unavailable[v]);
  warmPageCache(dir);

  const samples = new Map<string, Sample[]>();
  const failed = new Map<string, string>();
  const key = (v: string, p: string): string => `${v}\0${p}`;
  const wholeTree: Sample[] = [];
  for (let iteration = 0; iteration < options.runs; iteration++) {
    if (!unavailable["analyze-all"] && !failed.has(key("analyze-all", dir))) {
      progress(`  run ${iteration + 1}/${options.runs}: analyze over the whole tree`);
      try {
        wholeTree.push(measure("analyze-all", dir, base, options.typeErrorsAllowed));
      } catch (e) {
        failed.set(key("analyze-all", dir), failure(e));
      }
    }
    for (const [i, project] of projects.entries()) {
      const rel = relative(dir, project) || ".";
      for (const v of rotate(variants, iteration + i)) {
        if (failed.has(key(v, project))) continue;
        progress(`  run ${iteration + 1}/${options.runs}: ${rel}: ${v}`);
        try {
          const s = measure(v, project, base, options.typeErrorsAllowed);
          samples.set(key(v, project), [...(samples.get(key(v, project)) ?? []), s]);
        } catch (e) {
          failed.set(key(v, project), failure(e));
        }
      }
    }
  }

  // A variant that failed on every project is unavailable; a project where another variant failed is left out of
  // every sum, so that the sums compare the same projects.
  for (const v of variants) {
    if (projects.every((p) => failed.has(key(v, p)))) unavailable[v] = `failed: ${failed.get(key(v, projects[0]!))}`;
  }
  if (failed.has(key("analyze-all", dir)))
    unavailable["analyze-all"] = `failed: ${failed.get(key("analyze-all", dir))}`;
  const active = variants.filter((v) => !unavailable[v]);
  const excluded: Record<string, string> = {};
  for (const p of projects) {
    const bad = active.find((v) => failed.has(key(v, p)));
    if (bad) excluded[relative(dir, p) || "."] = `${bad}: ${failed.get(key(bad, p))!.split("\n")[0]!}`;
  }
  const included = projects.filter((p) => !excluded[relative(dir, p) || "."]);
  if (included.length === 0) throw new Error(`${dir}: every project failed: ${JSON.stringify(excluded)}`);

  const result: TargetResult["variants"] = {};
  for (const v of active) {
    const perRun = Array.from({ length: options.runs }, (_, run) => ({
      ms: included.reduce((sum, p) => sum + samples.get(key(v, p))![run]!.ms, 0),
      cpuMs: included.reduce((sum, p) => sum + samples.get(key(v, p))![run]!.cpuMs, 0),
      maxRssBytes: Math.max(...included.map((p) => samples.get(key(v, p))![run]!.maxRssBytes)),
    }));
    result[v] = {
      ...sampled(perRun),
      perRun,
      perProject: Object.fromEntries(included.map((p) => [relative(dir, p) || ".", samples.get(key(v, p))!])),
    };
  }
  if (!unavailable["analyze-all"] && wholeTree.length > 0) {
    result["analyze-all"] = {
      ...sampled(wholeTree),
      perRun: wholeTree.map((s) => ({ ms: s.ms, cpuMs: s.cpuMs, maxRssBytes: s.maxRssBytes })),
      perProject: { ".": wholeTree },
    };
  }

  const floor = result.tsc;
  const ratios: Record<string, Ratio> = {};
  if (floor) {
    const time = (v: Variant | "analyze-all"): number | undefined =>
      result[v] ? result[v].time.medianMs / floor.time.medianMs : undefined;
    const cpu = (v: Variant | "analyze-all"): number | undefined =>
      result[v] ? result[v].cpu.medianMs / floor.cpu.medianMs : undefined;
    const memory = (v: Variant | "analyze-all"): number | undefined =>
      result[v] ? result[v].rss.medianMs / floor.rss.medianMs : undefined;
    const put = (name: string, value: number | undefined, target?: number): void => {
      if (value !== undefined) ratios[name] = target === undefined ? { value } : { value, target };
    };
    put("analyze wall", time("analyze"), TARGETS.analyzeTime);
    put("analyze CPU", cpu("analyze"), TARGETS.analyzeTime);
    put("analyze memory", memory("analyze"), TARGETS.analyzeMemory);
    put("analyze <root> wall", time("analyze-all"), TARGETS.analyzeTime);
    put("analyze <root> CPU", cpu("analyze-all"), TARGETS.analyzeTime);
    put("analyze <root> memory", memory("analyze-all"), TARGETS.analyzeMemory);
    put("urn-diff wall", time("urn-diff"), TARGETS.urnDiffTime);
    put("urn-diff CPU", cpu("urn-diff"), TARGETS.urnDiffTime);
    put("urn-diff memory", memory("urn-diff"));
    put("inventory wall", time("inventory"));
    put("inventory CPU", cpu("inventory"));
    put("inventory memory", memory("inventory"));
  }

  let profile: ProfileSummary | undefined;
  const profiled = result.analyze ? "analyze" : result.inventory ? "inventory" : undefined;
  if (profiled && (options.profile || missed(Object.values(ratios)))) {
    // The largest project by floor time: where the command's own cost shows best.
    const largest = [...included].sort(
      (a, b) => samples.get(key("tsc", b))![0]!.ms - samples.get(key("tsc", a))![0]!.ms,
    )[0]!;
    const profileDir = join(REPO_ROOT, "bench", "results", "analyzer-profile", name);
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
    progress(`  profiling ${profiled} on ${relative(dir, largest) || "."} (--cpu-prof into ${profileDir})`);
    measure(profiled, largest, base, options.typeErrorsAllowed, ["--cpu-prof", "--cpu-prof-dir", profileDir]);
    profile = summarizeProfile(newestProfile(profileDir));
  }

  return {
    name,
    dir,
    description,
    projects: included.map((p) => relative(dir, p) || "."),
    projectsInTree: all.length,
    excluded,
    ...(base ? { base } : {}),
    variants: result,
    unavailable,
    ratios,
    checks: options.check
      ? options.check(
          result,
          included.map((p) => relative(dir, p) || "."),
        )
      : [],
    ...(profile ? { profile } : {}),
  };
}

/** What the commands found on the generated monorepo, against what the generator put there. */
function monorepoChecks(
  perProjectHead: Readonly<Record<string, number>>,
  registrations: number,
  expectedFindings: Readonly<Record<string, ExpectedFindings>>,
): (variants: TargetResult["variants"], projects: readonly string[]) => string[] {
  return (variants, projects) => {
    const out: string[] = [];
    const first = (v: Variant, p: string): Sample | undefined => variants[v]?.perProject[p]?.[0];
    const expected = projects.reduce((n, p) => n + (perProjectHead[basename(p)] ?? 0), 0);
    if (variants.inventory) {
      const got = projects.reduce((n, p) => n + (first("inventory", p)?.registrations ?? 0), 0);
      const urns = projects.reduce((n, p) => n + (first("inventory", p)?.urns ?? 0), 0);
      out.push(
        `inventory: ${got.toLocaleString("en-US")} registrations predicted (the generator wrote ${expected.toLocaleString("en-US")} in the working tree, ${registrations.toLocaleString("en-US")} at the base), ${urns.toLocaleString("en-US")} of them with a URN`,
      );
    }
    if (variants.analyze) {
      const got = projects.reduce((n, p) => n + (first("analyze", p)?.registrations ?? 0), 0);
      out.push(
        `analyze: ${got.toLocaleString("en-US")} resource registrations passed, findings ${codes(projects.map((p) => first("analyze", p)))}`,
      );
    }
    if (variants["urn-diff"]) {
      // What the refactoring made in the projects measured (bench/monorepo.ts, expectedFindings), against what
      // urn-diff found there: per project, so that a finding in the wrong project does not pass for another's.
      const keys = ["URN_RENAMED", "URN_MOVED", "STATEFUL_REMOVED", "URN_ALIASED"] as const;
      const found: Record<string, number> = {};
      const want: Record<string, number> = {};
      const mismatches: string[] = [];
      for (const p of projects) {
        const got = first("urn-diff", p)?.codes ?? {};
        for (const [c, n] of Object.entries(got)) found[c] = (found[c] ?? 0) + n;
        const expected = expectedFindings[basename(p)];
        if (!expected) {
          mismatches.push(`${p}: no expectation from the generator`);
          continue;
        }
        for (const c of keys) {
          want[c] = (want[c] ?? 0) + expected[c];
          if ((got[c] ?? 0) !== expected[c]) mismatches.push(`${p}: ${c} ${got[c] ?? 0}, expected ${expected[c]}`);
        }
        for (const c of ["URN_CHANGED", "URN_ALIAS_UNVERIFIED"]) {
          if (got[c]) mismatches.push(`${p}: ${c} ${got[c]}, expected 0`);
        }
      }
      const others = Object.entries(found).filter(([c]) => !(keys as readonly string[]).includes(c));
      out.push(
        `urn-diff: found ${keys.map((c) => `${c} ${found[c] ?? 0} (the refactoring: ${want[c] ?? 0})`).join(", ")}` +
          (others.length > 0 ? `; also ${others.map(([c, n]) => `${c} ${n}`).join(", ")}` : ""),
        mismatches.length === 0
          ? "urn-diff: every project's findings match its refactoring"
          : `urn-diff: MISMATCH with the refactoring: ${mismatches.join("; ")}`,
      );
    }
    return out;
  };
}

function codes(samples: readonly (Sample | undefined)[]): string {
  const total: Record<string, number> = {};
  for (const s of samples) for (const [c, n] of Object.entries(s?.codes ?? {})) total[c] = (total[c] ?? 0) + n;
  const text = Object.entries(total)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c} ${n}`)
    .join(", ");
  return text || "none";
}

function format(results: AnalyzerResults): string {
  const { host } = results;
  const out = [
    `Analyzer cost: stateguard's commands vs tsc --noEmit, ${results.date}, ${results.runs} run(s) each, interleaved`,
    `machine: ${host.cpus} CPUs (${host.cpuModel}), ${host.memoryGiB} GiB, Node ${host.node}; ` +
      Object.entries(results.versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(", "),
    `load average (1 min): ${host.loadAverage} at start, ${results.loadAverageAtEnd} at end`,
  ];
  if (!results.analyzeAvailable) out.push("analyze: not available in this build");
  for (const t of results.targets) {
    const rows = (["tsc", "inventory", "analyze", "urn-diff", "analyze-all"] as const)
      .filter((v) => t.variants[v])
      .map((v) => ({ label: LABELS[v], sampled: t.variants[v]! }));
    out.push(
      "",
      t.description,
      `  ${t.dir}: ${t.projects.length} of ${t.projectsInTree} project(s) measured${t.base ? `, urn-diff base ${t.base}` : ""}; ` +
        "per project each command in its own process; wall = sum over the projects, peak = the largest project's",
    );
    for (const [p, why] of Object.entries(t.excluded)) out.push(`  left out: ${p} (${why})`);
    out.push(costTable(rows));
    for (const [v, why] of Object.entries(t.unavailable)) out.push(`  ${v}: ${why}`);
    out.push("  ratios to the floor:", ...Object.entries(t.ratios).map(([n, r]) => `    ${ratioText(n, r)}`));
    for (const c of t.checks) out.push(`  ${c}`);
    if (t.profile) out.push(formatProfile(t.profile, "  CPU profile of one run on the largest project"));
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
    "max-projects": { type: "string" },
    profile: { type: "boolean", default: false },
    out: { type: "string", default: join(REPO_ROOT, "bench", "results", "analyzer.json") },
  });
  const runs = Number(values.runs ?? (values.quick ? 1 : 3));
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs must be a positive integer");
  const maxProjects = values["max-projects"] === undefined ? undefined : Number(values["max-projects"]);
  const progress = (m: string): void => {
    process.stderr.write(`${m}\n`);
  };
  const host = describeHost();
  const date = new Date().toISOString();
  const analyze = analyzeAvailable();
  const targets: TargetResult[] = [];
  const notes: string[] = [];
  if (!values["no-monorepo"]) {
    const repo = prepareMonorepo(undefined, progress);
    const c = repo.counts;
    targets.push(
      measureTarget(
        "monorepo",
        repo.dir,
        `generated monorepo: ${c.tsFiles} .ts files, ${repo.projects.length} Pulumi projects + component library, ${c.registrations.toLocaleString("en-US")} resource registrations at the base revision`,
        {
          runs,
          analyze,
          base: BASE_TAG,
          ...(maxProjects === undefined ? {} : { maxProjects }),
          profile: values.profile,
          typeErrorsAllowed: false,
          check: monorepoChecks(c.perProjectHead, c.registrations, c.expectedFindings),
        },
        progress,
      ),
    );
  }
  const real = values["no-real"] ? [] : realRepos(values.repo);
  if (real.length === 0 && !values["no-real"])
    notes.push("real repository: none given (--repo) and none prepared under /work/scratch/precision");
  for (const r of real) {
    targets.push(
      measureTarget(
        `real-${basename(r.dir)}`,
        r.dir,
        `real repository ${r.dir}: ${r.tsFiles} .ts files`,
        {
          runs,
          analyze,
          ...(maxProjects === undefined ? {} : { maxProjects }),
          profile: values.profile,
          typeErrorsAllowed: true,
        },
        progress,
      ),
    );
  }
  const results: AnalyzerResults = {
    date,
    runs,
    host,
    loadAverageAtEnd: load(),
    versions: { typescript: packageVersion("typescript"), stateguard: stateguardRevision() },
    analyzeAvailable: analyze,
    targets,
    notes,
  };
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${format(results)}\n`);
  progress(`results: ${values.out}`);
}

if (process.argv[1]?.endsWith(join("bench", "analyzer.js"))) main();
