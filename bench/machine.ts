import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, engineBinDir } from "../test/engine/bench.js";

/** The facts a reader needs to compare figures from two runs. */
export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly pulumi: string;
  readonly typescript: string;
  /** The ts-node the SDK registers: the project's own when installed, else the SDK's vendored copy. */
  readonly tsNode: string;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  readonly loadAverage: number;
}

export function describeMachine(): Machine {
  const cpuList = cpus();
  return {
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    pulumi: pulumiVersion(),
    ...compilerVersions(),
    loadAverage: currentLoad(),
  };
}

export function currentLoad(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}

function pulumiVersion(): string {
  const result = spawnSync(join(engineBinDir(), "pulumi"), ["version"], {
    encoding: "utf8",
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  return result.status === 0 ? result.stdout.trim() : "unknown";
}

/** Resolved from the SDK's directory, as its tsutils does when it registers ts-node. */
function compilerVersions(): { typescript: string; tsNode: string } {
  const fromRepo = createRequire(join(REPO_ROOT, "package.json"));
  const fromSdk = createRequire(fromRepo.resolve("@pulumi/pulumi/package.json"));
  const version = (pkg: string): string | undefined => {
    try {
      return (fromSdk(`${pkg}/package.json`) as { version: string }).version;
    } catch {
      return undefined;
    }
  };
  return { typescript: version("typescript") ?? "vendored 3.8.3", tsNode: version("ts-node") ?? "vendored 7.0.1" };
}
