import { spawn, type ChildProcessByStdio } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { POLICY_PACK_DIR } from "../test/engine/bench.js";
import { parseRuntimeOptions, typescriptEnv } from "../test/engine/language-host/options.js";
import { findNode, locateModule } from "../test/engine/language-host/util.js";
import { sampleInterleaved, type Summary } from "./measure.js";
import { writeTypeScriptPack } from "./ts-pack.js";

/**
 * Pack start-up: from spawning the pack exactly as the nodejs language host does (test/engine/language-host/
 * run-plugin.ts) until the pack prints its gRPC port, the moment the engine can start talking to it.
 */

export const STARTUP_VARIANTS = {
  js: "precompiled JS (policy/ -> dist/policy/index.js)",
  tsCold: "TypeScript via SDK ts-node, empty compile cache",
  tsWarm: "TypeScript via SDK ts-node, warm compile cache",
} as const;
export type StartupVariant = keyof typeof STARTUP_VARIANTS;

/**
 * run-policy-pack drops its first argument (the engine address) and the pack only dials the engine when asked to
 * analyze, so nothing needs to listen there for start-up.
 */
const UNUSED_ENGINE_ADDRESS = "127.0.0.1:0";

/** What the host adds after the engine's ConfigureStack; set so the pack starts in the environment it would. */
const STACK_ENV = {
  PULUMI_NODEJS_ORGANIZATION: "organization",
  PULUMI_NODEJS_PROJECT: "bench",
  PULUMI_NODEJS_STACK: "bench-dev",
  PULUMI_NODEJS_DRY_RUN: "true",
};

const START_TIMEOUT_MS = 120_000;

interface PackLaunch {
  readonly packDir: string;
  /** ts-node keeps compiled files in TS_NODE_CACHE_DIRECTORY (default: a fixed dir in os.tmpdir()). */
  readonly tsNodeCacheDir: string;
}

type PackProcess = ChildProcessByStdio<null, Readable, Readable>;

function spawnPack(launch: PackLaunch): PackProcess {
  // PulumiPolicy.yaml says `runtime: nodejs` without options, so the host runs with the default options:
  // TypeScript on (ts-node registered even for a JS pack), no extra node arguments.
  const options = parseRuntimeOptions(undefined);
  const runPath = locateModule("@pulumi/pulumi/cmd/run-policy-pack", launch.packDir, "npm install");
  return spawn(findNode(), [...options.nodeargs, runPath, UNUSED_ENGINE_ADDRESS, launch.packDir], {
    cwd: launch.packDir,
    env: {
      ...process.env,
      ...typescriptEnv(options),
      ...STACK_ENV,
      TS_NODE_CACHE_DIRECTORY: launch.tsNodeCacheDir,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/**
 * Milliseconds until the pack's port line; the pack is then killed and reaped before this resolves, so runs never
 * overlap. Rejects with the pack's output when it exits (e.g. on a compile error) or prints something else first.
 */
export function timePackStartup(launch: PackLaunch): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawnPack(launch);
    let stdout = "";
    let stderr = "";
    let elapsedMs: number | undefined;
    let portLine: string | undefined;
    const timer = setTimeout(() => child.kill("SIGKILL"), START_TIMEOUT_MS);
    child.stdout.on("data", (chunk: Buffer) => {
      if (portLine !== undefined) return;
      stdout += chunk.toString("utf8");
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      elapsedMs = performance.now() - start;
      portLine = stdout.slice(0, newline).trim();
      child.kill("SIGKILL");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (elapsedMs !== undefined && portLine !== undefined && /^\d+$/.test(portLine)) {
        resolve(elapsedMs);
        return;
      }
      const what = portLine === undefined ? `exited (code ${code}, signal ${signal})` : "printed no port";
      reject(new Error(`the policy pack in ${launch.packDir} ${what} before its port line:\n${stderr}${stdout}`));
    });
  });
}

export async function benchPackStartup(runs: number, workDir: string): Promise<Record<StartupVariant, Summary>> {
  const tsPackDir = writeTypeScriptPack(join(workDir, "ts-pack"));
  // Bench-owned caches: the results do not depend on what earlier ts-node runs left in /tmp.
  const warmCache = join(workDir, "ts-node-cache");
  const launch = (variant: StartupVariant): PackLaunch => {
    switch (variant) {
      case "js":
        return { packDir: POLICY_PACK_DIR, tsNodeCacheDir: warmCache };
      case "tsWarm":
        return { packDir: tsPackDir, tsNodeCacheDir: warmCache };
      case "tsCold":
        // What the first preview after installing or editing the pack pays: every file compiled and type-checked.
        return { packDir: tsPackDir, tsNodeCacheDir: mkdtempSync(join(workDir, "ts-node-cache-empty-")) };
    }
  };
  const variants = Object.keys(STARTUP_VARIANTS) as StartupVariant[];
  // One untimed start of each first: proves every variant comes up (a copy ts-node cannot compile fails here,
  // with its compiler errors), fills the warm cache and warms the page cache for all alike.
  for (const variant of variants) await timePackStartup(launch(variant));
  return sampleInterleaved(variants, runs, (variant) => timePackStartup(launch(variant)));
}
