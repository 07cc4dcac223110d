import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeDirectory, CHECKS, type CheckDefinition } from "../../../lint-rules/analyzer/index.js";
import { FIXTURES, REPO } from "./support.js";

/**
 * What every analyzer check owes (CONTRIBUTING's checklist, as for rules and policies): registered under the name of
 * its file, a kebab-case name with a verb prefix, a description starting with Disallow/Require/Enforce, UPPER_SNAKE
 * codes, a section in docs/analyzer.md naming every code, a test file, and doc examples that are real: each
 * Incorrect example (a small project, one block per file) is reported with the check's codes, each Correct one is not.
 */

const CHECK_DIR = join(REPO, "lint-rules", "analyzer", "checks");
const DOC = readFileSync(join(REPO, "docs", "analyzer.md"), "utf8");
const files = readdirSync(CHECK_DIR)
  .filter((f) => f.endsWith(".ts") && f !== "index.ts" && f !== "define-check.ts")
  .map((f) => basename(f, ".ts"));

function sectionOf(name: string): string {
  const start = DOC.indexOf(`\n### \`${name}\``);
  if (start < 0) return "";
  const end = DOC.indexOf("\n### ", start + 1);
  return DOC.slice(start, end < 0 ? undefined : end);
}

function example(section: string, title: "Incorrect" | "Correct"): Map<string, string> {
  const body = section.split(`\n#### ${title}\n`)[1]?.split("\n#### ")[0] ?? "";
  const files = new Map<string, string>();
  for (const m of body.matchAll(/((?:<!--[^\n]*-->\s*)*)```ts\n([\s\S]*?)\n```/g)) {
    const file = /<!-- file: ([^ ]+) -->/.exec(m[1] ?? "")?.[1] ?? "index.ts";
    files.set(file, `${m[2]!}\n`);
  }
  return files;
}

function project(files: ReadonlyMap<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "sg-check-doc-"));
  writeFileSync(join(dir, "Pulumi.yaml"), "name: example\nruntime: nodejs\n");
  const compilerOptions = {
    strict: true,
    target: "ES2022",
    module: "preserve",
    moduleResolution: "bundler",
    skipLibCheck: true,
    types: [],
    paths: { "@pulumi/aws": [join(FIXTURES, "doc-stubs", "@pulumi", "aws", "index.d.ts")] },
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["index.ts"] }));
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"), "dir");
  for (const [file, text] of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

function run(check: CheckDefinition, files: ReadonlyMap<string, string>) {
  const analysis = analyzeDirectory(project(files), { checks: [check] });
  expect(
    analysis.projects.flatMap((p) => p.errors),
    "the example must compile",
  ).toEqual([]);
  return analysis.findings;
}

describe("analyzer checks", () => {
  it("registers exactly the checks that have a file in lint-rules/analyzer/checks/, under the file's name", () => {
    expect(CHECKS.map((c) => c.name).sort()).toEqual([...files].sort());
  });

  describe.each(CHECKS.map((c) => [c.name, c] as const))("%s", (name, check) => {
    const section = sectionOf(name);

    it("has a kebab-case name with a verb prefix and a description that starts with Disallow, Require or Enforce", () => {
      expect(name).toMatch(/^(no|require|prefer)(-[a-z0-9]+)+$/);
      expect(check.description).toMatch(/^(Disallow|Require|Enforce) [^\n]+[^.]$/);
    });

    it("declares UPPER_SNAKE codes, each documented in its section of docs/analyzer.md", () => {
      const codes = Object.keys(check.codes);
      expect(codes.length).toBeGreaterThan(0);
      expect(section, `docs/analyzer.md has no section for ${name}`).not.toBe("");
      for (const code of codes) {
        expect(code).toMatch(/^[A-Z]+(_[A-Z]+)+$/);
        expect(section.split("\n", 2)[1]).toContain(code);
      }
    });

    it("has a test file", () => {
      expect(existsSync(join(REPO, "test", "unit", "analyzer", `${name}.test.ts`))).toBe(true);
    });

    it("reports its incorrect example", { timeout: 120_000 }, () => {
      const files = example(section, "Incorrect");
      expect(files.has("index.ts")).toBe(true);
      const codes = run(check, files).map((f) => f.code);
      expect(codes.length).toBeGreaterThan(0);
      for (const code of codes) expect(Object.keys(check.codes)).toContain(code);
    });

    it("does not report its correct example", { timeout: 120_000 }, () => {
      const files = example(section, "Correct");
      expect(files.has("index.ts")).toBe(true);
      expect(run(check, files)).toEqual([]);
    });
  });
});
