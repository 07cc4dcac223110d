import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, Workspace, prepareBench } from "../engine/bench.js";

/**
 * A user's project installs stateguard from npm and points the engine at node_modules/stateguard/policy.
 * The package here is the real `npm pack` tarball of this repository, so the test also proves that the
 * published files are enough to run the pack.
 */

let tarball: string;

const ORDERS_TSCONFIG = JSON.parse(
  readFileSync(join(REPO_ROOT, "test", "programs", "orders-db", "tsconfig.json"), "utf8"),
) as Record<string, unknown>;

beforeAll(() => {
  prepareBench();
  const out = mkdtempSync(join(REPO_ROOT, "test", ".tmp", "pack-"));
  const name = execFileSync("npm", ["pack", "--silent", "--pack-destination", out], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  })
    .trim()
    .split("\n")
    .pop()!;
  tarball = join(out, name);
});

function installInto(ws: Workspace): void {
  const modules = join(ws.dir, "node_modules");
  mkdirSync(modules);
  // The project's other dependencies, as npm would have hoisted them.
  for (const entry of readdirSync(join(REPO_ROOT, "node_modules"))) {
    if (entry.startsWith(".")) continue;
    symlinkSync(join(REPO_ROOT, "node_modules", entry), join(modules, entry));
  }
  const unpack = mkdtempSync(join(ws.dir, ".unpack-"));
  execFileSync("tar", ["xzf", tarball, "-C", unpack]);
  renameSync(join(unpack, "package"), join(modules, "stateguard"));
}

describe("stateguard installed as an npm package", () => {
  it("runs the pack from node_modules/stateguard/policy with the project's policy-config.json", async () => {
    const ws = new Workspace(join(REPO_ROOT, "test", "programs", "orders-db"), undefined, {
      nodeModules: "none",
      files: {
        "policy-config.json": JSON.stringify({
          "stateguard-settings": { protectedStacks: ["live-*"] },
          "stateful-resources-protected": "mandatory",
        }),
      },
    });
    installInto(ws);
    await ws.initStack("live-eu");
    const result = await ws.pulumi([
      "preview",
      "--policy-pack",
      "node_modules/stateguard/policy",
      "--policy-pack-config",
      "policy-config.json",
    ]);
    expect(result.code, result.output).not.toBe(0);
    expect(result.plain).toContain("stateful-resources-protected");
    expect(result.plain).toContain('"orders-db" (relational database) is not protected');
  });

  it("lints the project with the rules imported from stateguard/eslint in a flat config", () => {
    const ws = new Workspace(join(REPO_ROOT, "test", "programs", "orders-db"), undefined, {
      nodeModules: "none",
      files: {
        "eslint.config.mjs": [
          'import tseslint from "typescript-eslint";',
          'import stateguard from "stateguard/eslint";',
          "export default [",
          '  { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true } } },',
          "  stateguard.configs.recommended,",
          "];",
        ].join("\n"),
        "scratch.ts": [
          'import * as pulumi from "@pulumi/pulumi";',
          "class Resource extends pulumi.CustomResource {}",
          'export const scratch = new Resource("aws:s3/bucket:Bucket", "scratch", {});',
        ].join("\n"),
      },
    });
    installInto(ws);
    ws.writeFile("tsconfig.json", JSON.stringify({ ...ORDERS_TSCONFIG, files: ["index.ts", "scratch.ts"] }));
    const run = spawnSync(
      process.execPath,
      [join(ws.dir, "node_modules", "eslint", "bin", "eslint.js"), "-f", "json", "."],
      {
        cwd: ws.dir,
        encoding: "utf8",
      },
    );
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
    const messages = results.flatMap((r) => r.messages.map((m) => ({ file: r.filePath.split("/").pop(), ...m })));
    expect(messages.map((m) => [m.file, m.ruleId, m.line])).toEqual([
      ["scratch.ts", "stateguard/require-protect-stateful", 3],
    ]);
    expect(run.status).toBe(1);
  });

  it("ships the pack's compiled entry point, the schema and the CLI, and no TypeScript sources", () => {
    const listing = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" }).split("\n");
    expect(listing).toContain("package/policy/PulumiPolicy.yaml");
    expect(listing).toContain("package/dist/policy/index.js");
    expect(listing).toContain("package/schema/policy-config.schema.json");
    expect(listing).toContain("package/bin/stateguard.js");
    expect(listing.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
  });
});
