import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../../cli/main.js";
import { analyzeDirectory, CHECKS, findProjects, type CheckDefinition } from "../../../lint-rules/analyzer/index.js";
import { analyzeJson, cli, FIXTURES, fixtureRepo, position, REPO } from "./support.js";

interface SarifOut {
  runs: {
    results: {
      ruleId: string;
      level: string;
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn?: number } };
      }[];
    }[];
    properties: { settings: Record<string, string> };
  }[];
}

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `sg-analyze-${prefix}-`));
}

describe("stateguard analyze", { timeout: 120_000 }, () => {
  it("goes on with the other projects when the analyzer fails on one, and marks that one partial with the error", () => {
    const failing: CheckDefinition = {
      ...CHECKS[0]!,
      run(model) {
        if (model.project === "api") throw new Error("boom in a check");
        return CHECKS[0]!.run(model);
      },
    };
    const analysis = analyzeDirectory(join(FIXTURES, "monorepo"), { checks: [failing] });
    const [api, web] = analysis.projects;
    expect(analysis.partial).toBe(true);
    expect(api).toMatchObject({ name: "api", partial: true, summary: null, findings: [] });
    expect(api?.errors).toEqual([
      expect.objectContaining({
        file: "apps/api/index.ts",
        message: "internal error while analysing this project: boom in a check",
        internal: { stack: expect.stringContaining("boom in a check") as unknown },
      }),
    ]);
    expect(web).toMatchObject({ name: "web", partial: false, errors: [] });
    expect(web?.summary).not.toBeNull();
  });

  it("analyses every project under a directory, with paths relative to it, and exits 1 on an error-level finding", async () => {
    const { code, out, stderr } = await analyzeJson(join(FIXTURES, "monorepo"));
    expect(code, stderr).toBe(1);
    expect(out?.projects.map((p) => [p.name, p.dir, p.entry])).toEqual([
      ["api", "apps/api", "apps/api/index.ts"],
      ["web", "apps/web", "apps/web/index.ts"],
    ]);
    expect(out?.findings.map((f) => [f.code, position(f.location)])).toEqual([
      ["COLLIDING_LOGICAL_NAME", "libs/shared/index.ts:5:10"],
    ]);
    expect(out?.projects.map((p) => p.findings.length)).toEqual([1, 0]);
    expect(out).toMatchObject({ command: "analyze", verdict: "blocked", partial: false, schemaVersion: 1 });
  });

  it("exits 0 when nothing is found at error level, warnings aside", async () => {
    const { code, out } = await analyzeJson(join(FIXTURES, "shop"));
    expect(code).toBe(0);
    expect(out?.verdict).toBe("passed");
  });

  it("writes SARIF anchored at file, line and column, one rule per code", async () => {
    const result = await cli("analyze", join(FIXTURES, "monorepo"), "--format", "sarif");
    expect(result.code).toBe(1);
    const sarif = JSON.parse(result.stdout) as SarifOut;
    const [only] = sarif.runs[0]!.results;
    expect(only).toMatchObject({
      ruleId: "COLLIDING_LOGICAL_NAME",
      level: "error",
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "libs/shared/index.ts" },
            region: { startLine: 5, startColumn: 10 },
          },
        },
      ],
    });
  });

  it("renders text, markdown and junit", async () => {
    const text = await cli("analyze", join(FIXTURES, "parent-chains"));
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("parent-chains (., entry index.ts): ");
    expect(text.stdout).toContain("  function createLogs  lib/logs.ts:5:1, runs 3x");
    expect(text.stdout).toContain("PARENT_CHAIN_DIVERGES");
    expect(text.stdout).toContain("at lib/logs.ts:6:10");
    for (const format of ["markdown", "junit"]) {
      const result = await cli("analyze", join(FIXTURES, "parent-chains"), "--format", format);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain("PARENT_CHAIN_DIVERGES");
    }
  });

  it("prints the units and the findings as text", async () => {
    const result = await cli("analyze", join(FIXTURES, "parent-chains"));
    const text = result.stdout
      .replace(/stateguard \d+\.\d+\.\d+(?:-[\w.]+)?,/, "stateguard <version>,")
      .replace(FIXTURES, "<fixtures>");
    await expect(text).toMatchFileSnapshot("__snapshots__/analyze-parent-chains.txt");
  });

  it("lists each unit with the resources it creates, where it is called from, and what it calls", async () => {
    const { out } = await analyzeJson(join(FIXTURES, "shop"));
    const units = out!.projects[0]!.units;
    expect(units[0]).toMatchObject({ id: "index.ts", kind: "program", library: false, runs: 1 });
    expect(units.map((u) => u.id)).toEqual([
      "index.ts",
      "lib/database.ts#Database",
      "lib/database.ts#Database.replica",
      "lib/factory.ts#makeQueue",
    ]);
    const factory = units.find((u) => u.id === "lib/factory.ts#makeQueue")!;
    expect(factory).toMatchObject({
      kind: "function",
      runs: 2,
      creates: { direct: 2, total: 2 },
      calledFrom: [
        { unit: "index.ts", location: { file: "index.ts", line: 8, column: 1 } },
        { unit: "index.ts", location: { file: "index.ts", line: 9, column: 1 } },
      ],
    });
    expect(factory.resources).toEqual([
      {
        location: { file: "lib/factory.ts", line: 5, column: 10 },
        kind: "custom",
        className: "Resource",
        type: "aws:sqs/queue:Queue",
        name: { expression: "`${name}-queue`", values: ["events-queue", "audit-queue"], unresolved: null },
        parentChains: [[]],
        conditional: [],
        loop: false,
        registrations: 2,
        urns: [
          "urn:pulumi:<stack>::shop::aws:sqs/queue:Queue::events-queue",
          "urn:pulumi:<stack>::shop::aws:sqs/queue:Queue::audit-queue",
        ],
      },
    ]);
    const program = units[0]!;
    const loop = program.resources.find((r) => r.location.line === 12)!;
    expect(loop).toMatchObject({ loop: true, registrations: 2, name: { values: ["assets-eu", "assets-us"] } });
    const conditional = program.resources.find((r) => r.location.line === 18)!;
    expect(conditional).toMatchObject({ conditional: ["if"], loop: false });
    const unresolved = program.resources.find((r) => r.location.line === 21)!;
    expect(unresolved.name.unresolved).toContain('config.require("bucketName")');
    expect(unresolved.urns).toEqual([null]);
    const database = units.find((u) => u.id === "lib/database.ts#Database")!;
    expect(database).toMatchObject({ kind: "component", creates: { direct: 1, total: 2 } });
    expect(database.calls).toEqual([
      {
        unit: "lib/database.ts#Database.replica",
        location: { file: "lib/database.ts", line: 19, column: 5 },
        conditional: [],
        loop: false,
      },
    ]);
    expect(out!.projects[0]).toMatchObject({ registrations: 11, unresolved: 1 });
  });

  it("shows progress on standard error when it is a terminal, and clears it", async () => {
    let stderr = "";
    const code = await run(["analyze", join(FIXTURES, "monorepo"), "--format", "json"], {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s), isTTY: true },
    });
    expect(code).toBe(1);
    expect(stderr).toContain("[1/2] apps/api: loading");
    expect(stderr).toContain("[2/2] apps/web: checking");
    expect(stderr.endsWith("\r\u001b[K")).toBe(true);
    const quiet = await cli("analyze", join(FIXTURES, "monorepo"), "--format", "json");
    expect(quiet.stderr).toBe("");
  });
});

