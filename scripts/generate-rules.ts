import { format } from "prettier";
import { rules, type RuleName } from "../lint-rules/eslint/index.js";

/**
 * The files generated from the lint rules' metadata: the README's rule table (between `<!-- rules:start -->` and
 * `<!-- rules:end -->`) and the header of each rule's page under docs/rules/. Called by scripts/generate.ts, which
 * writes the files (or, with --check, reports them stale).
 */

const START = "<!-- rules:start -->";
const END = "<!-- rules:end -->";
const HEADER_START = "<!-- header:start -->";
const HEADER_END = "<!-- header:end -->";

function between(file: string, text: string, start: string, end: string, content: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end, from + start.length);
  if (from < 0 || to < 0) throw new Error(`${file} has no ${start} ... ${end} markers`);
  return `${text.slice(0, from + start.length)}\n\n${content}${text.slice(to)}`;
}

/** Generated markdown is formatted as `npx prettier --write` would, so formatting never makes it stale. */
function markdown(text: string): Promise<string> {
  return format(text, { parser: "markdown", printWidth: 120 });
}

const names = Object.keys(rules).sort() as RuleName[];

function presetText(name: RuleName): string {
  return rules[name].meta.docs?.preset === "recommended" ? "recommended, strict" : "strict";
}

function readmeTable(): string {
  const rows = names.map((name) => {
    const { meta } = rules[name];
    const fix = meta.hasSuggestions ? "suggestion" : "";
    const description = (meta.docs?.description ?? "").replace(/\|/g, "\\|");
    return `| [\`${name}\`](docs/rules/${name}.md) | ${presetText(name)} | ${description} | ${fix} |`;
  });
  return [
    "| rule | presets | what it enforces | fix |",
    "| ---- | ------- | ---------------- | --- |",
    ...rows,
    "",
    "All rules need type information (`parserOptions.projectService`). Set-up, library code versus program code,",
    "settings and how resources are recognised: [docs/rules/README.md](docs/rules/README.md).",
    "",
  ].join("\n");
}

function docHeader(name: RuleName): string {
  const { meta } = rules[name];
  const description = meta.docs?.description ?? "";
  const typed = meta.docs?.requiresTypeChecking ? "required (`parserOptions.projectService`)" : "not needed";
  const suggestions = meta.hasSuggestions ? "yes" : "no";
  return [
    `# ${name}`,
    "",
    `${description}.`,
    "",
    `**Presets:** ${presetText(name)}. **Type information:** ${typed}. **Suggestions:** ${suggestions}.`,
    "",
  ].join("\n");
}

/** Adds the generated rule content to `files` (path -> content); `read` gives a file's current text. */
export async function addRuleFiles(
  files: Map<string, string>,
  read: (file: string) => string | undefined,
): Promise<void> {
  const readme = files.get("README.md") ?? read("README.md") ?? "";
  files.set("README.md", between("README.md", readme, START, END, await markdown(readmeTable())));
  for (const name of names) {
    const file = `docs/rules/${name}.md`;
    const page = read(file);
    if (page === undefined) throw new Error(`${file} is missing: every rule needs a doc page`);
    files.set(file, between(file, page, HEADER_START, HEADER_END, await markdown(docHeader(name))));
  }
}
