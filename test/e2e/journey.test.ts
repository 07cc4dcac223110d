import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_POLICY_CONFIG, POLICY_PACK_DIR, REPO_ROOT, Workspace, prepareBench } from "../engine/bench.js";

/**
 * The user's journey on the example platform: its programs compile and lint clean, the whole platform deploys on a
 * development stack, and the demo tells its story (scripts/demo.ts) with every verdict as expected.
 */

const PLATFORM = join(REPO_ROOT, "examples", "platform");
const STACKS = ["networking", "data", "app"] as const;

function platformWorkspace(stack: string): Workspace {
  const ws = new Workspace(join(PLATFORM, stack));
  cpSync(join(PLATFORM, "lib"), join(ws.dir, "..", "lib"), {
    recursive: true,
    filter: (src) => basename(src) !== "story",
  });
  return ws;
}

beforeAll(() => {
  prepareBench();
});

describe("the example platform", () => {
  it.each(STACKS)("%s type-checks", (stack) => {
    const tsc = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
    const result = spawnSync(process.execPath, [tsc, "-p", join(PLATFORM, stack, "tsconfig.json"), "--noEmit"], {
      encoding: "utf8",
    });
    expect(result.status, result.stdout).toBe(0);
  });

  it("lints clean with stateguard/eslint's recommended config", () => {
    const eslint = join(REPO_ROOT, "node_modules", "eslint", "bin", "eslint.js");
    const result = spawnSync(process.execPath, [eslint, ".", "--max-warnings", "0"], {
      cwd: PLATFORM,
      encoding: "utf8",
    });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it("deploys on dev with the pack, stack by stack, the app reading the others' outputs", async () => {
    const state = mkdtempSync(join(REPO_ROOT, "test", ".tmp", "ws", "platform-state-"));
    const env = { PULUMI_BACKEND_URL: `file://${state}` };
    const pack = ["--policy-pack", POLICY_PACK_DIR, "--policy-pack-config", DEFAULT_POLICY_CONFIG];
    const outputs: Record<string, Record<string, unknown>> = {};
    for (const stack of STACKS) {
      const ws = platformWorkspace(stack);
      await ws.pulumiOk(["stack", "init", "dev"], { env });
      await ws.pulumiOk(["up", "--yes", "--skip-preview", ...pack], { env });
      const out = await ws.pulumiOk(["stack", "output", "--json"], { env });
      outputs[stack] = JSON.parse(out.stdout) as Record<string, unknown>;
    }
    expect(outputs.networking?.privateSubnetIds).toHaveLength(2);
    expect(outputs.data?.eventsQueueArn).toMatch(/^arn:aws:sqs:/);
    expect(outputs.app?.orderProcessorFunction).toMatch(/^order-processor/);
  });
});

describe("the demo (scripts/demo.ts)", () => {
  it("tells the story with every verdict as expected, and writes the blocking steps' reports", async () => {
    const out = join(REPO_ROOT, "test", ".tmp", "journey-demo-out");
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const started = Date.now();
    const result = await new Promise<{ code: number; output: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [join(REPO_ROOT, "dist", "scripts", "demo.js"), "--out", out], {
        cwd: REPO_ROOT,
        env: { ...process.env, NO_COLOR: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => {
        resolve({ code: code ?? -1, output });
      });
    });
    const seconds = (Date.now() - started) / 1000;
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain("Every verdict was the expected one");
    expect(result.output).not.toContain("skipped: the lint rules are not built yet");

    const markdown = readFileSync(join(out, "gate.md"), "utf8");
    for (const code of ["POLICY_VIOLATION", "STATEFUL_DELETE", "STATEFUL_REPLACE", "CONTRACT_DELETE"]) {
      expect(markdown, code).toContain(code);
    }
    expect(markdown).toContain('aliases: [{ name: "order-events" }]');
    expect(markdown).toMatch(/engine: "postgres" -(&gt;|>) "mysql"/);

    const sarif = JSON.parse(readFileSync(join(out, "gate.sarif"), "utf8")) as {
      version: string;
      runs: { automationDetails: { id: string }; results: { ruleId: string }[] }[];
    };
    expect(sarif.version).toBe("2.1.0");
    const ruleIds = new Set(sarif.runs.flatMap((r) => r.results.map((x) => x.ruleId)));
    for (const code of ["POLICY_VIOLATION", "STATEFUL_DELETE", "STATEFUL_REPLACE", "CONTRACT_DELETE"]) {
      expect([...ruleIds], code).toContain(code);
    }
    const categories = sarif.runs.map((r) => r.automationDetails.id);
    expect(new Set(categories).size).toBe(categories.length);
    expect(existsSync(join(out, "steps"))).toBe(true);
    // A budget, not a benchmark: about four minutes on 2 cores, with room for a busy machine.
    expect(seconds).toBeLessThan(480);
  }, 600_000);
});
