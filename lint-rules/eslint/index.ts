import type { TSESLint } from "@typescript-eslint/utils";
import { requireProtectStateful } from "./rules/require-protect-stateful.js";

/**
 * The stateguard ESLint plugin (`import stateguard from "stateguard/eslint"`). Its rules are typed: enable them
 * with typescript-eslint's parser and `parserOptions.projectService`.
 */

export const rules = {
  "require-protect-stateful": requireProtectStateful,
};

interface Plugin {
  meta: { name: string; version: string };
  rules: typeof rules;
  configs: { recommended: TSESLint.FlatConfig.Config };
}

const plugin: Plugin = {
  meta: { name: "stateguard", version: "0.1.0" },
  rules,
  configs: { recommended: {} },
};

plugin.configs.recommended = {
  name: "stateguard/recommended",
  // The rules are typed: they apply to the TypeScript files the project service knows, never to config files.
  files: ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"],
  plugins: { stateguard: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: Object.fromEntries(Object.keys(rules).map((name) => [`stateguard/${name}`, "error"])),
};

export default plugin;
