import { join } from "node:path";
import { RuleTester } from "@typescript-eslint/rule-tester";
import { afterAll, describe, it } from "vitest";

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** A RuleTester with type information, resolving @pulumi/pulumi from this repository's node_modules. */
export function typedRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: join(import.meta.dirname, "fixtures"),
      },
    },
  });
}

export const PRELUDE = `import * as pulumi from "@pulumi/pulumi";
class Resource extends pulumi.CustomResource {}
`;
