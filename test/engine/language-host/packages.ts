// What a nodejs program depends on, as the engine asks for it:
// - GetRequiredPackages: which resource plugins (providers) the program will need, so the engine can
//   check or install them before running it. A provider SDK announces itself in its package.json with
//   `"pulumi": {"resource": true, ...}`; we look for such package.json files under node_modules.
// - GetProgramDependencies: name/version of the installed npm packages (`pulumi about`).

import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import * as path from "node:path";

import { languagePb, pluginPb, type LanguagePb, type PluginPb } from "./protocol.js";
import { trace } from "./util.js";

interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  pulumi?: {
    resource?: boolean;
    name?: string;
    version?: string;
    server?: string;
    parameterization?: { name?: string; version?: string; value?: string };
    extensionParameterization?: { name?: string; version?: string; value?: string };
  };
}

const POLICY_PACK_FILES = ["PulumiPolicy.json", "PulumiPolicy.yaml", "PulumiPolicy.yml"];

/** The resource plugins the program at `dir` will need. Problems are traced, never fatal (as in the real host). */
export function requiredPackages(dir: string): PluginPb.PackageDependency[] {
  const found: PluginPb.PackageDependency[] = [];
  const sdkVersions = new Map<string, string>();
  const visited = new Set<string>();
  walk(path.resolve(dir), false, visited, found, sdkVersions);
  warnOnIncompatibleSdks(sdkVersions);
  return found;
}

function walk(
  dir: string,
  inNodeModules: boolean,
  visited: Set<string>,
  found: PluginPb.PackageDependency[],
  sdkVersions: Map<string, string>,
): void {
  // Symlinked directories (npm/pnpm workspaces, our own test fixtures) are followed once each.
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (err) {
    trace(`GetRequiredPackages: cannot resolve ${dir}: ${String(err)}`);
    return;
  }
  if (visited.has(real)) return;
  visited.add(real);

  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    trace(`GetRequiredPackages: cannot read ${dir}: ${String(err)}`);
    return;
  }
  const childrenInNodeModules = inNodeModules || path.basename(dir) === "node_modules";

  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      try {
        isDir = statSync(full).isDirectory();
      } catch {
        continue; // dangling link
      }
    }
    if (isDir) {
      // A policy pack nested in the project has dependencies of its own, not the program's.
      if (POLICY_PACK_FILES.some((file) => isFile(path.join(full, file)))) continue;
      walk(full, childrenInNodeModules, visited, found, sdkVersions);
    } else if (inNodeModules && entry.name === "package.json") {
      inspectPackageJson(full, found, sdkVersions);
    }
  }
}

function inspectPackageJson(file: string, found: PluginPb.PackageDependency[], sdkVersions: Map<string, string>): void {
  let pkg: PackageJson;
  try {
    pkg = JSON.parse(readFileSync(file, "utf8")) as PackageJson;
  } catch (err) {
    trace(`GetRequiredPackages: cannot parse ${file}: ${String(err)}`);
    return;
  }
  if (pkg.name === "@pulumi/pulumi" && typeof pkg.version === "string") sdkVersions.set(file, pkg.version);
  if (pkg.pulumi?.resource !== true) return;

  // Plugin name: explicit `pulumi.name`, else the @pulumi-scoped package name without its scope.
  let name = pkg.pulumi.name;
  if (!name) {
    if (pkg.name?.startsWith("@pulumi/")) name = pkg.name.slice("@pulumi/".length);
    else {
      trace(`GetRequiredPackages: ${file}: third-party plugin without "pulumi.name"; skipped`);
      return;
    }
  }
  const rawVersion = pkg.pulumi.version || pkg.version;
  if (!rawVersion) {
    trace(`GetRequiredPackages: ${file}: no version; skipped`);
    return;
  }
  const dep = new pluginPb.PackageDependency()
    .setName(name)
    .setKind("resource")
    .setVersion(rawVersion.startsWith("v") ? rawVersion : `v${rawVersion}`)
    .setServer(pkg.pulumi.server ?? "");
  const param = pkg.pulumi.parameterization;
  if (param) dep.setParameterization(toParameterization(param));
  const ext = pkg.pulumi.extensionParameterization;
  if (ext) dep.setExtension$(toParameterization(ext));
  found.push(dep);
}

/** A parameterization from package.json or pulumi-plugin.json, where the value is base64 (Go's []byte in JSON). */
export function toParameterization(p: {
  name?: string;
  version?: string;
  value?: string;
}): PluginPb.PackageParameterization {
  return new pluginPb.PackageParameterization()
    .setName(p.name ?? "")
    .setVersion(p.version ?? "")
    .setValue(Buffer.from(p.value ?? "", "base64"));
}

/** Two copies of @pulumi/pulumi with different major versions break programs in odd ways: say so. */
function warnOnIncompatibleSdks(versions: Map<string, string>): void {
  const entries = [...versions.entries()];
  const first = entries[0];
  if (!first) return;
  const major = (v: string): string => v.split(".")[0] ?? "";
  for (const [file, version] of entries.slice(1)) {
    if (major(version) !== major(first[1])) {
      process.stderr.write(
        `Found incompatible versions of @pulumi/pulumi. Differing major versions are not supported.\n` +
          `  Version ${first[1]} referenced at ${first[0]}\n  Version ${version} referenced at ${file}\n`,
      );
      return;
    }
  }
}

/**
 * Installed npm packages of the program: its direct dependencies, or with `transitive` everything under
 * node_modules. Versions are the installed ones (from node_modules/<name>/package.json), as `npm ls` reports.
 */
export function programDependencies(dir: string, transitive: boolean): LanguagePb.DependencyInfo[] {
  const result = new Map<string, string>();
  if (transitive) {
    collectInstalled(path.join(dir, "node_modules"), result, new Set());
  } else {
    const pkg = readJson(path.join(dir, "package.json"));
    if (!pkg) throw new Error(`failed to get node dependencies: no package.json in ${dir}`);
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
      const installed = readJson(path.join(dir, "node_modules", name, "package.json"));
      result.set(name, installed?.version ?? pkg.dependencies?.[name] ?? pkg.devDependencies?.[name] ?? "");
    }
  }
  return [...result.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, version]) => new languagePb.DependencyInfo().setName(name).setVersion(version));
}

function collectInstalled(nodeModules: string, out: Map<string, string>, visited: Set<string>): void {
  if (!existsSync(nodeModules)) return;
  const real = realpathSync(nodeModules);
  if (visited.has(real)) return;
  visited.add(real);
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith(".")) continue;
    const dirs = entry.startsWith("@")
      ? readdirSync(path.join(nodeModules, entry)).map((sub) => path.join(nodeModules, entry, sub))
      : [path.join(nodeModules, entry)];
    for (const pkgDir of dirs) {
      const pkg = readJson(path.join(pkgDir, "package.json"));
      if (pkg?.name && pkg.version && !out.has(pkg.name)) out.set(pkg.name, pkg.version);
      collectInstalled(path.join(pkgDir, "node_modules"), out, visited);
    }
  }
}

function readJson(file: string): PackageJson | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as PackageJson;
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
