import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { STACK_REFERENCE_READS } from "../../../lint-rules/eslint/pulumi-types.js";

/**
 * The names no-live-state-lookup pre-filters StackReference reads by, checked against the StackReference class of
 * the `@pulumi/pulumi` this project pins: a member the SDK adds (or renames) fails here instead of going unseen.
 */

function stackReferenceMembers(): string[] {
  const require = createRequire(import.meta.url);
  const sdkDir = dirname(require.resolve("@pulumi/pulumi/package.json"));
  const file = join(sdkDir, "stackReference.d.ts");
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const members: string[] = [];
  source.forEachChild((node) => {
    if (!ts.isClassDeclaration(node) || node.name?.text !== "StackReference") return;
    for (const member of node.members) {
      const hidden = ts.getCombinedModifierFlags(member) & (ts.ModifierFlags.Static | ts.ModifierFlags.Private);
      if (member.name && ts.isIdentifier(member.name) && !hidden) members.push(member.name.text);
    }
  });
  return members;
}

describe("StackReference reads against the pinned SDK", () => {
  it("STACK_REFERENCE_READS is every public instance member of StackReference but its name", () => {
    const members = stackReferenceMembers();
    expect(members.length).toBeGreaterThan(3);
    expect([...STACK_REFERENCE_READS].sort()).toEqual(members.filter((m) => m !== "name").sort());
  });
});
