import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import plugin, { rules } from "../../../lint-rules/eslint/index.js";

/** What every lint rule must have, checked so that a new rule cannot skip a step. */

const ROOT = join(import.meta.dirname, "..", "..", "..");
const RULE_DIR = join(ROOT, "lint-rules", "eslint", "rules");
const ruleFiles = readdirSync(RULE_DIR)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => basename(f, ".ts"));
const docPages = readdirSync(join(ROOT, "docs", "rules"))
  .filter((f) => f.endsWith(".md") && f !== "README.md")
  .map((f) => basename(f, ".md"));
const entries = Object.entries(rules);

function doc(name: string): string {
  return readFileSync(join(ROOT, "docs", "rules", `${name}.md`), "utf8");
}

describe("repository invariants of the lint rules", () => {
  it("registers exactly the rules that have a file in lint-rules/eslint/rules/, and documents no others", () => {
    expect(Object.keys(rules).sort()).toEqual([...ruleFiles].sort());
    expect([...docPages].sort()).toEqual([...ruleFiles].sort());
  });

  it("puts every rule in a preset: recommended ones in both, strict ones in strict only", () => {
    const recommended = Object.keys(plugin.configs.recommended.rules ?? {});
    const strict = Object.keys(plugin.configs.strict.rules ?? {});
    expect(strict.sort()).toEqual(
      Object.keys(rules)
        .map((n) => `stateguard/${n}`)
        .sort(),
    );
    for (const [name, rule] of entries) {
      expect(recommended.includes(`stateguard/${name}`), name).toBe(rule.meta.docs!.preset === "recommended");
    }
    for (const config of [plugin.configs.recommended, plugin.configs.strict]) {
      expect(config.files).toEqual(["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"]);
    }
  });

  describe.each(entries)("%s", (name, rule) => {
    it("has the id of its file and a kebab-case name", async () => {
      expect(rule.name).toBe(name);
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      const module = (await import(join(RULE_DIR, `${name}.ts`))) as Record<string, unknown>;
      expect(Object.values(module)).toContain(rule);
    });

    it("has a description that starts with Enforce, Require or Disallow, without a final period", () => {
      expect(rule.meta.docs!.description).toMatch(/^(Enforce|Require|Disallow) [^\n]+[^.]$/);
      expect(rule.meta.docs!.requiresTypeChecking).toBe(true);
      expect(["recommended", "strict"]).toContain(rule.meta.docs!.preset);
    });

    it("has strict option schemas with a description for every option", () => {
      for (const schema of rule.meta.schema as unknown as readonly {
        additionalProperties?: boolean;
        properties?: object;
      }[]) {
        expect(schema.additionalProperties).toBe(false);
        for (const [option, s] of Object.entries(schema.properties ?? {})) {
          expect((s as { description?: string }).description, `${name}.${option}`).toBeTruthy();
          expect(doc(name)).toContain(`\`${option}\``);
        }
      }
    });

    it("has a test file that exercises every message with exact positions", () => {
      const file = join(ROOT, "test", "unit", "lint", `${name}.test.ts`);
      expect(existsSync(file)).toBe(true);
      const test = readFileSync(file, "utf8");
      for (const id of Object.keys(rule.meta.messages)) expect(test, `${name} never tests ${id}`).toContain(`"${id}"`);
      // Each expected error names its line and column; a suggestion (which has an output instead) needs none.
      const entries = test.split(/(?=messageId: ")/).slice(1);
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) {
        if (entry.includes("output:")) continue;
        expect(entry, `an error of ${name} without an exact position`).toMatch(/\bline: \d+,[\s\S]*\bcolumn: \d+/);
      }
    });

    it("has a doc page with the generated header, incorrect and correct TypeScript examples", () => {
      const page = doc(name);
      expect(page.startsWith(`<!-- header:start -->\n\n# ${name}\n\n${rule.meta.docs!.description}.\n`)).toBe(true);
      const section = (title: string) => page.split(`\n## ${title}\n`)[1]?.split("\n## ")[0] ?? "";
      expect(section("Incorrect")).toMatch(/```ts\n[\s\S]+?\n```/);
      expect(section("Correct")).toMatch(/```ts\n[\s\S]+?\n```/);
    });
  });

  it("lists every rule in the README's generated table", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const table = readme.split("<!-- rules:start -->")[1]?.split("<!-- rules:end -->")[0] ?? "";
    for (const name of Object.keys(rules)) expect(table).toContain(`[\`${name}\`](docs/rules/${name}.md)`);
  });
});
