import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { POLICY_PACK_DIR, REPO_ROOT } from "../test/engine/bench.js";
import { benchArgs } from "./args.js";
import { summarize, type Summary } from "./measure.js";
import {
  buildRequests,
  killLivePacks,
  runPass,
  violations,
  type EnforcementLevel,
  type PackLaunch,
  type PassResult,
  type Requests,
  type Tally,
} from "./pack-grpc-analyzer.js";
import {
  ensureAwsGuard,
  packageVersion,
  writeAwsGuardPack,
  writeFloorPack,
  writeShapeFloorPack,
} from "./pack-grpc-packs.js";
import { newestProfile, summarizePackProfile, writeExitOnSigterm, type ProfileSummary } from "./pack-grpc-profile.js";
import { BENCH_STACK, generateMix, summarizeMix, type BenchResource, type MixSummary } from "./pack-grpc-resources.js";

/**
 * The policy pack's cost over the engine's gRPC path (issue 3): N mixed resources analyzed by stateguard's pack and,
 * on the same inputs, by the SDK's floor (one no-op policy) and by @pulumi/awsguard on the AWS subset. Every pack is
 * started fresh for every pass, as for a preview, and the variants are interleaved run by run. See bench/README.md.
 *
 * Usage: node dist/bench/pack-grpc.js [--resources N] [--runs N] [--seed N] [--no-awsguard] [--no-per-policy]
 *        [--profile] [--out FILE]
 *        node dist/bench/pack-grpc.js --report [FILE]   (prints the table of a finished run again)
 */

const TARGET_RATIO = 1.3;
const CONCURRENCY = 8;
const RESULTS_FILE = join(REPO_ROOT, "bench", "results", "pack-grpc.json");
const PROFILE_DIR = join(REPO_ROOT, "bench", "results", "pack-grpc-profile");

type Mode = "seq" | "conc8";
type Mix = "full" | "aws";
type Pack = "floor" | "floorShape" | "stateguard" | "awsguard";

interface Cell {
  readonly id: string;
  readonly pack: Pack;
  readonly mix: Mix;
  readonly mode: Mode;
  /** Stateguard with only this policy enabled (all others "disabled" through Configure). */
  readonly only?: string;
}

interface CellResult {
  readonly cell: Cell;
  readonly activePolicies: readonly string[];
  readonly analyze: Summary;
  readonly stack: Summary;
  /** Analyze + AnalyzeStack per pass: what the pack adds to one preview once it is up. */
  readonly total: Summary;
  /** CPU of the pack process for Analyze + AnalyzeStack (undefined without /proc). */
  readonly packCpu?: Summary;
  readonly clientCpu: Summary;
  readonly analyzeTally: Tally;
  readonly stackTally: Tally;
}

interface Options {
  readonly resources: number;
  readonly runs: number;
  readonly seed: number;
  readonly awsguard: boolean;
  readonly perPolicy: boolean;
  readonly profile: boolean;
  readonly out: string;
}

