import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { STAND_IN_PACKAGES } from "./provider/types.js";

/**
 * The offline test bench: the real `pulumi` CLI (built from its Go module and cached by version, or the user's
 * own via STATEGUARD_PULUMI_BIN), the Node.js and Python language hosts, the stand-in providers, a local file
 * backend and a private PULUMI_HOME per workspace. Used by the end-to-end tests, the demo and the benchmarks.
 */

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root, whether this runs from source (test/engine) or compiled (dist/test/engine). */
export const REPO_ROOT = resolve(here, here.includes(join("dist", "test")) ? "../../.." : "../..");
const DIST = join(REPO_ROOT, "dist");

/** The version the stand-in providers report; any version satisfies a program that pins none. */
export const STAND_IN_VERSION = "7.0.0";

export class BenchError extends Error {
  override name = "BenchError";
}

function pinnedPulumiVersion(): string {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
    stateguard: { pulumiVersion: string };
  };
  return pkg.stateguard.pulumiVersion;
}

/** Finds (or builds once) the directory holding the `pulumi` binary. */
export function engineBinDir(): string {
  const fromEnv = process.env.STATEGUARD_ENGINE_BIN;
  if (fromEnv && existsSync(join(fromEnv, "pulumi"))) return fromEnv;
  const result = spawnSync("bash", [join(REPO_ROOT, "scripts", "build-engine.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, STATEGUARD_PULUMI_VERSION: pinnedPulumiVersion() },
  });
  const dir = result.stdout.trim();
  if (result.status !== 0 || !dir || !existsSync(join(dir, "pulumi"))) {
    throw new BenchError(
      "the Pulumi CLI is not available (see the messages above). Install Go >= 1.25 so stateguard can build it, " +
        "or set STATEGUARD_PULUMI_BIN to a directory holding an installed `pulumi` and `pulumi-language-nodejs`.",
    );
  }
  return dir;
}

/**
 * The virtualenv holding the Pulumi Python SDK at the pinned release (installed once from PyPI and cached by
 * version, or the user's own via STATEGUARD_PYTHON_VENV), for programs with `runtime: python`.
 */
export function pythonVirtualenv(): string {
  const result = spawnSync("bash", [join(REPO_ROOT, "scripts", "ensure-python-sdk.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, STATEGUARD_PULUMI_VERSION: pinnedPulumiVersion() },
  });
  const dir = result.stdout.trim();
  if (result.status !== 0 || !dir || !existsSync(join(dir, "bin", "python"))) {
    throw new BenchError(
      "the Pulumi Python SDK is not available (see the messages above). Install python3 (>= 3.10, with its venv " +
        "module) so stateguard can install the SDK from PyPI, or set STATEGUARD_PYTHON_VENV to a virtualenv that has " +
        "the `pulumi` package.",
    );
  }
  return dir;
}

function writeWrapper(path: string, script: string, extraEnv: Record<string, string> = {}): void {
  const env = Object.entries(extraEnv)
    .map(([k, v]) => `export ${k}=${JSON.stringify(v)}\n`)
    .join("");
  writeFileSync(path, `#!/usr/bin/env bash\n${env}exec node ${JSON.stringify(script)} "$@"\n`);
  chmodSync(path, 0o755);
}

export interface Bench {
  /** Directories put first on PATH: the engine, then the Node.js that runs the programs. */
  readonly path: readonly string[];
  /** Plugin directory name (under $PULUMI_HOME/plugins) -> the wrapper executable to install there. */
  readonly plugins: ReadonlyMap<string, string>;
  readonly engineDir: string;
  /** True when the language host is our substitute (the real one could not be built here). */
  readonly substituteLanguageHost: boolean;
  /** The same for Python programs (`pulumi-language-python`). */
  readonly substitutePythonLanguageHost: boolean;
}

let cached: Bench | undefined;

export function prepareBench(): Bench {
  if (cached) return cached;
  const engineDir = engineBinDir();
  const wrappers = join(REPO_ROOT, "test", ".tmp", "bin");
  mkdirSync(wrappers, { recursive: true });
  // Plugins are installed into each workspace's plugin cache, as `pulumi plugin install` would: the engine
  // then uses them without its "using ... from $PATH" warning, and a program could pin their versions.
  const plugins = new Map<string, string>();
  for (const pkg of STAND_IN_PACKAGES) {
    const wrapper = join(wrappers, `pulumi-resource-${pkg}`);
    writeWrapper(wrapper, join(DIST, "test", "engine", "provider", "main.js"), {
      STATEGUARD_STAND_IN_VERSION: STAND_IN_VERSION,
    });
    plugins.set(`resource-${pkg}-v${STAND_IN_VERSION}`, wrapper);
  }
  const substituteLanguageHost = !existsSync(join(engineDir, "pulumi-language-nodejs"));
  if (substituteLanguageHost) {
    const wrapper = join(wrappers, "pulumi-language-nodejs");
    writeWrapper(wrapper, join(DIST, "test", "engine", "language-host", "main.js"));
    plugins.set(`language-nodejs-v${pinnedPulumiVersion()}`, wrapper);
  }
  const substitutePythonLanguageHost = !existsSync(join(engineDir, "pulumi-language-python"));
  if (substitutePythonLanguageHost) {
    const wrapper = join(wrappers, "pulumi-language-python");
    writeWrapper(wrapper, join(DIST, "test", "engine", "language-host-python", "main.js"));
    plugins.set(`language-python-v${pinnedPulumiVersion()}`, wrapper);
  }
  for (const script of [
    "provider/main.js",
    ...(substituteLanguageHost ? ["language-host/main.js"] : []),
    ...(substitutePythonLanguageHost ? ["language-host-python/main.js"] : []),
  ]) {
    if (!existsSync(join(DIST, "test", "engine", script))) {
      throw new BenchError(`dist/test/engine/${script} is missing: run the build first (npm run build)`);
    }
  }
  cached = {
    path: [engineDir, dirname(process.execPath)],
    plugins,
    engineDir,
    substituteLanguageHost,
    substitutePythonLanguageHost,
  };
  return cached;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr, for assertions that do not care which stream a message went to. */
  readonly output: string;
  /**
   * The output without terminal escapes and with every run of whitespace collapsed to one space: the engine
   * highlights and wraps long diagnostics even with --color never.
   */
  readonly plain: string;
}

export function plainText(text: string): string {
  return stripVTControlCharacters(text).replace(/\s+/g, " ");
}

export interface WorkspaceOptions {
  /** Extra files to write into the program directory (path -> content). */
  readonly files?: Record<string, string>;
  /**
   * "link" (default): node_modules is a link to this repository's. "none": the caller builds node_modules
   * itself, e.g. to install stateguard the way a user would.
   */
  readonly nodeModules?: "link" | "none";
  /** Symbolic links to make in the program directory (path -> target), e.g. a Python program's virtualenv. */
  readonly links?: Record<string, string>;
}

/**
 * A copy of a Pulumi program in its own temporary directory, with its own backend and PULUMI_HOME. The program
 * resolves `@pulumi/pulumi` (and anything else) from this repository's node_modules, one single copy shared with
 * the policy pack as the engine requires.
 */
export class Workspace {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(programDir: string, bench: Bench = prepareBench(), options: WorkspaceOptions = {}) {
    const tmpRoot = join(REPO_ROOT, "test", ".tmp", "ws");
    mkdirSync(tmpRoot, { recursive: true });
    const root = mkdtempSync(join(tmpRoot, `${programDir.split(/[\\/]/).pop() ?? "program"}-`));
    this.dir = join(root, "program");
    cpSync(programDir, this.dir, { recursive: true, filter: (src) => !src.includes("node_modules") });
    for (const [file, content] of Object.entries(options.files ?? {})) {
      mkdirSync(dirname(join(this.dir, file)), { recursive: true });
      writeFileSync(join(this.dir, file), content);
    }
    for (const [link, target] of Object.entries(options.links ?? {})) symlinkSync(target, join(this.dir, link));
    if (options.nodeModules !== "none" && !existsSync(join(this.dir, "node_modules")))
      symlinkSync(join(REPO_ROOT, "node_modules"), join(this.dir, "node_modules"));
    mkdirSync(join(root, "state"), { recursive: true });
    for (const [plugin, wrapper] of bench.plugins) {
      const pluginDir = join(root, "pulumi-home", "plugins", plugin);
      mkdirSync(pluginDir, { recursive: true });
      symlinkSync(wrapper, join(pluginDir, wrapper.split(/[\\/]/).pop()!));
    }
    this.env = {
      ...process.env,
      PATH: [...bench.path, process.env.PATH ?? ""].join(delimiter),
      PULUMI_HOME: join(root, "pulumi-home"),
      PULUMI_BACKEND_URL: `file://${join(root, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      NO_COLOR: "1",
    };
  }

  /** Runs `pulumi <args>` in the program directory; never throws on a non-zero exit. */
  pulumi(args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
    return new Promise((resolvePromise, reject) => {
      const child = spawn("pulumi", [...args, "--non-interactive", "--color", "never"], {
        cwd: this.dir,
        env: { ...this.env, ...options.env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      let output = "";
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
        output += d.toString();
      });
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        output += d.toString();
      });
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new BenchError(`pulumi ${args.join(" ")} did not finish within ${options.timeoutMs ?? 240_000} ms`));
      }, options.timeoutMs ?? 240_000);
      child.on("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on("close", (code) => {
        clearTimeout(timer);
        resolvePromise({ code: code ?? -1, stdout, stderr, output, plain: plainText(output) });
      });
    });
  }

  /** Like pulumi(), but fails with the command's whole output when it exits non-zero. */
  async pulumiOk(args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
    const result = await this.pulumi(args, options);
    if (result.code !== 0) {
      throw new BenchError(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.output}`);
    }
    return result;
  }

  async initStack(stack: string): Promise<void> {
    await this.pulumiOk(["stack", "init", stack]);
  }

  writeFile(file: string, content: string): void {
    writeFileSync(join(this.dir, file), content);
  }
}

/** The policy pack directory in this repository. */
export const POLICY_PACK_DIR = join(REPO_ROOT, "policy");
/** The repository's default policy-config.json. */
export const DEFAULT_POLICY_CONFIG = join(REPO_ROOT, "policy-config.json");
