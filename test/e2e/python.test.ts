import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_POLICY_CONFIG,
  POLICY_PACK_DIR,
  REPO_ROOT,
  Workspace,
  prepareBench,
  pythonVirtualenv,
} from "../engine/bench.js";

/**
 * The pack and the gate do not care which language the program is written in: the same checks on a Pulumi Python
 * program (`runtime: python`, run by the Pulumi Python SDK from PyPI) as on the TypeScript ones. The pack stays
 * the nodejs pack in policy/; the gate reads the engine's preview whatever produced it.
 */

const PROGRAM = join(REPO_ROOT, "test", "programs", "python-orders");
const CLI = join(REPO_ROOT, "bin", "stateguard.js");
const DB_URN_SUFFIX = "::orders-py::aws:rds/instance:Instance::orders-db";

let venv: string;

beforeAll(() => {
  prepareBench();
  venv = pythonVirtualenv();
});

function pythonWorkspace(): Workspace {
  return new Workspace(PROGRAM, undefined, { nodeModules: "none", links: { venv } });
}

function previewWithPack(ws: Workspace) {
  return ws.pulumi(["preview", "--policy-pack", POLICY_PACK_DIR, "--policy-pack-config", DEFAULT_POLICY_CONFIG]);
}

/** Rewrites the program's __main__.py, failing if the text to change is not there (the test would prove nothing). */
function editProgram(ws: Workspace, edit: (source: string) => string): void {
  const file = join(ws.dir, "__main__.py");
  const before = readFileSync(file, "utf8");
  const after = edit(before);
  expect(after).not.toBe(before);
  ws.writeFile("__main__.py", after);
}

function gate(preview: string) {
  const result = spawnSync(process.execPath, [CLI, "gate", "-", "--format", "json"], {
    input: preview,
    encoding: "utf8",
    cwd: REPO_ROOT,
  });
  const out = JSON.parse(result.stdout) as { verdict: string; findings: { code: string; message: string }[] };
  return { status: result.status, out, stderr: result.stderr };
}

interface PreviewDocument {
  steps: { op: string; urn: string }[];
}

describe("a Pulumi Python program under the real engine", () => {
  it("is held to the pack: unprotected database fails on prod, passes once protected, is advised on dev", async () => {
    const ws = pythonWorkspace();
    await ws.initStack("acme-prod");
    const prod = await previewWithPack(ws);
    expect(prod.code, prod.output).not.toBe(0);
    expect(prod.plain).toContain("[mandatory] stateful-resources-protected (aws:rds:Instance: orders-db)");
    expect(prod.plain).toContain('aws:rds/instance:Instance "orders-db" (relational database) is not protected');
    // Nothing else went wrong: the program itself ran to the end.
    expect(prod.output).not.toMatch(/Traceback|exit code/);

    await ws.pulumiOk(["config", "set", "protect", "true"]);
    const protectedProd = await previewWithPack(ws);
    expect(protectedProd.code, protectedProd.output).toBe(0);
    expect(protectedProd.output).not.toContain("is not protected");

    await ws.initStack("acme-dev");
    const dev = await previewWithPack(ws);
    expect(dev.code, dev.output).toBe(0);
    expect(dev.plain).toContain("[advisory] stateful-resources-protected (aws:rds:Instance: orders-db)");
    expect(dev.plain).toContain('"orders-db" (relational database) is not protected');
  });

  it("has its previews gated: a replaced or deleted database blocks, a bigger disk passes", async () => {
    const ws = pythonWorkspace();
    await ws.initStack("acme-dev");
    await ws.pulumiOk(["up", "--yes", "--skip-preview"]);
    const base = readFileSync(join(ws.dir, "__main__.py"), "utf8");

    editProgram(ws, (source) => source.replace('"engine": "postgres"', '"engine": "mysql"'));
    const replaced = gate((await ws.pulumiOk(["preview", "--json"])).stdout);
    expect(replaced.status, replaced.stderr).toBe(1);
    expect(replaced.out.findings.map((f) => f.code)).toEqual(["STATEFUL_REPLACE"]);
    expect(replaced.out.findings[0]?.message).toContain('engine: "postgres" -> "mysql"');

    // Removed from the program: everything from the database's declaration on (its export goes with it).
    const dbAt = base.indexOf("\ndb = pulumi.CustomResource(");
    expect(dbAt).toBeGreaterThan(0);
    editProgram(ws, () => base.slice(0, dbAt + 1));
    const deleted = gate((await ws.pulumiOk(["preview", "--json"])).stdout);
    expect(deleted.status, deleted.stderr).toBe(1);
    expect(deleted.out.findings.map((f) => f.code)).toEqual(["STATEFUL_DELETE"]);

    editProgram(ws, () => base.replace('"allocatedStorage": 20', '"allocatedStorage": 30'));
    const grown = await ws.pulumiOk(["preview", "--json"]);
    const steps = (JSON.parse(grown.stdout) as PreviewDocument).steps.map((s) => [s.op, s.urn.endsWith(DB_URN_SUFFIX)]);
    expect(steps).toContainEqual(["update", true]);
    const passed = gate(grown.stdout);
    expect(passed.status, JSON.stringify(passed.out)).toBe(0);
    expect(passed.out.findings.filter((f) => f.code.startsWith("STATEFUL_"))).toEqual([]);
  });
});
