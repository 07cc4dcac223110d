// Lints the platform's programs and library with stateguard's rules. They are typed rules: typescript-eslint's
// parser with the project service gives them the type checker (each directory's tsconfig.json says what it holds).
import stateguard from "stateguard/eslint";
import tseslint from "typescript-eslint";

export default [
  // Story variants are whole files meant to be copied over a program; they are linted after the copy.
  { ignores: ["**/story/**", "**/node_modules/**"] },
  {
    files: ["**/*.ts"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  stateguard.configs.recommended,
];
