import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rules } from "../../../lint-rules/eslint/index.js";
import { fixtureLinter, lintSnippet } from "./lint-text.js";

/**
 * Every rule page's examples are real: each `ts` block under "## Incorrect" is reported by its rule, each under
 * "## Correct" is not. A block may be preceded by `<!-- file: path -->` (the fixture file it is linted as, e.g.
 * the program entry) and `<!-- options: {...} -->` (the rule's options).
 */

const ROOT = join(import.meta.dirname, "..", "..", "..");

interface Example {
  readonly code: string;
  readonly file: string;
  readonly options: Record<string, unknown> | undefined;
}

function examples(doc: string, section: "Incorrect" | "Correct"): Example[] {
  const body = doc.split(`\n## ${section}\n`)[1]?.split("\n## ")[0] ?? "";
  const found: Example[] = [];
  const block = /((?:<!--[^\n]*-->\s*)*)```ts\n([\s\S]*?)\n```/g;
  for (const match of body.matchAll(block)) {
    const comments = match[1] ?? "";
    const file = /<!-- file: ([^ ]+) -->/.exec(comments)?.[1] ?? "file.ts";
    const options = /<!-- options: (\{.*\}) -->/.exec(comments)?.[1];
    found.push({
      code: `${match[2]!}\n`,
      file,
      options: options ? (JSON.parse(options) as Record<string, unknown>) : undefined,
    });
  }
  return found;
}

describe.each(Object.keys(rules))("docs/rules/%s.md examples", (name) => {
  const doc = readFileSync(join(ROOT, "docs", "rules", `${name}.md`), "utf8");

  async function messagesOf(example: Example) {
    const level = example.options ? ["error", example.options] : "error";
    const eslint = fixtureLinter({ [`stateguard/${name}`]: level } as never);
    const messages = await lintSnippet(eslint, example.code, example.file);
    expect(
      messages.filter((m) => m.fatal),
      "the example does not parse",
    ).toEqual([]);
    return messages.filter((m) => m.ruleId === `stateguard/${name}`);
  }

  it("has incorrect and correct examples", () => {
    expect(examples(doc, "Incorrect").length).toBeGreaterThan(0);
    expect(examples(doc, "Correct").length).toBeGreaterThan(0);
  });

  it.each(examples(doc, "Incorrect").map((e, i) => [i + 1, e] as const))(
    "incorrect example %i is reported",
    async (_, example) => {
      expect((await messagesOf(example)).length).toBeGreaterThan(0);
    },
    60_000,
  );

  it.each(examples(doc, "Correct").map((e, i) => [i + 1, e] as const))(
    "correct example %i is not reported",
    async (_, example) => {
      expect((await messagesOf(example)).map((m) => m.message)).toEqual([]);
    },
    60_000,
  );
});