describe("stateguard analyze on bad input", { timeout: 120_000 }, () => {
  it("exits 2 on a syntax error, naming the file, and marks the results partial", async () => {
    const { code, out, stderr } = await analyzeJson(join(FIXTURES, "bad-syntax"));
    expect(code).toBe(2);
    expect(stderr).toContain("stateguard analyze: broken.ts:5:1: syntax error:");
    expect(out?.partial).toBe(true);
    expect(out?.projects[0]).toMatchObject({ partial: true, errors: [{ file: "broken.ts", line: 5, column: 1 }] });
    expect(out?.projects[0]?.registrations).toBe(2);
    expect(out?.settings).toMatchObject({ partial: "true" });
  });

  it("exits 2 on imports that do not resolve, a file and a package, at their positions", async () => {
    const { code, out, stderr } = await analyzeJson(join(FIXTURES, "bad-import"));
    expect(code).toBe(2);
    expect(out?.projects[0]?.errors.map((e) => position(e))).toEqual(["index.ts:2:24", "index.ts:3:26"]);
    expect(stderr).toContain('index.ts:2:24: cannot resolve the import "./missing.js"');
    expect(stderr).toContain('index.ts:3:26: cannot resolve the import "no-such-package-stateguard"');
  });

  it("exits 2 for a project without tsconfig.json, naming it, and still analyses the others", async () => {
    const dir = tempDir("mixed");
    mkdirSync(join(dir, "ok"));
    writeFileSync(join(dir, "ok", "Pulumi.yaml"), "name: ok\nruntime: nodejs\n");
    writeFileSync(
      join(dir, "ok", "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true }, files: ["index.ts"] }),
    );
    writeFileSync(
      join(dir, "ok", "index.ts"),
      'import * as pulumi from "@pulumi/pulumi";\nnew pulumi.ComponentResource("acme:x:X", "x");\n',
    );
    mkdirSync(join(dir, "broken"));
    writeFileSync(join(dir, "broken", "Pulumi.yaml"), "name: broken\nruntime: nodejs\n");
    writeFileSync(join(dir, "broken", "index.ts"), "export {};\n");
    symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"), "dir");
    const { code, out, stderr } = await analyzeJson(dir);
    expect(code).toBe(2);
    expect(stderr).toContain("stateguard analyze: broken/tsconfig.json: no tsconfig.json");
    expect(out?.projects.map((p) => [p.dir, p.partial, p.registrations])).toEqual([
      ["broken", true, 0],
      ["ok", false, 1],
    ]);
  });

  it("lists and skips Pulumi projects of other runtimes, and exits 2 when there is no Node.js project", async () => {
    const { dir } = fixtureRepo("shop");
    mkdirSync(join(dir, "infra-py"));
    writeFileSync(join(dir, "infra-py", "Pulumi.yaml"), "name: infra\nruntime: python\n");
    mkdirSync(join(dir, "infra-go"));
    writeFileSync(join(dir, "infra-go", "Pulumi.yaml"), "name: infra-go\nruntime:\n  name: go\n");
    const { code, out, stderr } = await analyzeJson(dir);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain("stateguard analyze: infra-py: skipped, a python project (runtime in Pulumi.yaml)");
    expect(out?.skipped).toEqual([
      { dir: "infra-go", runtime: "go" },
      { dir: "infra-py", runtime: "python" },
    ]);
    expect(out?.projects.map((p) => [p.dir, p.partial])).toEqual([[".", false]]);

    const only = await cli("analyze", join(dir, "infra-py"));
    expect(only.code).toBe(2);
    expect(only.stderr).toContain("no Node.js Pulumi project (only python projects");
  });

  it("exits 2 for the fixture without tsconfig.json", async () => {
    const result = await cli("analyze", join(FIXTURES, "no-tsconfig"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("tsconfig.json: no tsconfig.json");
  });

  it("exits 2 for a directory without a Pulumi project, or that does not exist", async () => {
    const empty = await cli("analyze", tempDir("empty"));
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("no Pulumi project");
    expect(empty.stdout).toBe("");
    const missing = await cli("analyze", join(tempDir("gone"), "nope"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such directory");
  });

  it("exits 2 on a bad format or two directories", async () => {
    expect((await cli("analyze", FIXTURES, "--format", "xml")).code).toBe(2);
    expect((await cli("analyze", FIXTURES, FIXTURES)).code).toBe(2);
  });

  it("finds projects in subdirectories, skipping node_modules and hidden directories", () => {
    const dir = tempDir("find");
    for (const sub of ["a", "b/c", "node_modules/pkg", ".git/x"]) {
      mkdirSync(join(dir, sub), { recursive: true });
      writeFileSync(join(dir, sub, "Pulumi.yaml"), "name: x\n");
    }
    expect(findProjects(dir).map((d) => d.slice(dir.length + 1))).toEqual(["a", "b/c"]);
  });
});

describe("provider classes", { timeout: 120_000 }, () => {
  it("reads a type token from the package's compiled file when the class is exported as a lazily loaded constant", async () => {
    const dir = tempDir("provider");
    const pkg = join(dir, "node_modules", "@pulumi", "fakecloud");
    mkdirSync(join(pkg, "storage"), { recursive: true });
    mkdirSync(join(dir, "node_modules", "@pulumi"), { recursive: true });
    symlinkSync(join(REPO, "node_modules", "@pulumi", "pulumi"), join(dir, "node_modules", "@pulumi", "pulumi"), "dir");
    symlinkSync(join(REPO, "node_modules", "@types"), join(dir, "node_modules", "@types"), "dir");
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "@pulumi/fakecloud", types: "index.d.ts" }));
    writeFileSync(join(pkg, "index.d.ts"), 'import * as storage from "./storage";\nexport { storage };\n');
    writeFileSync(
      join(pkg, "storage", "index.d.ts"),
      'export type Bucket = import("./bucket").Bucket;\nexport declare const Bucket: typeof import("./bucket").Bucket;\n',
    );
    writeFileSync(
      join(pkg, "storage", "bucket.d.ts"),
      'import * as pulumi from "@pulumi/pulumi";\nexport declare class Bucket extends pulumi.CustomResource {\n  constructor(name: string, args?: object, opts?: pulumi.CustomResourceOptions);\n}\n',
    );
    writeFileSync(
      join(pkg, "storage", "bucket.js"),
      "class Bucket {\n  static __pulumiType = 'fakecloud:storage/bucket:Bucket';\n}\n",
    );
    writeFileSync(join(dir, "Pulumi.yaml"), "name: provider\nruntime: nodejs\n");
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, module: "commonjs", skipLibCheck: true, types: [] },
        files: ["index.ts"],
      }),
    );
    writeFileSync(
      join(dir, "index.ts"),
      'import * as pulumi from "@pulumi/pulumi";\nimport * as cloud from "@pulumi/fakecloud";\nnew cloud.storage.Bucket("logs");\nnew pulumi.StackReference("acme/network/prod");\n',
    );
    const { code, out, stderr } = await analyzeJson(dir);
    expect(code, stderr).toBe(0);
    expect(out?.projects[0]?.units[0]?.resources.flatMap((r) => r.urns)).toEqual([
      "urn:pulumi:<stack>::provider::fakecloud:storage/bucket:Bucket::logs",
      "urn:pulumi:<stack>::provider::pulumi:pulumi:StackReference::acme/network/prod",
    ]);
  });
});
