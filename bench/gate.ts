import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchArgs } from "./args.js";
import { summarize } from "./measure.js";

/**
 * The gate on a 100,000-step preview document: wall time as a ratio to reading and JSON.parse of the same file
 * (the floor any consumer pays), and peak memory as a multiple of the file size. Each measurement runs in its own
 * process; variants alternate. Usage: node dist/bench/gate.js [--steps N] [--runs N]
 */

const here = dirname(fileURLToPath(import.meta.url));
const WORKER = join(here, "gate-worker.js");

const STACK = "bench-prod";
const stackUrn = `urn:pulumi:${STACK}::platform::pulumi:pulumi:Stack::platform-${STACK}`;
const TYPES = [
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:iam/role:Role",
  "aws:lambda/function:Function",
  "aws:rds/instance:Instance",
  "aws:s3/bucket:Bucket",
  "aws:dynamodb/table:Table",
] as const;

/** A realistic mix: mostly unchanged and updated resources, a few creates, deletes and replacements. */
export function previewDocument(steps: number): string {
  const out: unknown[] = [];
  for (let i = 0; i < steps; i++) {
    const type = TYPES[i % TYPES.length]!;
    const name = `res-${i}`;
    const urn = `urn:pulumi:${STACK}::platform::${type}::${name}`;
    const inputs = {
      name: `${name}-a1b2c3d`,
      description: `resource ${i} of the generated platform`,
      tags: { team: `team-${i % 17}`, env: "prod", cost: `cc-${i % 91}` },
      size: i % 500,
      enabled: i % 3 === 0,
    };
    const state = (extra: Record<string, unknown>) => ({
      urn,
      custom: true,
      type,
      id: `${name}-a1b2c3d`,
      inputs: { ...inputs, ...extra },
      outputs: { ...inputs, ...extra, arn: `arn:aws:svc:us-east-1:123456789012:${name}` },
      parent: stackUrn,
      protect: i % 6 >= 3,
      sourcePosition: `project:///src/module-${i % 40}.ts#${(i % 300) + 1},5`,
    });
    const r = i % 100;
    if (r < 80) out.push({ op: "same", urn, oldState: state({}), newState: state({}) });
    else if (r < 94)
      out.push({ op: "update", urn, oldState: state({}), newState: state({ size: 1 }), diffReasons: ["size"] });
    else if (r < 97) out.push({ op: "create", urn, newState: state({}) });
    else if (r < 99) out.push({ op: "delete", urn, oldState: state({}) });
    else
      out.push({ op: "replace", urn, oldState: state({}), newState: state({ name: "x" }), replaceReasons: ["name"] });
  }
  return JSON.stringify({ config: {}, steps: out, diagnostics: [], duration: 0, changeSummary: {} });
}

interface Sample {
  ms: number;
  cpuMs: number;
  maxRssBytes: number;
  findings: number;
}

function measure(variant: "floor" | "gate", file: string): Sample {
  const out = execFileSync(process.execPath, [WORKER, variant, file], { encoding: "utf8", maxBuffer: 1 << 20 });
  return JSON.parse(out) as Sample;
}

function main(): void {
  const values = benchArgs("usage: node dist/bench/gate.js [--steps N] [--runs N]", {
    steps: { type: "string", default: "100000" },
    runs: { type: "string", default: "5" },
  });
  const steps = Number(values.steps);
  const runs = Number(values.runs);
  const dir = mkdtempSync(join(tmpdir(), "sg-bench-gate-"));
  try {
    const file = join(dir, "preview.json");
    writeFileSync(file, previewDocument(steps));
    const size = statSync(file).size;
    const floor: Sample[] = [];
    const gate: Sample[] = [];
    for (let i = 0; i < runs; i++) {
      // Alternate which goes first, so drift falls on both alike.
      if (i % 2 === 0) {
        floor.push(measure("floor", file));
        gate.push(measure("gate", file));
      } else {
        gate.push(measure("gate", file));
        floor.push(measure("floor", file));
      }
    }
    const f = summarize(floor.map((s) => s.ms));
    const g = summarize(gate.map((s) => s.ms));
    const median = (xs: number[]) => summarize(xs).medianMs;
    const floorRss = median(floor.map((s) => s.maxRssBytes));
    const gateRss = median(gate.map((s) => s.maxRssBytes));
    const fc = summarize(floor.map((s) => s.cpuMs));
    const gc = summarize(gate.map((s) => s.cpuMs));
    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
    const lines = [
      `gate benchmark: ${steps} steps, file ${mb(size)}, ${runs} runs each, node ${process.version}`,
      `  JSON.parse floor   median ${f.medianMs.toFixed(0)} ms (min ${f.minMs.toFixed(0)}, max ${f.maxMs.toFixed(0)}), peak RSS ${mb(floorRss)}`,
      `  stateguard gate    median ${g.medianMs.toFixed(0)} ms (min ${g.minMs.toFixed(0)}, max ${g.maxMs.toFixed(0)}), peak RSS ${mb(gateRss)}, ${gate[0]?.findings ?? 0} findings`,
      `  process CPU time   floor median ${fc.medianMs.toFixed(0)} ms, gate median ${gc.medianMs.toFixed(0)} ms`,
      `  time ratio gate / floor: wall ${(g.medianMs / f.medianMs).toFixed(2)}, CPU ${(gc.medianMs / fc.medianMs).toFixed(2)} (target <= 1.5)`,
      `  peak memory / file size: gate ${(gateRss / size).toFixed(2)}x (target <= 3), floor ${(floorRss / size).toFixed(2)}x`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith("gate.js") && !process.env.SG_NO_MAIN) main();
