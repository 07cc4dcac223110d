import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../../cli/main.js";
import { REPO_ROOT, Workspace, prepareBench } from "../engine/bench.js";

/**
 * The analyzer's promise checked against the real engine: a refactoring `stateguard urn-diff` calls zero-diff
 * gives an empty `pulumi preview` after `pulumi up` of the base revision, and one it flags really plans a delete
 * and a create.
 */

const PROGRAM = join(REPO_ROOT, "test", "fixtures", "analyzer", "e2e-store");

async function urnDiff(dir: string, ...extra: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await run(["urn-diff", "--base", "main", dir, "--format", "json", ...extra], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return {
    code,
    stdout,
    stderr,
    codes: (JSON.parse(stdout) as { findings: { code: string }[] }).findings.map((f) => f.code),
  };
}

interface PreviewStep {
  op: string;
  urn: string;
}

/** A workspace whose program is committed as `main` and deployed. */
async function deployedBase(): Promise<Workspace> {
  const ws = new Workspace(PROGRAM);
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], { cwd: ws.dir });
  writeFileSync(join(ws.dir, ".gitignore"), "node_modules\n");
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  await ws.initStack("dev");
  await ws.pulumiOk(["up", "--yes", "--skip-preview"]);
  return ws;
}

async function previewSteps(ws: Workspace): Promise<PreviewStep[]> {
  const preview = await ws.pulumiOk(["preview", "--json"]);
  return (JSON.parse(preview.stdout) as { steps: PreviewStep[] }).steps;
}

function change(ws: Workspace, from: string, to: string): void {
  const file = join(ws.dir, "index.ts");
  const text = readFileSync(file, "utf8");
  expect(text.includes(from)).toBe(true);
  writeFileSync(file, text.replace(from, to));
}

beforeAll(() => {
  prepareBench();
});

describe("urn-diff against pulumi preview", () => {
  it("zero-diff refactorings (renames and a move, with aliases) preview with no changes", async () => {
    const ws = await deployedBase();
    change(
      ws,
      '"logs", { bucket: "acme-logs" }',
      '"access-logs", { bucket: "acme-logs" }, { aliases: [{ name: "logs" }] }',
    );
    change(ws, 'new Store("store");', 'new Store("shop", { aliases: [{ name: "store" }] });');
    change(ws, 'new Resource("aws:dynamodb/table:Table", "orders-table", { hashKey: "id" });\n', "");
    change(
      ws,
      "    this.registerOutputs({});",
      '    new Resource("aws:dynamodb/table:Table", "orders-table", { hashKey: "id" }, { parent: this, aliases: [{ parent: pulumi.rootStackResource }] });\n    this.registerOutputs({});',
    );
    const diff = await urnDiff(ws.dir);
    expect(diff.code, diff.stdout).toBe(0);
    expect(diff.codes.filter((c) => c !== "URN_ALIASED")).toEqual([]);
    const steps = await previewSteps(ws);
    expect(
      steps.filter((s) => s.op !== "same"),
      JSON.stringify(steps),
    ).toEqual([]);
  });

  it("a rename it flags plans a delete and a create, and its --fix makes the preview empty", async () => {
    const ws = await deployedBase();
    change(ws, 'new Store("store");', 'new Store("shop");');
    change(ws, '"logs", { bucket: "acme-logs" }', '"access-logs", { bucket: "acme-logs" }');
    const diff = await urnDiff(ws.dir);
    expect(diff.code).toBe(1);
    expect(diff.codes).toEqual(["URN_RENAMED", "URN_RENAMED"]);
    const steps = await previewSteps(ws);
    const ops = (urnEnd: string) => steps.filter((s) => s.urn.endsWith(urnEnd)).map((s) => s.op);
    expect(ops("aws:s3/bucket:Bucket::logs")).toEqual(["delete"]);
    expect(ops("aws:s3/bucket:Bucket::access-logs")).toEqual(["create"]);
    expect(ops("acme:data:Store$aws:sqs/queue:Queue::store-events")).toEqual(["delete"]);
    expect(ops("acme:data:Store$aws:sqs/queue:Queue::shop-events")).toEqual(["create"]);

    const fixed = await urnDiff(ws.dir, "--fix");
    expect(fixed.stderr).toContain("fixed index.ts");
    expect((await urnDiff(ws.dir)).code).toBe(0);
    const after = await previewSteps(ws);
    expect(
      after.filter((s) => s.op !== "same"),
      JSON.stringify(after),
    ).toEqual([]);
  });
});
