import type { TSESLint } from "@typescript-eslint/utils";
import { noConditionalResource } from "./rules/no-conditional-resource.js";
import { noConstantLogicalName } from "./rules/no-constant-logical-name.js";
import { noCreateIfMissing } from "./rules/no-create-if-missing.js";
import { noLiveStateLookup } from "./rules/no-live-state-lookup.js";
import { noResourceGetter } from "./rules/no-resource-getter.js";
import { noResourceInApply } from "./rules/no-resource-in-apply.js";
import { preferComponentResource } from "./rules/prefer-component-resource.js";
import { requireComponentParent } from "./rules/require-component-parent.js";
import { requireProtectStateful } from "./rules/require-protect-stateful.js";

/**
 * The stateguard ESLint plugin (`import stateguard from "stateguard/eslint"`). Its rules are typed: enable them
 * with typescript-eslint's parser and `parserOptions.projectService`.
 */

export const rules = {
  "no-conditional-resource": noConditionalResource,
  "no-constant-logical-name": noConstantLogicalName,
  "no-create-if-missing": noCreateIfMissing,
  "no-live-state-lookup": noLiveStateLookup,
  "no-resource-getter": noResourceGetter,
  "no-resource-in-apply": noResourceInApply,
  "prefer-component-resource": preferComponentResource,
  "require-component-parent": requireComponentParent,
  "require-protect-stateful": requireProtectStateful,
};

export type RuleName = keyof typeof rules;
export type Preset = "recommended" | "strict";

/** The rules a preset turns on: `recommended` ones, and for `strict` the `strict` ones as well. */
export function rulesOf(preset: Preset): RuleName[] {
  return (Object.keys(rules) as RuleName[]).filter(
    (name) => preset === "strict" || rules[name].meta.docs?.preset === "recommended",
  );
}

interface Plugin {
  meta: { name: string; version: string };
  rules: typeof rules;
  configs: { recommended: TSESLint.FlatConfig.Config; strict: TSESLint.FlatConfig.Config };
}

const plugin: Plugin = {
  meta: { name: "stateguard", version: "0.1.0" },
  rules,
  configs: { recommended: {}, strict: {} },
};

function preset(name: Preset): TSESLint.FlatConfig.Config {
  return {
    name: `stateguard/${name}`,
    // The rules are typed: they apply to the TypeScript files the project service knows, never to config files.
    files: ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"],
    plugins: { stateguard: plugin as unknown as TSESLint.FlatConfig.Plugin },
    rules: Object.fromEntries(rulesOf(name).map((rule) => [`stateguard/${rule}`, "error"])),
  };
}

plugin.configs.recommended = preset("recommended");
plugin.configs.strict = preset("strict");

export default plugin;
