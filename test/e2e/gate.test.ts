import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_POLICY_CONFIG, POLICY_PACK_DIR, REPO_ROOT, Workspace, prepareBench } from "../engine/bench.js";

/** The gate in the pipeline it is made for: the real engine's preview output piped into `stateguard gate`. */

const ORDERS = join(REPO_ROOT, "test", "programs", "orders-db");
const CLI = join(REPO_ROOT, "bin", "stateguard.js");

function gate(input: string, ...args: string[]) {
  return spawnSync(process.execPath, [CLI, "gate", "-", "--format", "json", ...args], {
    input,
    encoding: "utf8",
    cwd: REPO_ROOT,
    maxBuffer: 64 << 20,
  });
}

interface JsonOut {
  verdict: string;
  findings: { code: string; status: string; message: string }[];
}

beforeAll(() => {
  prepareBench();
});

describe("pulumi preview | stateguard gate", () => {
  it("blocks a database replacement the engine would carry out, and passes once it is reverted", async () => {
    const ws = new Workspace(ORDERS);
    await ws.initStack("acme-dev");
    await ws.pulumiOk(["up", "--yes", "--skip-preview"]);
    await ws.pulumiOk(["config", "set", "engine", "mysql"]);
    const preview = await ws.pulumiOk(["preview", "--json"]);
    const blocked = gate(preview.stdout);
    expect(blocked.status, blocked.stderr).toBe(1);
    const out = JSON.parse(blocked.stdout) as JsonOut;
    expect(out.findings.map((f) => f.code)).toEqual(["STATEFUL_REPLACE"]);
    expect(out.findings[0]?.message).toContain('engine: "postgres" -> "mysql"');

    await ws.pulumiOk(["config", "set", "engine", "postgres"]);
    const clean = gate((await ws.pulumiOk(["preview", "--json"])).stdout);
    expect(clean.status, clean.stdout).toBe(0);
  });

  it("carries the pack's violations from the event stream into its verdict", async () => {
    const ws = new Workspace(ORDERS);
    await ws.initStack("acme-prod");
    const preview = await ws.pulumi(
      ["preview", "--json", "--policy-pack", POLICY_PACK_DIR, "--policy-pack-config", DEFAULT_POLICY_CONFIG],
      { env: { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" } },
    );
    expect(preview.code).not.toBe(0);
    const result = gate(preview.stdout);
    expect(result.status, result.stderr).toBe(1);
    const out = JSON.parse(result.stdout) as JsonOut;
    expect(
      out.findings.some((f) => f.code === "POLICY_VIOLATION" && f.message.includes("stateful-resources-protected")),
    ).toBe(true);
  });
});
