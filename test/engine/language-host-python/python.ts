// Which Python runs a program, and with which environment: the runtime options of Pulumi.yaml
// (`runtime: {name: python, options: {virtualenv, toolchain, typechecker}}`), validated as the real host does,
// and the Python scripts of this host, which stay in the source tree (tsc only compiles the TypeScript).

import { accessSync, constants as fsConstants, existsSync, statSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

import type { LanguagePb } from "../language-host/protocol.js";

const here = path.dirname(fileURLToPath(import.meta.url));
/** This folder in the source tree, whether we run from source or compiled (dist/test/engine/language-host-python). */
const SOURCE_DIR = here.includes(path.join("dist", "test"))
  ? path.resolve(here, "..", "..", "..", "..", "test", "engine", "language-host-python")
  : here;

/** One of the Python scripts that ship with this host (executor.py, packages.py). */
export function hostScript(name: string): string {
  return path.join(SOURCE_DIR, name);
}

export interface PythonRuntimeOptions {
  /** The virtualenv to run in, resolved against the project's root directory; undefined: the Python on PATH. */
  virtualenv: string | undefined;
}

const TOOLCHAINS = new Set(["pip", "poetry", "uv"]);
const TYPECHECKERS = new Set(["mypy", "pyright"]);

/** Parses and validates the runtime options; throws an Error whose message is meant for the user. */
export function parseRuntimeOptions(info: LanguagePb.ProgramInfo | undefined): PythonRuntimeOptions {
  const raw = (info?.getOptions()?.toJavaScript() ?? {}) as Record<string, unknown>;
  const options: PythonRuntimeOptions = { virtualenv: undefined };

  if ("virtualenv" in raw) {
    if (typeof raw["virtualenv"] !== "string") throw new Error("virtualenv option must be a string");
    if (raw["virtualenv"] !== "") {
      const root = info?.getRootDirectory() || info?.getProgramDirectory() || process.cwd();
      options.virtualenv = path.resolve(root, raw["virtualenv"]);
    }
  }
  if ("toolchain" in raw) {
    const toolchain = raw["toolchain"];
    if (typeof toolchain !== "string") throw new Error("toolchain option must be a string");
    if (!TOOLCHAINS.has(toolchain)) throw new Error(`unsupported toolchain option: ${toolchain}`);
    // poetry and uv manage their own environments; running them would need their installers.
    if (toolchain !== "pip") {
      throw new Error(`the ${toolchain} toolchain is not supported by stateguard's substitute python language host`);
    }
  }
  if ("typechecker" in raw) {
    const checker = raw["typechecker"];
    if (typeof checker !== "string") throw new Error("typechecker option must be a string");
    if (!TYPECHECKERS.has(checker)) throw new Error(`unsupported typechecker option: ${checker}`);
    throw new Error(`type checking with ${checker} is not supported by stateguard's substitute python language host`);
  }
  return options;
}

export interface PythonCommand {
  /** The interpreter. */
  readonly python: string;
  /** The environment to run it in: the host's own, with the virtualenv activated. */
  readonly env: NodeJS.ProcessEnv;
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, fsConstants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(command: string): string | undefined {
  if (command.includes(path.sep)) return isExecutableFile(command) ? command : undefined;
  for (const dir of (process.env["PATH"] ?? "").split(path.delimiter)) {
    if (dir !== "" && isExecutableFile(path.join(dir, command))) return path.join(dir, command);
  }
  return undefined;
}

/**
 * The Python that runs the program: `<virtualenv>/bin/python` with the virtualenv activated (VIRTUAL_ENV set,
 * its bin first on PATH, PYTHONHOME unset) when the option is given; otherwise PULUMI_PYTHON_CMD, then `python3`,
 * then `python` from PATH. Output is unbuffered so that prints and the engine's messages keep their order.
 */
export function pythonCommand(options: PythonRuntimeOptions): PythonCommand {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: "1" };
  if (options.virtualenv !== undefined) {
    const venv = options.virtualenv;
    const python = path.join(venv, "bin", "python");
    if (!existsSync(path.join(venv, "pyvenv.cfg")) || !isExecutableFile(python)) {
      throw new Error(
        `The 'virtualenv' option in Pulumi.yaml is set to "${venv}", but it is not a virtual environment. ` +
          `Create it with: python3 -m venv ${venv} && ${venv}/bin/python -m pip install pulumi`,
      );
    }
    env["VIRTUAL_ENV"] = venv;
    env["PATH"] = [path.join(venv, "bin"), process.env["PATH"] ?? ""].join(path.delimiter);
    delete env["PYTHONHOME"];
    return { python, env };
  }
  const candidates = process.env["PULUMI_PYTHON_CMD"] ? [process.env["PULUMI_PYTHON_CMD"]] : ["python3", "python"];
  for (const candidate of candidates) {
    const python = onPath(candidate);
    if (python !== undefined) return { python, env };
  }
  throw new Error(
    `Failed to locate any of ${candidates.map((c) => `'${c}'`).join(", ")} on your PATH. Have you installed Python ` +
      "3.10 or later?",
  );
}
