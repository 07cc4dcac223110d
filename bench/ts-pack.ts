import { copyFileSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "../test/engine/bench.js";

/**
 * A copy of the stateguard policy pack as a user would ship it without our build step: TypeScript sources that the
 * engine's default path (the SDK's run-policy-pack registering ts-node) compiles and type-checks on the fly.
 *
 * The pack directory is the copy's root, so that `policy/` and `src/core/` keep their relative layout and the one
 * tsconfig.json in the pack directory (the only place run-policy-pack looks) covers both.
 */

/** Source trees the pack is made of, relative to the repository root. */
const SOURCE_DIRS = ["policy", join("src", "core")] as const;

/**
 * CommonJS, because the SDK's ts-node (its vendored 7.0.1 unless the project installs one) compiles through a
 * `require` hook and cannot load ES modules. node16 with a package.json lacking "type" means CommonJS
 * output and keeps TypeScript 6 free of deprecation errors (commonjs + node10 would need ignoreDeprecations).
 */
const TSCONFIG = {
  compilerOptions: {
    strict: true,
    target: "ES2022",
    module: "node16",
    moduleResolution: "node16",
    // TS 6 fails with TS5011 when the files' common directory differs from the tsconfig's and rootDir is unset.
    rootDir: ".",
    skipLibCheck: true,
    types: ["node"],
  },
};

/** Same version as stateguard's: src/core/version.ts reads it from the package.json two levels up, here this one. */
function packageJson(): Record<string, unknown> {
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
  return {
    name: "stateguard-policy-typescript",
    version,
    private: true,
    description: "stateguard's policy pack run from its TypeScript sources (benchmark copy)",
    main: "policy/index.ts",
  };
}

/** Writes the copy into `dest` (created if needed) and returns the pack directory. */
export function writeTypeScriptPack(dest: string): string {
  mkdirSync(dest, { recursive: true });
  for (const dir of SOURCE_DIRS) {
    for (const file of typeScriptSources(join(REPO_ROOT, dir))) {
      const target = join(dest, dir, file);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, asCommonJs(readFileSync(join(REPO_ROOT, dir, file), "utf8")));
    }
  }
  copyFileSync(join(REPO_ROOT, "policy", "PulumiPolicy.yaml"), join(dest, "PulumiPolicy.yaml"));
  writeFileSync(join(dest, "package.json"), `${JSON.stringify(packageJson(), null, 2)}\n`);
  writeFileSync(join(dest, "tsconfig.json"), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  // The same single copy of @pulumi/pulumi and @pulumi/policy as the shipped pack uses.
  symlinkSync(join(REPO_ROOT, "node_modules"), join(dest, "node_modules"));
  return dest;
}

/** Module sources under `dir` (relative paths), without declarations and tests. */
function typeScriptSources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter(
    (f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.endsWith(".test.ts"),
  );
}

/** The two things our ES module sources do that a CommonJS compile rejects or cannot resolve. */
export function asCommonJs(source: string): string {
  return withoutImportMeta(withExtensionlessImports(source));
}

/**
 * `import.meta` is a compile error in a file built as CommonJS (TS1470); its CommonJS equivalents are derived from
 * `__filename`. Any other use of `import.meta` is left alone, so ts-node reports it rather than it going unnoticed.
 */
function withoutImportMeta(source: string): string {
  return source
    .replace(/\bimport\.meta\.url\b/g, `require("node:url").pathToFileURL(__filename).href`)
    .replace(/\bimport\.meta\.filename\b/g, "__filename")
    .replace(/\bimport\.meta\.dirname\b/g, "__dirname");
}

/**
 * `from "./pack.js"` -> `from "./pack"`. Our NodeNext sources name the emitted .js files; ts-node's require hook
 * only maps extensionless (or .ts) requests onto .ts files, so a `./pack.js` request would find nothing.
 */
function withExtensionlessImports(source: string): string {
  return source.replace(/(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"'\n]*?)\.js\2/g, "$1$2$3$2");
}
