import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, edit, fixtureRepo, typeErrors } from "./support.js";

interface JsonOut {
  verdict: string;
  findings: {
    code: string;
    severity: string;
    message: string;
    fix?: string;
    location?: { file: string; line?: number; column?: number };
  }[];
}

async function urnDiff(dir: string, ...extra: string[]) {
  const result = await cli("urn-diff", "--base", "main", dir, "--format", "json", ...extra);
  const out = result.stdout ? (JSON.parse(result.stdout) as JsonOut) : undefined;
  return { ...result, out, codes: out?.findings.map((f) => f.code).filter((c) => c !== "URN_UNRESOLVED") ?? [] };
}

describe("stateguard urn-diff", { timeout: 60_000 }, () => {
  it("finds nothing but the unresolved name when nothing changed", async () => {
    const { dir } = fixtureRepo("store");
    const result = await urnDiff(dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.codes).toEqual([]);
    const unresolved = result.out!.findings.filter((f) => f.code === "URN_UNRESOLVED");
    expect(unresolved).toHaveLength(1);
    expect(unresolved[0]).toMatchObject({ severity: "warning", location: { file: "index.ts", line: 11, column: 1 } });
    expect(unresolved[0]?.message).toContain('config.get("alertsTopic")');
  });

  it("flags a rename without an alias, and --fix writes the alias so the program compiles and passes", async () => {
    const { dir } = fixtureRepo("store");
    edit(dir, "index.ts", '"logs", {}', '"access-logs", {}');
    edit(dir, "index.ts", '"jobs", {}, { protect: false }', '"jobs-v2", {}, { protect: false }');
    const result = await urnDiff(dir, "--fix");
    expect(result.code, result.stderr).toBe(1);
    expect(result.out?.verdict).toBe("blocked");
    const renames = result.out!.findings.filter((f) => f.code === "URN_RENAMED");
    expect(renames.map((f) => f.location)).toEqual([
      { file: "index.ts", line: 7, column: 1 },
      { file: "index.ts", line: 9, column: 1 },
    ]);
    expect(renames[0]?.message).toContain(
      "urn:pulumi:<stack>::store::aws:s3/bucket:Bucket::logs becomes urn:pulumi:<stack>::store::aws:s3/bucket:Bucket::access-logs",
    );
    expect(renames[0]?.fix).toContain('aliases: [{ name: "logs" }]');
    expect(result.stderr).toContain('fixed index.ts:7: added aliases: [{ name: "logs" }]');

    const source = readFileSync(join(dir, "index.ts"), "utf8");
    expect(source).toContain(
      'new Resource("aws:s3/bucket:Bucket", "access-logs", {}, { aliases: [{ name: "logs" }] });',
    );
    expect(source).toContain(
      'new Resource("aws:sns/topic:Topic", "jobs-v2", {}, { protect: false, aliases: [{ name: "jobs" }] });',
    );
    expect(typeErrors(dir)).toEqual([]);
    const after = await urnDiff(dir);
    expect(after.code, after.stdout).toBe(0);
    expect(after.codes).toEqual(["URN_ALIASED", "URN_ALIASED"]);
  });

  it("accepts a rename that carries its alias", async () => {
    const { dir } = fixtureRepo("store");
    edit(dir, "index.ts", '"logs", {}', '"access-logs", {}, { aliases: [{ name: "logs" }] }');
    const result = await urnDiff(dir);
    expect(result.code, result.stdout).toBe(0);
    expect(result.codes).toEqual(["URN_ALIASED"]);
  });

  it("accepts a move into a component with `parent: pulumi.rootStackResource`, and flags it without", async () => {
    const { dir } = fixtureRepo("store");
    edit(dir, "index.ts", 'new Resource("aws:dynamodb/table:Table", "orders-table", { hashKey: "id" });\n', "");
    edit(
      dir,
      "store.ts",
      "    this.registerOutputs({});",
      '    new Resource("aws:dynamodb/table:Table", "orders-table", { hashKey: "id" }, { parent: this });\n    this.registerOutputs({});',
    );
    const flagged = await urnDiff(dir);
    expect(flagged.code).toBe(1);
    expect(flagged.codes).toEqual(["URN_MOVED"]);
    expect(flagged.out!.findings[0]).toMatchObject({ location: { file: "store.ts", line: 8, column: 5 } });
    expect(flagged.out!.findings[0]?.message).toContain('from the stack to acme:data:Store "store"');
    expect(flagged.out!.findings[0]?.fix).toContain("aliases: [{ parent: pulumi.rootStackResource }]");

    await cli("urn-diff", "--base", "main", dir, "--fix");
    expect(readFileSync(join(dir, "store.ts"), "utf8")).toContain(
      "{ parent: this, aliases: [{ parent: pulumi.rootStackResource }] }",
    );
    expect(typeErrors(dir)).toEqual([]);
    const fixed = await urnDiff(dir);
    expect(fixed.code, fixed.stdout).toBe(0);
    expect(fixed.codes).toEqual(["URN_ALIASED"]);
  });

  it("folds the children of a renamed component into its one alias", async () => {
    const { dir } = fixtureRepo("store");
    edit(dir, "index.ts", 'new Store("store");', 'new Store("shop");');
    const result = await urnDiff(dir, "--fix");
    expect(result.code).toBe(1);
    expect(result.codes).toEqual(["URN_RENAMED"]);
    expect(result.out!.findings[0]?.message).toContain("1 child resource(s)");
    expect(readFileSync(join(dir, "index.ts"), "utf8")).toContain(
      'new Store("shop", { aliases: [{ name: "store" }] });',
    );
    expect(typeErrors(dir)).toEqual([]);
    const fixed = await urnDiff(dir);
    expect(fixed.code, fixed.stdout).toBe(0);
    expect(fixed.codes).toEqual(["URN_ALIASED", "URN_ALIASED"]);
  });

  it("flags a stateful resource removed from the code, and only notes a stateless one", async () => {
    const { dir } = fixtureRepo("store");
    edit(dir, "index.ts", 'new Resource("aws:dynamodb/table:Table", "orders-table", { hashKey: "id" });\n', "");
    edit(dir, "index.ts", 'new Resource("aws:sns/topic:Topic", "jobs", {}, { protect: false });\n', "");
    const result = await urnDiff(dir);
    expect(result.code).toBe(1);
    expect(result.codes).toEqual(["STATEFUL_REMOVED", "RESOURCE_REMOVED"]);
    expect(result.out!.findings[0]).toMatchObject({
      severity: "error",
      location: { file: "index.ts", line: 8, column: 1 },
    });
    expect(result.out!.findings[0]?.message).toContain("aws:dynamodb/table:Table");
  });

  it("lists a name that becomes unresolved instead of guessing", async () => {
    const { dir } = fixtureRepo("store");
    edit(dir, "index.ts", '"logs", {}', 'config.require("logsBucket"), {}');
    const result = await urnDiff(dir);
    expect(result.codes).toEqual(["STATEFUL_REMOVED"]);
    expect(result.out!.findings[0]?.message).toContain(
      "Unless it is the resource at index.ts:7:1, whose URN cannot be predicted",
    );
    const unresolved = result.out!.findings.filter((f) => f.code === "URN_UNRESOLVED");
    expect(unresolved.map((f) => f.location?.line)).toEqual([7, 11]);
    expect(result.code).toBe(1);
  });

  it("exits 2 for a base revision that does not exist, naming it", async () => {
    const { dir } = fixtureRepo("store");
    const result = await cli("urn-diff", "--base", "no-such-branch", dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('base revision "no-such-branch" does not exist');
    rmSync(join(dir, "tsconfig.json"));
    const noTsconfig = await cli("urn-diff", "--base", "main", dir);
    expect(noTsconfig.code).toBe(2);
    expect(noTsconfig.stderr).toContain("no tsconfig.json");
  });

  it("never touches the working tree or the index without --fix", async () => {
    const { dir, git } = fixtureRepo("store");
    edit(dir, "index.ts", '"logs", {}', '"access-logs", {}');
    const before = git("status", "--porcelain");
    await urnDiff(dir);
    expect(git("status", "--porcelain")).toBe(before);
    expect(readFileSync(join(dir, "index.ts"), "utf8")).toContain('"access-logs", {});');
  });
});

describe("stateguard urn-diff in a workspace (a project and a library beside it)", { timeout: 60_000 }, () => {
  // The library resolves @pulumi/pulumi from the node_modules at the workspace's root, not from the project's.
  const project = (dir: string): string => join(dir, "apps", "shop");

  it("sees the library's components at the base revision too, so a component renamed without an alias is found", async () => {
    const { dir } = fixtureRepo("workspace");
    edit(dir, "apps/shop/index.ts", 'new Store("billing");', 'new Store("payments");');
    const result = await urnDiff(project(dir));
    expect(result.code, result.stdout).toBe(1);
    expect(result.out!.findings.filter((f) => f.code === "URN_UNRESOLVED")).toEqual([]);
    // One finding for the component: its three children (two of the same type, from a loop) follow its alias.
    expect(result.codes).toEqual(["URN_RENAMED"]);
    expect(result.out!.findings[0]).toMatchObject({ location: { file: "index.ts", line: 4, column: 1 } });
    expect(result.out!.findings[0]?.message).toContain("3 child resource(s)");
    expect(result.out!.findings[0]?.fix).toContain('aliases: [{ name: "billing" }]');
  });

  it("pairs a library child renamed in every instance with its own instance's old name", async () => {
    const { dir } = fixtureRepo("workspace");
    edit(dir, "libs/platform/store.ts", "`${name}-events`", "`${name}-events-v2`");
    const result = await urnDiff(project(dir));
    expect(result.code, result.stdout).toBe(1);
    expect(result.codes).toEqual(["URN_RENAMED", "URN_RENAMED"]);
    // Two instances, two queues renamed: each paired with the queue of the same parent, not left ambiguous.
    expect(result.out!.findings.map((f) => f.fix)).toEqual([
      expect.stringContaining('aliases: [{ name: "billing-events" }]'),
      expect.stringContaining('aliases: [{ name: "orders-events" }]'),
    ]);
    edit(
      dir,
      "libs/platform/store.ts",
      "{ parent: this });\n    for",
      "{ parent: this, aliases: [{ name: `${name}-events` }] });\n    for",
    );
    const aliased = await urnDiff(project(dir));
    expect(aliased.code, aliased.stdout).toBe(0);
    expect(aliased.codes).toEqual(["URN_ALIASED", "URN_ALIASED"]);
  });
});
