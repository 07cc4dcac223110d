import { join } from "node:path";
import { ESLint, type Linter } from "eslint";
import tseslint from "typescript-eslint";
import plugin from "../../../lint-rules/eslint/index.js";
import { FIXTURES } from "./rule-tester.js";

/**
 * ESLint as a user runs it (flat config, typescript-eslint's parser with the project service, the plugin), in the
 * fixture project, for tests that lint whole snippets: the doc examples and the odd-syntax tests.
 */
export function fixtureLinter(rules: Linter.RulesRecord, settings: Record<string, unknown> = {}): ESLint {
  return new ESLint({
    cwd: FIXTURES,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ["**/*.ts"],
        languageOptions: {
          parser: tseslint.parser,
          parserOptions: { projectService: true, tsconfigRootDir: FIXTURES },
        },
        plugins: { stateguard: plugin as unknown as ESLint.Plugin },
        settings,
        rules,
      },
    ],
  });
}

/** Lints `code` as the fixture file `file` (relative to the fixtures directory). */
export async function lintSnippet(eslint: ESLint, code: string, file = "file.ts"): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: join(FIXTURES, file) });
  return result?.messages ?? [];
}
