import { join } from "node:path";
import { RuleTester } from "@typescript-eslint/rule-tester";
import { afterAll, describe, it } from "vitest";

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
// The first typed case of a file starts the project service: seconds, more under a parallel test run.
const TIMEOUT = 60_000;
RuleTester.it = (name: string, fn: () => void) => {
  it(name, fn, TIMEOUT);
};
RuleTester.itOnly = (name: string, fn: () => void) => {
  it.only(name, fn, TIMEOUT);
};

/** The fixture project the typed tests run in (its tsconfig.json, stand-in packages, a Pulumi project). */
export const FIXTURES = join(import.meta.dirname, "fixtures");

/** A RuleTester with type information, resolving @pulumi/pulumi from this repository's node_modules. */
export function typedRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: FIXTURES,
      },
    },
  });
}

export const PRELUDE = `import * as pulumi from "@pulumi/pulumi";
class Resource extends pulumi.CustomResource {}
`;

/** The imports most cases start with: the SDK and the stand-in provider (fixtures/@pulumi/aws). Two lines. */
export const IMPORTS = `import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
`;

/** The entry of the fixture Pulumi project (fixtures/program/Pulumi.yaml): its top level is program code. */
export const PROGRAM_ENTRY = join(FIXTURES, "program", "index.ts");
/** Another module of that project: its top level is program code too (functions in it are library code). */
export const PROGRAM_MODULE = join(FIXTURES, "program", "network.ts");
/** A module in a nested package of that project (fixtures/program/vendor/package.json): library code. */
export const NESTED_PACKAGE_MODULE = join(FIXTURES, "program", "vendor", "lookup.ts");
/** A test file (`*_test.ts`, a name vitest does not collect) outside any Pulumi project: all program code. */
export const TEST_FILE = join(FIXTURES, "unit", "bucket_test.ts");

/** Lines joined with newlines, after the two import lines: line n of `lines` is line n + 2 of the file. */
export function src(...lines: string[]): string {
  return IMPORTS + lines.join("\n");
}
