import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PolicyDefinition } from "../../policy/define-policy.js";
import { POLICIES } from "../../policy/policies/index.js";

/** What CONTRIBUTING.md asks of every policy, checked so that a new policy cannot skip a step. */

const ROOT = join(import.meta.dirname, "..", "..");
const POLICY_DIR = join(ROOT, "policy", "policies");
const policyFiles = readdirSync(POLICY_DIR)
  .filter((f) => f.endsWith(".ts") && f !== "index.ts")
  .map((f) => basename(f, ".ts"));

const REQUIRED_SECTIONS = [
  "## Why",
  "## Incorrect",
  "## Correct",
  "## Level",
  "## Options",
  "## Finding",
  "## Unknown values",
];

function docOf(name: string): string {
  return readFileSync(join(ROOT, "docs", "policies", `${name}.md`), "utf8");
}

describe("repository invariants of the policies", () => {
  it("registers exactly the policies that have a file in policy/policies/", () => {
    expect(POLICIES.map((p) => p.name).sort()).toEqual([...policyFiles].sort());
  });

  it.each(policyFiles)("%s: its file exports the policy of the same name", async (file) => {
    const module = (await import(join(POLICY_DIR, `${file}.ts`))) as Record<string, unknown>;
    const exported = Object.values(module).filter(
      (v): v is PolicyDefinition => typeof v === "object" && v !== null && "kind" in v && "decide" in v,
    );
    expect(exported.map((p) => p.name)).toEqual([file]);
  });

  describe.each(POLICIES.map((p) => [p.name, p] as const))("%s", (name, policy) => {
    it("has a stable kebab-case name", () => {
      expect(name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    });

    it("has a description that starts with Require, Enforce or Disallow and is one sentence", () => {
      expect(policy.description).toMatch(/^(Require|Enforce|Disallow) [^\n]+\.$/);
    });

    it("gives every config property a description and a default, and rejects unknown properties", () => {
      expect(policy.configSchema.additionalProperties).toBe(false);
      for (const [property, schema] of Object.entries(policy.configSchema.properties)) {
        const s = schema as { description?: string; default?: unknown };
        expect(s.description, `${name}.${property} has no description`).toBeTruthy();
        expect(s.default, `${name}.${property} has no default`).not.toBeUndefined();
        expect(policy.configSchema.required ?? []).not.toContain(property);
      }
    });

    it("has a unit test file", () => {
      expect(existsSync(join(ROOT, "test", "unit", `${name}.test.ts`))).toBe(true);
    });

    it("has a doc page with every section, every option and every finding code", () => {
      const doc = docOf(name);
      for (const section of REQUIRED_SECTIONS) expect(doc, `${name}.md lacks "${section}"`).toContain(`\n${section}\n`);
      for (const property of Object.keys(policy.configSchema.properties)) expect(doc).toContain(`\`${property}\``);
      const source = readFileSync(join(POLICY_DIR, `${name}.ts`), "utf8");
      const codes = [...source.matchAll(/"([A-Z]+(?:_[A-Z]+)+)"/g)].map((m) => m[1]!);
      expect(codes.length).toBeGreaterThan(0);
      for (const code of codes) expect(doc, `${name}.md does not document ${code}`).toContain(code);
    });

    it("shows an incorrect and a correct TypeScript example", () => {
      const doc = docOf(name);
      const section = (title: string) => doc.split(`\n${title}\n`)[1]?.split("\n## ")[0] ?? "";
      expect(section("## Incorrect")).toMatch(/```ts\n[\s\S]+?\n```/);
      expect(section("## Correct")).toMatch(/```ts\n[\s\S]+?\n```/);
    });

    it("starts its doc page with the generated header", () => {
      expect(docOf(name).startsWith(`<!-- header:start -->\n\n# ${name}\n\n${policy.description}\n`)).toBe(true);
    });
  });

  it("lists every policy in the README's generated table", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const table = readme.split("<!-- policies:start -->")[1]?.split("<!-- policies:end -->")[0] ?? "";
    for (const p of POLICIES) expect(table).toContain(`[\`${p.name}\`](docs/policies/${p.name}.md)`);
  });
});