function parseOptions(argv: readonly string[]): Options {
  const values = benchArgs(
    "usage: node dist/bench/pack-grpc.js [--resources N] [--runs N] [--seed N] [--no-awsguard] [--no-per-policy] [--profile] [--out FILE]\n       node dist/bench/pack-grpc.js --report [FILE]",
    {
      resources: { type: "string", default: "10000" },
      runs: { type: "string", default: "5" },
      seed: { type: "string", default: "20240601" },
      "no-awsguard": { type: "boolean", default: false },
      "no-per-policy": { type: "boolean", default: false },
      profile: { type: "boolean", default: false },
      out: { type: "string", default: RESULTS_FILE },
    },
    argv,
  );
  const positive = (name: string, raw: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} wants a positive integer, got "${raw}"`);
    return n;
  };
  return {
    resources: positive("resources", values.resources),
    runs: positive("runs", values.runs),
    seed: positive("seed", values.seed),
    awsguard: !values["no-awsguard"],
    perPolicy: !values["no-per-policy"],
    profile: values.profile,
    out: values.out,
  };
}

function progress(message: string): void {
  process.stderr.write(`[pack-grpc] ${message}\n`);
}

function sdkVersions(): Record<string, string> {
  const nm = join(REPO_ROOT, "node_modules");
  return {
    "@pulumi/policy": packageVersion(nm, "@pulumi/policy"),
    "@pulumi/pulumi": packageVersion(nm, "@pulumi/pulumi"),
    "@grpc/grpc-js": packageVersion(nm, "@grpc/grpc-js"),
    "google-protobuf": packageVersion(nm, "google-protobuf"),
  };
}

function machine(): Record<string, unknown> {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverageAtStart: Math.round(loadavg()[0]! * 100) / 100,
  };
}

// --- measuring -----------------------------------------------------------------------------------------------------

function sameTally(a: Tally, b: Tally): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function levelsFor(cell: Cell, stateguardPolicies: readonly string[]): Record<string, EnforcementLevel> | undefined {
  if (cell.only === undefined) return undefined;
  return Object.fromEntries(stateguardPolicies.filter((p) => p !== cell.only).map((p) => [p, "disabled" as const]));
}

/** Runs every cell `runs` times, rotating the order each iteration so that drift falls on all cells alike. */
async function measure(
  cells: readonly Cell[],
  runs: number,
  pass: (cell: Cell) => Promise<PassResult>,
): Promise<CellResult[]> {
  const samples = new Map<string, PassResult[]>(cells.map((c) => [c.id, []]));
  for (let run = 0; run < runs; run++) {
    const shift = (run * Math.max(1, Math.floor(cells.length / runs))) % cells.length;
    const order = [...cells.slice(shift), ...cells.slice(0, shift)];
    const started = performance.now();
    for (const cell of order) samples.get(cell.id)!.push(await pass(cell));
    progress(
      `run ${run + 1}/${runs}: ${cells.length} passes in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
  }
  return cells.map((cell) => {
    const list = samples.get(cell.id)!;
    const first = list[0]!;
    for (const r of list) {
      // The packs are deterministic: a pass that saw other diagnostics did not analyze the same thing.
      if (!sameTally(r.analyze, first.analyze) || !sameTally(r.stack, first.stack)) {
        throw new Error(`${cell.id}: diagnostics differ between runs`);
      }
    }
    const cpu = list.map((r) =>
      r.analyzePackCpuMs === undefined || r.stackPackCpuMs === undefined
        ? undefined
        : r.analyzePackCpuMs + r.stackPackCpuMs,
    );
    return {
      cell,
      activePolicies: first.activePolicies,
      analyze: summarize(list.map((r) => r.analyzeMs)),
      stack: summarize(list.map((r) => r.stackMs)),
      total: summarize(list.map((r) => r.analyzeMs + r.stackMs)),
      ...(cpu.every((c) => c !== undefined) ? { packCpu: summarize(cpu) } : {}),
      clientCpu: summarize(list.map((r) => r.analyzeClientCpuMs)),
      analyzeTally: first.analyze,
      stackTally: first.stack,
    };
  });
}

// --- reporting -----------------------------------------------------------------------------------------------------

const fmt = (ms: number): string => Math.round(ms).toLocaleString("en-US");
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;
const span = (s: Summary): string => `${fmt(s.medianMs)} [${fmt(s.minMs)}–${fmt(s.maxMs)}]`;

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(head), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)].join("\n");
}

interface Report {
  readonly date: string;
  readonly options: Options;
  readonly machine: Record<string, unknown>;
  readonly versions: Record<string, string>;
  readonly mix: { readonly full: MixSummary; readonly aws: MixSummary };
  readonly cells: readonly CellResult[];
  readonly headline: Record<string, number>;
  readonly perPolicy?: Record<string, number>;
  readonly profile?: ProfileSummary;
  readonly loadAverageAtEnd: number;
}

function find(results: readonly CellResult[], id: string): CellResult | undefined {
  return results.find((r) => r.cell.id === id);
}

