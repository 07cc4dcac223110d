import { ESLintUtils } from "@typescript-eslint/utils";

/** Extra rule metadata: generated docs and presets read it. */
export interface StateguardRuleDocs {
  /** The rule needs type information (parserOptions.projectService). */
  requiresTypeChecking?: boolean;
  /** The preset that turns the rule on: `recommended` rules are in `strict` too. */
  preset: "recommended" | "strict";
}

/** Every stateguard rule documents itself at docs/rules/<rule-name>.md in the package. */
export const createRule = ESLintUtils.RuleCreator<StateguardRuleDocs>((name) => `docs/rules/${name}.md`);
