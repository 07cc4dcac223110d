import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The packages the generated monorepo compiles against (bench/fixtures/monorepo: `@pulumi/pulumi`, `@pulumi/aws`,
 * `@pulumi/random` at the versions stateguard pins, and `@types/node`), installed once from the fixture's lockfile
 * into the cache, never into the repository: `@pulumi/aws` alone is 2,700 declaration files. Later runs are
 * offline.
 */

const here = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = join(here, here.includes(join("dist", "bench")) ? "../.." : "..");
const FIXTURE = join(REPO_ROOT, "bench", "fixtures", "monorepo");

export function cacheRoot(): string {
  return process.env.STATEGUARD_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "stateguard");
}

export interface SdkInstall {
  readonly nodeModules: string;
  /** Digest of the fixture's manifest and lockfile: what the generated tree was compiled against. */
  readonly key: string;
  /** Package -> installed version. */
  readonly versions: Readonly<Record<string, string>>;
}

function installedVersion(nodeModules: string, pkg: string): string {
  const { version } = JSON.parse(readFileSync(join(nodeModules, pkg, "package.json"), "utf8")) as { version: string };
  return version;
}

export function ensureMonorepoSdks(progress: (message: string) => void = () => {}): SdkInstall {
  const manifest = readFileSync(join(FIXTURE, "package.json"), "utf8");
  const lock = readFileSync(join(FIXTURE, "package-lock.json"), "utf8");
  const key = createHash("sha256").update(manifest).update(lock).digest("hex").slice(0, 12);
  const dir = join(cacheRoot(), "bench", `monorepo-sdks-${key}`);
  const nodeModules = join(dir, "node_modules");
  const packages = Object.keys((JSON.parse(manifest) as { dependencies: Record<string, string> }).dependencies);
  const done = join(dir, ".installed");
  if (!existsSync(done)) {
    progress(`installing the monorepo's SDKs (${packages.join(", ")}) into ${dir} (once)`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(FIXTURE, "package.json"), join(dir, "package.json"));
    copyFileSync(join(FIXTURE, "package-lock.json"), join(dir, "package-lock.json"));
    // No install scripts: @pulumi/aws would download its provider plugin, which type checking never needs.
    const result = spawnSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    if (result.status !== 0) throw new Error(`npm ci in ${dir} failed:\n${result.stderr}${result.stdout}`);
    copyFileSync(join(dir, "package.json"), done);
  }
  return {
    nodeModules,
    key,
    versions: Object.fromEntries(packages.map((p) => [p, installedVersion(nodeModules, p)])),
  };
}
