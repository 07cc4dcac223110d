import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../test/engine/bench.js";

/**
 * The packs the gRPC benchmark compares, each a directory the nodejs language host can run: stateguard's own
 * (policy/), generated no-op packs (the SDK's floor) and @pulumi/awsguard, installed once into a cache directory
 * outside the repository from bench/fixtures/awsguard (pinned to the same @pulumi/policy and @pulumi/pulumi).
 */

const AWSGUARD_FIXTURE = join(REPO_ROOT, "bench", "fixtures", "awsguard");

function writePack(dir: string, name: string, indexJs: string, nodeModules: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "PulumiPolicy.yaml"), `runtime: nodejs\ndescription: ${name} (stateguard benchmark)\n`);
  // CommonJS, like most packs in the wild (no "type": "module").
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name, version: "0.0.0", private: true, main: "index.js" }, null, 2)}\n`,
  );
  writeFileSync(join(dir, "index.js"), indexJs);
  symlinkSync(nodeModules, join(dir, "node_modules"), "dir");
  return dir;
}

/** The SDK's floor: one advisory no-op resource policy, on the same @pulumi/policy as stateguard. */
export function writeFloorPack(dir: string): string {
  return writePack(
    dir,
    "floor",
    `"use strict";
const { PolicyPack } = require("@pulumi/policy");
new PolicyPack("floor", {
  policies: [{ name: "noop", description: "no-op", enforcementLevel: "advisory", validateResource: () => {} }],
});
`,
    join(REPO_ROOT, "node_modules"),
  );
}

/**
 * The SDK's floor for stateguard's shape: as many no-op policies as stateguard has, of the same kinds (a settings
 * carrier that validates resources and the stack, four resource policies, one stack policy), at the same level. The
 * difference to stateguard is then what stateguard's own code costs; the difference to the floor, what the SDK
 * charges per policy.
 */
export function writeShapeFloorPack(dir: string): string {
  return writePack(
    dir,
    "floor-shape",
    `"use strict";
const { PolicyPack } = require("@pulumi/policy");
const noop = () => {};
const resource = (name) => ({ name, description: "no-op", enforcementLevel: "mandatory", validateResource: noop });
new PolicyPack("floor-shape", {
  policies: [
    { name: "noop-settings", description: "no-op", enforcementLevel: "advisory", validateResource: noop, validateStack: noop },
    resource("noop-1"),
    resource("noop-2"),
    resource("noop-3"),
    resource("noop-4"),
    { name: "noop-stack", description: "no-op", enforcementLevel: "mandatory", validateStack: noop },
  ],
});
`,
    join(REPO_ROOT, "node_modules"),
  );
}

function cacheRoot(): string {
  return process.env.STATEGUARD_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "stateguard");
}

export interface AwsGuardInstall {
  readonly nodeModules: string;
  readonly version: string;
}

/** Installs bench/fixtures/awsguard (its lockfile) once into the cache; later runs reuse it offline. */
export function ensureAwsGuard(progress: (message: string) => void): AwsGuardInstall {
  const manifest = JSON.parse(readFileSync(join(AWSGUARD_FIXTURE, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  const version = manifest.dependencies["@pulumi/awsguard"]!;
  const dir = join(cacheRoot(), "bench", `awsguard-${version}`);
  const installed = join(dir, "node_modules", "@pulumi", "awsguard", "package.json");
  const sameManifest =
    existsSync(join(dir, "package.json")) &&
    readFileSync(join(dir, "package.json"), "utf8") === readFileSync(join(AWSGUARD_FIXTURE, "package.json"), "utf8");
  if (!existsSync(installed) || !sameManifest) {
    progress(`installing @pulumi/awsguard@${version} into ${dir} (once)`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(AWSGUARD_FIXTURE, "package.json"), join(dir, "package.json"));
    copyFileSync(join(AWSGUARD_FIXTURE, "package-lock.json"), join(dir, "package-lock.json"));
    // No install scripts: @pulumi/aws would download its provider plugin, which a policy pack never needs.
    const result = spawnSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    if (result.status !== 0 || !existsSync(installed)) {
      throw new Error(`npm ci in ${dir} failed:\n${result.stderr}${result.stdout}`);
    }
  }
  return { nodeModules: join(dir, "node_modules"), version };
}

/** @pulumi/awsguard as its README has it, with every policy mandatory. */
export function writeAwsGuardPack(dir: string, install: AwsGuardInstall): string {
  return writePack(
    dir,
    "awsguard",
    `"use strict";
const { AwsGuard } = require("@pulumi/awsguard");
new AwsGuard({ all: "mandatory" });
`,
    install.nodeModules,
  );
}

/** The version a package directory declares (package.json `version`, without a leading v). */
export function packageVersion(nodeModules: string, pkg: string): string {
  const { version } = JSON.parse(readFileSync(join(nodeModules, pkg, "package.json"), "utf8")) as { version: string };
  return version.replace(/^v/, "");
}
