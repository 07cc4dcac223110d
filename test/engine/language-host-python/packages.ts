// What a Python program depends on, as the engine asks for it:
// - GetRequiredPackages: the resource plugins (providers) of the Pulumi provider SDKs installed in the program's
//   Python environment, so that the engine can check or install them before running it. As with the real host,
//   a distribution counts when its name starts with `pulumi-` (the SDK itself, `pulumi`, does not); its
//   `pulumi-plugin.json` may name the plugin, its version, server and parameterization, or say `resource: false`.
// - GetProgramDependencies: name and version of every installed distribution (`pulumi about`).
// Both come from packages.py, run with the program's Python.

import { execFile } from "node:child_process";

import { toParameterization } from "../language-host/packages.js";
import { languagePb, pluginPb, type LanguagePb, type PluginPb } from "../language-host/protocol.js";
import { trace } from "../language-host/util.js";
import { hostScript, parseRuntimeOptions, pythonCommand } from "./python.js";

interface PluginJson {
  resource?: boolean;
  name?: string;
  version?: string;
  server?: string;
  parameterization?: { name?: string; version?: string; value?: string };
}

export interface Distribution {
  readonly name: string;
  readonly version: string;
  readonly plugin: PluginJson | null;
}

/** Distributions without a plugin, although named `pulumi-*` (the real host skips them by name too). */
const WITHOUT_PLUGIN = new Set(["pulumi-policy"]);

/** The installed distributions of the program's Python environment. */
export function installedDistributions(info: LanguagePb.ProgramInfo | undefined): Promise<Distribution[]> {
  const { python, env } = pythonCommand(parseRuntimeOptions(info));
  const cwd = info?.getProgramDirectory() || undefined;
  return new Promise((resolve, reject) => {
    execFile(python, [hostScript("packages.py")], { cwd, env, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`listing the packages of ${python} failed: ${stderr.trim() || err.message}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout) as Distribution[]);
      } catch (parseError) {
        reject(new Error(`listing the packages of ${python} gave unreadable output: ${String(parseError)}`));
      }
    });
  });
}

/**
 * A plugin version from a Python package version: PEP 440's `1.2.3` is semver's; pre-releases (`1.2.3a4`,
 * `1.2.3.dev5`) cannot be mapped back to the plugin's semver, so such a package is skipped, as by the real host.
 */
function pluginVersion(packageVersion: string): string | undefined {
  return /^\d+\.\d+\.\d+$/.test(packageVersion) ? `v${packageVersion}` : undefined;
}

/** The resource plugins the installed distributions call for. */
export function requiredPackages(distributions: readonly Distribution[]): PluginPb.PackageDependency[] {
  const found: PluginPb.PackageDependency[] = [];
  for (const dist of distributions) {
    const name = dist.name.toLowerCase().replace(/[_.]+/g, "-");
    if (!name.startsWith("pulumi-") || WITHOUT_PLUGIN.has(name)) continue;
    const plugin = dist.plugin ?? {};
    if (dist.plugin && plugin.resource !== true) {
      trace(`GetRequiredPackages: ${dist.name} says it has no resource plugin; skipped`);
      continue;
    }
    const version = plugin.version
      ? plugin.version.startsWith("v")
        ? plugin.version
        : `v${plugin.version}`
      : pluginVersion(dist.version);
    if (version === undefined) {
      trace(`GetRequiredPackages: ${dist.name} ${dist.version}: no plugin version can be derived; skipped`);
      continue;
    }
    const dep = new pluginPb.PackageDependency()
      .setName(plugin.name || name.slice("pulumi-".length))
      .setKind("resource")
      .setVersion(version)
      .setServer(plugin.server ?? "");
    if (plugin.parameterization) dep.setParameterization(toParameterization(plugin.parameterization));
    found.push(dep);
  }
  return found;
}

/** `pulumi about`'s list: every installed distribution (pip's environment is flat: direct or not, all are here). */
export function programDependencies(distributions: readonly Distribution[]): LanguagePb.DependencyInfo[] {
  return distributions.map((d) => new languagePb.DependencyInfo().setName(d.name).setVersion(d.version));
}