function mixLine(m: MixSummary): string {
  const clouds = Object.entries(m.byCloud)
    .map(([c, n]) => `${c} ${fmt(n)}`)
    .join(", ");
  return (
    `${fmt(m.total)} resources (${clouds}; ${m.distinctTypes} types), ${fmt(m.stateful)} stateful of which ` +
    `${fmt(m.statefulUnprotected)} unprotected, ${m.deleteBeforeReplace} with deleteBeforeReplace, ` +
    `${m.meanPropsBytes} B of props on average`
  );
}

function packRows(results: readonly CellResult[], mix: Mix, packs: readonly Pack[], label: Record<Pack, string>) {
  const floorSeq = find(results, `floor/${mix}/seq`)!;
  const floorConc = find(results, `floor/${mix}/conc8`);
  return packs
    .map((pack) => [pack, find(results, `${pack}/${mix}/seq`), find(results, `${pack}/${mix}/conc8`)] as const)
    .filter(([, seq]) => seq !== undefined)
    .map(([pack, seq, conc]) => {
      const s = seq!;
      return [
        label[pack],
        String(s.activePolicies.length),
        span(s.analyze),
        span(s.stack),
        span(s.total),
        ratio(s.total.medianMs, floorSeq.total.medianMs),
        s.packCpu && floorSeq.packCpu
          ? `${fmt(s.packCpu.medianMs)} (${ratio(s.packCpu.medianMs, floorSeq.packCpu.medianMs)})`
          : "n/a",
        conc ? span(conc.total) : "-",
        conc && floorConc ? ratio(conc.total.medianMs, floorConc.total.medianMs) : "-",
        fmt(violations(s.analyzeTally) + violations(s.stackTally)),
      ];
    });
}

