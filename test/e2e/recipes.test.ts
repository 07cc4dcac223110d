import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml, parseDocument } from "yaml";
import { DEFAULT_POLICY_CONFIG, REPO_ROOT, Workspace, prepareBench } from "../engine/bench.js";

/**
 * The CI recipes: the shell recipe run end to end against the example platform's data stack under the real engine
 * (the bench's environment: its pulumi, backend and PULUMI_HOME), and the GitHub workflow checked statically.
 */

const PLATFORM = join(REPO_ROOT, "examples", "platform");
const PRE_MERGE = join(REPO_ROOT, "recipes", "shell", "pre-merge.sh");
const WORKFLOW = join(REPO_ROOT, "recipes", "github-actions", "stateguard.yml");

/** The data stack in its own workspace, with the component library beside it as in examples/platform. */
function dataWorkspace(): Workspace {
  const ws = new Workspace(join(PLATFORM, "data"));
  cpSync(join(PLATFORM, "lib"), join(ws.dir, "..", "lib"), {
    recursive: true,
    filter: (src) => basename(src) !== "story",
  });
  return ws;
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  out: string;
}

function preMerge(ws: Workspace, env: Record<string, string>): Promise<Result> {
  const out = mkdtempSync(join(ws.dir, "..", "out-"));
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [PRE_MERGE], {
      cwd: ws.dir,
      env: {
        ...ws.env,
        PROJECT_DIR: ws.dir,
        POLICY_CONFIG: DEFAULT_POLICY_CONFIG,
        STATEGUARD_HOME: REPO_ROOT,
        OUT_DIR: out,
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      resolve({ code: code ?? -1, stdout, stderr, out });
    });
  });
}

beforeAll(() => {
  prepareBench();
});

describe("recipes/shell/pre-merge.sh on the example's data stack", () => {
  it("blocks an unprotected prod stack, writes the reports, and passes once the data stores are protected", async () => {
    const ws = dataWorkspace();
    await ws.initStack("prod");

    const blocked = await preMerge(ws, { STACK: "prod" });
    expect(blocked.code, blocked.stderr).toBe(1);
    const markdown = readFileSync(join(blocked.out, "gate.md"), "utf8");
    expect(markdown).toContain("stateguard gate: BLOCKED");
    expect(markdown).toContain("POLICY_VIOLATION");
    expect(markdown).toContain("stateful-resources-protected");
    const sarif = JSON.parse(readFileSync(join(blocked.out, "gate.sarif"), "utf8")) as {
      runs: { results: { ruleId: string }[] }[];
    };
    expect(sarif.runs[0]?.results.some((r) => r.ruleId === "POLICY_VIOLATION")).toBe(true);
    expect(blocked.stdout).toContain("BLOCKED");

    await ws.pulumiOk(["config", "set", "protect", "true"]);
    const passed = await preMerge(ws, { STACK: "prod" });
    expect(passed.code, `${passed.stdout}\n${passed.stderr}`).toBe(0);
    expect(readFileSync(join(passed.out, "gate.md"), "utf8")).toContain("stateguard gate: PASSED");
  });

  it("refuses --ignore-protect, and pulumi destroy on a protected stack, before running anything", async () => {
    const ws = dataWorkspace();
    await ws.initStack("prod");

    const ignore = await preMerge(ws, { STACK: "prod", PULUMI_ARGS: "--diff --ignore-protect" });
    expect(ignore.code).toBe(2);
    expect(ignore.stderr).toContain("refused: --ignore-protect");
    expect(existsSync(join(ignore.out, "preview.json"))).toBe(false);

    const destroy = await preMerge(ws, { STACK: "prod", PULUMI_COMMAND: "destroy" });
    expect(destroy.code).toBe(2);
    expect(destroy.stderr).toContain("refused: pulumi destroy on protected stack prod");
    expect(destroy.stderr).toContain('matches protected pattern "*prod"');
    expect(existsSync(join(destroy.out, "preview.json"))).toBe(false);
  });

  it("previews the teardown of an unprotected stack and gates it like any change", async () => {
    const ws = dataWorkspace();
    await ws.initStack("dev");
    await ws.pulumiOk(["up", "--yes", "--skip-preview"]);

    const teardown = await preMerge(ws, { STACK: "dev", PULUMI_COMMAND: "destroy" });
    expect(teardown.code, teardown.stderr).toBe(1);
    const markdown = readFileSync(join(teardown.out, "gate.md"), "utf8");
    expect(markdown).toContain("STATEFUL_DELETE");
    expect(markdown).toContain("orders-db");
    // A preview only: the stack still holds its resources.
    const stack = await ws.pulumiOk(["stack", "export"]);
    expect(stack.stdout).toContain("aws:rds/instance:Instance::orders-db");
  });
});

describe("recipes/github-actions/stateguard.yml", () => {
  const text = readFileSync(WORKFLOW, "utf8");
  const workflow = parseYaml(text) as {
    on: unknown;
    permissions: Record<string, string>;
    jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, string> }[] }>;
  };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const runs = steps.map((s) => s.run ?? "").join("\n");

  it("is valid YAML", () => {
    expect(parseDocument(text).errors).toEqual([]);
    expect(workflow.on).toBeDefined();
  });

  it("lints with stateguard/eslint, previews with the policy pack, and runs the gate", () => {
    expect(runs).toMatch(/npx eslint \./);
    expect(runs).toMatch(/pulumi preview [^\n]*--json/);
    expect(runs).toContain("--policy-pack node_modules/stateguard/policy");
    expect(runs).toContain("--policy-pack-config");
    expect(runs).toMatch(/npx stateguard gate preview\.json/);
    expect(runs).toContain("--format markdown");
    expect(runs).toContain("--format sarif");
  });

  it("comments on the PR and uploads the SARIF to code scanning", () => {
    expect(steps.some((s) => s.uses?.startsWith("actions/github-script@") && s.with?.script?.includes("gate.md"))).toBe(
      true,
    );
    const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
    expect(upload?.with?.sarif_file).toMatch(/\.sarif$/);
    expect(workflow.permissions["security-events"]).toBe("write");
    expect(workflow.permissions["pull-requests"]).toBe("write");
  });

  it("never runs --ignore-protect or pulumi destroy", () => {
    const commands = JSON.stringify(steps);
    expect(commands).not.toContain("--ignore-protect");
    expect(commands).not.toMatch(/pulumi\s+destroy/);
    expect(commands).not.toMatch(/pulumi\s+up\b/);
  });
});
