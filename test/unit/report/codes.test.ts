import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DESCRIBED_CODES } from "../../../src/report/codes.js";

/** Upper-case words in backticks that the docs use for something other than a finding code. */
const NOT_CODES = new Set(["DIR", "HEAD", "CHECKS"]);

/** Every finding code the page names: in backticks, or in a check's heading `### name (CODE)`. */
function documentedCodes(file: string): string[] {
  const text = readFileSync(new URL(`../../../${file}`, import.meta.url), "utf8");
  const quoted = [...text.matchAll(/`([A-Z][A-Z_]+)`/g)].map((m) => m[1]!);
  const headings = [...text.matchAll(/^#+ .*\(([A-Z][A-Z_]+)\)\s*$/gm)].map((m) => m[1]!);
  return [...new Set([...quoted, ...headings])].filter((code) => !NOT_CODES.has(code));
}

describe("the descriptions of finding codes", () => {
  it("describe every code the gate's and the analyzer's docs name, so SARIF rules never fall back to the code", () => {
    const documented = [...documentedCodes("docs/gate.md"), ...documentedCodes("docs/analyzer.md")];
    expect(documented).toEqual(expect.arrayContaining(["STATEFUL_DELETE", "URN_RENAMED", "DUPLICATE_URN"]));
    expect(documented.filter((code) => !DESCRIBED_CODES.includes(code))).toEqual([]);
  });
});