function formatReport(r: Report): string {
  const out: string[] = [];
  const label: Record<Pack, string> = {
    floor: "floor (1 no-op policy)",
    floorShape: "floor, stateguard's shape (6 no-ops)",
    stateguard: "stateguard",
    awsguard: `@pulumi/awsguard ${r.versions["@pulumi/awsguard"] ?? ""}`.trim(),
  };
  const m = r.machine;
  out.push(
    `Policy pack cost over gRPC: ${fmt(r.options.resources)} resources, stack "${BENCH_STACK}" (protected), ` +
      `${r.options.runs} runs per cell, a fresh pack per pass; median [min–max] ms`,
  );
  out.push(
    `machine: ${String(m.cpus)} CPUs (${String(m.cpuModel)}), ${String(m.memoryGiB)} GiB, node ${String(m.node)}, ` +
      Object.entries(r.versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ") +
      `; load ${String(m.loadAverageAtStart)} -> ${r.loadAverageAtEnd}`,
  );
  out.push("");
  out.push(`Full mix: ${mixLine(r.mix.full)}`);
  const head = [
    "pack",
    "policies",
    "Remediate+Analyze x N, sequential",
    "AnalyzeStack",
    "total",
    "vs floor",
    "pack CPU (vs floor)",
    `total, ${CONCURRENCY} in flight`,
    "vs floor",
    "violations",
  ];
  out.push(table(head, packRows(r.cells, "full", ["floor", "floorShape", "stateguard"], label)));
  out.push("");
  const h = r.headline;
  const verdict = (v: number | undefined) =>
    v === undefined ? "n/a" : `${v.toFixed(2)}x (${v <= TARGET_RATIO ? "met" : "NOT met"})`;
  out.push(
    `stateguard / floor, target <= ${TARGET_RATIO}: pack CPU ${verdict(h.ratioCpu)}; wall, sequential ` +
      `${verdict(h.ratioSeq)}; wall, ${CONCURRENCY} in flight ${verdict(h.ratioConc)}`,
  );
  if (h.ratioShapeCpu !== undefined) {
    const us = (v: number | undefined) => (v === undefined ? "n/a" : `${v.toFixed(0)} µs`);
    out.push(
      `pack CPU per resource (Remediate + Analyze + its share of AnalyzeStack): floor ${us(h.floorCpuUsPerResource)}, ` +
        `6 no-ops ${us(h.shapeCpuUsPerResource)}, stateguard ${us(h.stateguardCpuUsPerResource)}: the SDK's ` +
        `per-policy overhead for 6 policies is ${us(h.shapeCpuUsPerResource! - h.floorCpuUsPerResource!)}, ` +
        `stateguard's own code ${us(h.stateguardCpuUsPerResource! - h.shapeCpuUsPerResource!)} ` +
        `(stateguard / 6 no-ops: ${h.ratioShapeCpu.toFixed(2)}x)`,
    );
  }
  const sg = find(r.cells, "stateguard/full/seq")!;
  out.push(
    `stateguard's diagnostics: ${Object.entries({ ...sg.analyzeTally.byPolicy })
      .map(([p, n]) => `${p} ${fmt(n)}`)
      .join(", ")}; AnalyzeStack: ${Object.entries(sg.stackTally.byPolicy)
      .map(([p, n]) => `${p} ${fmt(n)}`)
      .join(", ")}`,
  );

  if (find(r.cells, "floor/aws/seq")) {
    out.push("");
    out.push(`AWS subset: ${mixLine(r.mix.aws)}`);
    out.push(table(head, packRows(r.cells, "aws", ["floor", "stateguard", "awsguard"], label)));
    if (r.perPolicy) {
      const p = r.perPolicy;
      const us = (v: number | undefined) => (v === undefined ? "n/a" : `${v.toFixed(1)} µs`);
      const ms = (v: number | undefined) => (v === undefined ? "n/a" : fmt(v));
      out.push("");
      out.push(
        `Cost per policy on the AWS subset = (pack - floor) / active policies, sequential, Analyze + AnalyzeStack ` +
          `(${fmt(p.resources!)} resources):`,
      );
      out.push(
        table(
          [
            "pack",
            "active policies",
            "wall - floor",
            "per policy",
            "per policy per resource",
            "pack CPU - floor",
            "per policy",
            "per policy per resource",
          ],
          (["stateguard", "awsguard"] as const).map((k) => [
            k === "stateguard" ? "stateguard" : "@pulumi/awsguard",
            String(p[`${k}Policies`]),
            ms(p[`${k}ExtraMs`]),
            ms(p[`${k}PerPolicyMs`]),
            us(p[`${k}PerPolicyUs`]),
            ms(p[`${k}CpuExtraMs`]),
            ms(p[`${k}CpuPerPolicyMs`]),
            us(p[`${k}CpuPerPolicyUs`]),
          ]),
        ),
      );
      out.push(
        `stateguard / awsguard per policy: wall ${p.perPolicyRatio!.toFixed(2)}x, pack CPU ` +
          `${p.cpuPerPolicyRatio !== undefined ? `${p.cpuPerPolicyRatio.toFixed(2)}x` : "n/a"} (target: < 1, cheaper per ` +
          `policy: ${(p.cpuPerPolicyRatio ?? p.perPolicyRatio!) < 1 ? "met" : "NOT met"})`,
      );
      if (awsguardHits(r)) out.push(`awsguard's diagnostics: ${awsguardHits(r)}`);
    }
  }

  const singles = r.cells.filter((c) => c.cell.only !== undefined);
  if (singles.length > 0) {
    const floor = find(r.cells, "floor/full/seq")!;
    out.push("");
    out.push("stateguard, one policy at a time (all others disabled through Configure), full mix, sequential:");
    out.push(
      table(
        ["policy", "total", "- floor", "per resource", "pack CPU - floor", "per resource (CPU)", "violations"],
        singles.map((s) => {
          const cpu = s.packCpu && floor.packCpu ? s.packCpu.medianMs - floor.packCpu.medianMs : undefined;
          return [
            s.cell.only!,
            span(s.total),
            fmt(s.total.medianMs - floor.total.medianMs),
            `${(((s.total.medianMs - floor.total.medianMs) * 1000) / r.options.resources).toFixed(1)} µs`,
            cpu === undefined ? "n/a" : fmt(cpu),
            cpu === undefined ? "n/a" : `${((cpu * 1000) / r.options.resources).toFixed(1)} µs`,
            fmt(violations(s.analyzeTally) + violations(s.stackTally)),
          ];
        }),
      ),
    );
    const sum = singles.reduce((acc, s) => acc + (s.total.medianMs - floor.total.medianMs), 0);
    const cpuSum =
      singles.every((s) => s.packCpu) && floor.packCpu && sg.packCpu
        ? ` (pack CPU: ${fmt(singles.reduce((acc, s) => acc + s.packCpu!.medianMs - floor.packCpu!.medianMs, 0))} ms; ` +
          `all together ${fmt(sg.packCpu.medianMs - floor.packCpu.medianMs)} ms)`
        : "";
    out.push(
      `sum of the single-policy costs: ${fmt(sum)} ms; all together: ${fmt(sg.total.medianMs - floor.total.medianMs)} ms${cpuSum}`,
    );
  }

  if (r.profile) {
    const p = r.profile;
    out.push("");
    out.push(
      `Where stateguard's pack spends the per-resource calls (--cpu-prof, ${p.windowed ? "their window" : "whole process"}, ` +
        `${fmt(p.sampledMs)} ms sampled; ${p.file}):`,
    );
    out.push(
      table(
        ["area", "self ms", "share"],
        p.byArea.map((l) => [l.name, fmt(l.ms), `${(l.share * 100).toFixed(1)} %`]),
      ),
    );
    out.push("");
    out.push(
      table(
        ["hottest functions (self)", "ms", "share"],
        p.topSelf.slice(0, 15).map((l) => [l.name, fmt(l.ms), `${(l.share * 100).toFixed(1)} %`]),
      ),
    );
    out.push("");
    out.push(
      table(
        ["stateguard / SDK functions (inclusive)", "ms", "share"],
        p.topInclusive.slice(0, 20).map((l) => [l.name, fmt(l.ms), `${(l.share * 100).toFixed(1)} %`]),
      ),
    );
  }
  return out.join("\n");
}

function awsguardHits(r: Report): string {
  const a = find(r.cells, "awsguard/aws/seq");
  if (!a) return "";
  return Object.entries(a.analyzeTally.byPolicy)
    .sort((x, y) => y[1] - x[1])
    .map(([p, n]) => `${p} ${fmt(n)}`)
    .join(", ");
}

// --- main ----------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const date = new Date().toISOString();
  const machineFacts = machine();
  const versions = sdkVersions();
  const workDir = mkdtempSync(join(tmpdir(), "stateguard-pack-grpc-"));
  try {
    const full = generateMix({ count: options.resources, seed: options.seed });
    const aws = full.filter((r: BenchResource) => r.cloud === "aws");
    const mix = { full: summarizeMix(full), aws: summarizeMix(aws) };
    progress(`mix: ${mixLine(mix.full)}`);
    const requests: Record<Mix, Requests> = { full: buildRequests(full), aws: buildRequests(aws) };

    const launches: Partial<Record<Pack, PackLaunch>> = {
      floor: { packDir: writeFloorPack(join(workDir, "floor")) },
      floorShape: { packDir: writeShapeFloorPack(join(workDir, "floor-shape")) },
      stateguard: { packDir: POLICY_PACK_DIR },
    };
    if (options.awsguard) {
      const install = ensureAwsGuard(progress);
      versions["@pulumi/awsguard"] = install.version;
      launches.awsguard = { packDir: writeAwsGuardPack(join(workDir, "awsguard"), install) };
    }

    // One untimed pass per pack and mix: proves each comes up and really evaluates (and warms the page cache).
    const expectViolations: Record<Pack, boolean> = {
      floor: false,
      floorShape: false,
      stateguard: true,
      awsguard: true,
    };
    const mixesOf: Record<Pack, readonly Mix[]> = {
      floor: options.awsguard ? ["full", "aws"] : ["full"],
      floorShape: ["full"],
      stateguard: options.awsguard ? ["full", "aws"] : ["full"],
      awsguard: ["aws"],
    };
    let stateguardPolicies: readonly string[] = [];
    for (const [pack, launch] of Object.entries(launches) as [Pack, PackLaunch][]) {
      for (const m of mixesOf[pack]) {
        const result = await runPass(launch, requests[m], { concurrency: 1 });
        const found = violations(result.analyze) + violations(result.stack);
        progress(
          `check ${pack}/${m}: ${result.facts.policies.length} policies, ${found} violations, ` +
            `${Math.round(result.analyzeMs)} ms Analyze + ${Math.round(result.stackMs)} ms AnalyzeStack`,
        );
        if (expectViolations[pack] ? found === 0 : found !== 0) {
          throw new Error(
            `${pack} on the ${m} mix returned ${found} violations, expected ${expectViolations[pack] ? "> 0" : "0"}: ` +
              JSON.stringify(result.analyze.byPolicy),
          );
        }
        if (pack === "stateguard") stateguardPolicies = result.facts.policies.map((p) => p.name);
      }
    }

    const cells: Cell[] = [];
    for (const pack of ["floor", "floorShape", "stateguard"] as const) {
      for (const mode of ["seq", "conc8"] as const) cells.push({ id: `${pack}/full/${mode}`, pack, mix: "full", mode });
    }
    if (options.awsguard) {
      // Sequential only: the per-policy comparison is about the engine's own pattern, and it keeps the run shorter.
      for (const pack of ["floor", "stateguard", "awsguard"] as const) {
        cells.push({ id: `${pack}/aws/seq`, pack, mix: "aws", mode: "seq" });
      }
    }
    if (options.perPolicy) {
      for (const only of stateguardPolicies) {
        cells.push({ id: `stateguard-only:${only}/full/seq`, pack: "stateguard", mix: "full", mode: "seq", only });
      }
    }
    progress(`${cells.length} cells x ${options.runs} runs`);
    const results = await measure(cells, options.runs, (cell) => {
      const levels = levelsFor(cell, stateguardPolicies);
      return runPass(launches[cell.pack]!, requests[cell.mix], {
        concurrency: cell.mode === "seq" ? 1 : CONCURRENCY,
        ...(levels ? { levels } : {}),
      });
    });

    const get = (id: string): CellResult => find(results, id)!;
    const floorSeq = get("floor/full/seq");
    const sgSeq = get("stateguard/full/seq");
    const shapeSeq = get("floorShape/full/seq");
    const cpuUs = (c: CellResult) => (c.packCpu ? (c.packCpu.medianMs * 1000) / options.resources : undefined);
    const floorCpu = cpuUs(floorSeq);
    const shapeCpu = cpuUs(shapeSeq);
    const sgCpu = cpuUs(sgSeq);
    const headline: Record<string, number> = {
      ratioSeq: sgSeq.total.medianMs / floorSeq.total.medianMs,
      ratioConc: get("stateguard/full/conc8").total.medianMs / get("floor/full/conc8").total.medianMs,
      ratioAnalyzeSeq: sgSeq.analyze.medianMs / floorSeq.analyze.medianMs,
      ratioStack: sgSeq.stack.medianMs / floorSeq.stack.medianMs,
      ratioShape: sgSeq.total.medianMs / shapeSeq.total.medianMs,
      ...(floorCpu !== undefined && shapeCpu !== undefined && sgCpu !== undefined
        ? {
            ratioCpu: sgCpu / floorCpu,
            ratioShapeCpu: sgCpu / shapeCpu,
            floorCpuUsPerResource: floorCpu,
            shapeCpuUsPerResource: shapeCpu,
            stateguardCpuUsPerResource: sgCpu,
          }
        : {}),
    };
    const ratioForProfile = headline.ratioCpu ?? headline.ratioSeq!;

    let perPolicy: Record<string, number> | undefined;
    if (options.awsguard) {
      const floorAws = get("floor/aws/seq");
      const sgAws = get("stateguard/aws/seq");
      const agAws = get("awsguard/aws/seq");
      const n = aws.length;
      const sgExtra = sgAws.total.medianMs - floorAws.total.medianMs;
      const agExtra = agAws.total.medianMs - floorAws.total.medianMs;
      const sgPer = sgExtra / sgAws.activePolicies.length;
      const agPer = agExtra / agAws.activePolicies.length;
      const cpuExtra = (c: CellResult) =>
        c.packCpu && floorAws.packCpu ? c.packCpu.medianMs - floorAws.packCpu.medianMs : undefined;
      const sgCpu = cpuExtra(sgAws);
      const agCpu = cpuExtra(agAws);
      perPolicy = {
        ...(sgCpu !== undefined && agCpu !== undefined
          ? {
              stateguardCpuExtraMs: sgCpu,
              awsguardCpuExtraMs: agCpu,
              stateguardCpuPerPolicyMs: sgCpu / sgAws.activePolicies.length,
              awsguardCpuPerPolicyMs: agCpu / agAws.activePolicies.length,
              stateguardCpuPerPolicyUs: (sgCpu * 1000) / sgAws.activePolicies.length / n,
              awsguardCpuPerPolicyUs: (agCpu * 1000) / agAws.activePolicies.length / n,
              cpuPerPolicyRatio: sgCpu / sgAws.activePolicies.length / (agCpu / agAws.activePolicies.length),
            }
          : {}),
        resources: n,
        stateguardPolicies: sgAws.activePolicies.length,
        awsguardPolicies: agAws.activePolicies.length,
        stateguardExtraMs: sgExtra,
        awsguardExtraMs: agExtra,
        stateguardPerPolicyMs: sgPer,
        awsguardPerPolicyMs: agPer,
        stateguardPerPolicyUs: (sgPer * 1000) / n,
        awsguardPerPolicyUs: (agPer * 1000) / n,
        perPolicyRatio: sgPer / agPer,
      };
    }

    let profile: ProfileSummary | undefined;
    if (options.profile || ratioForProfile > TARGET_RATIO) {
      progress(`profiling stateguard (ratio ${ratioForProfile.toFixed(2)}x; --cpu-prof through NODE_OPTIONS)`);
      rmSync(PROFILE_DIR, { recursive: true, force: true });
      mkdirSync(PROFILE_DIR, { recursive: true });
      const preload = writeExitOnSigterm(join(workDir, "exit-on-sigterm.cjs"));
      const nodeOptions = [
        process.env.NODE_OPTIONS ?? "",
        `--require=${preload}`,
        "--cpu-prof",
        `--cpu-prof-dir=${PROFILE_DIR}`,
        "--cpu-prof-interval=250",
      ]
        .join(" ")
        .trim();
      const profiled = await runPass({ packDir: POLICY_PACK_DIR, env: { NODE_OPTIONS: nodeOptions } }, requests.full, {
        concurrency: 1,
        graceful: true,
      });
      profile = summarizePackProfile(newestProfile(PROFILE_DIR), profiled.analyzeWindowUs);
    }

    const report: Report = {
      date,
      options,
      machine: machineFacts,
      versions,
      mix,
      cells: results,
      headline,
      ...(perPolicy ? { perPolicy } : {}),
      ...(profile ? { profile } : {}),
      loadAverageAtEnd: Math.round(loadavg()[0]! * 100) / 100,
    };
    process.stdout.write(`${formatReport(report)}\n`);
    mkdirSync(join(options.out, ".."), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
    progress(`results written to ${options.out}`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** Lets a finished run's JSON be printed again as the table: node dist/bench/pack-grpc.js --report FILE. */
function reprint(argv: readonly string[]): boolean {
  const i = argv.indexOf("--report");
  if (i < 0) return false;
  const file = argv[i + 1] ?? RESULTS_FILE;
  let report: Report;
  try {
    report = JSON.parse(readFileSync(file, "utf8")) as Report;
  } catch (e) {
    process.stderr.write(
      `[pack-grpc] cannot read the results ${file}: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    process.exit(2);
  }
  process.stdout.write(`${formatReport(report)}\n`);
  return true;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    killLivePacks();
    process.exit(130);
  });
}

if (!reprint(process.argv.slice(2))) {
  main().catch((err: unknown) => {
    process.stderr.write(`[pack-grpc] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
