// Small helpers shared by the RPC handlers.

import { appendFileSync, accessSync, constants as fsConstants, statSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";

/**
 * Optional trace of the RPCs the engine makes, for debugging the harness. The engine shows whatever a
 * language host writes to stderr as diagnostics in the CLI output, and stdout carries only the port, so
 * the trace goes to a file named by STATEGUARD_LANGUAGE_HOST_LOG (nothing is written when it is unset).
 */
export function trace(message: string): void {
  const file = process.env["STATEGUARD_LANGUAGE_HOST_LOG"];
  if (!file) return;
  try {
    appendFileSync(file, `${new Date().toISOString()} [${process.pid}] ${message}\n`);
  } catch {
    // A broken trace file must never break a deployment.
  }
}

/**
 * The node binary used to run programs and policy packs: the first `node` on PATH, like the real host
 * (so a project can pin its node by putting it first on PATH), else the node running this host.
 */
export function findNode(): string {
  for (const dir of (process.env["PATH"] ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    const candidate = path.join(dir, "node");
    try {
      accessSync(candidate, fsConstants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return process.execPath;
}

/**
 * Resolves a module specifier (for example `@pulumi/pulumi/cmd/run`) the way `node -e require.resolve(...)`
 * run in `dir` would: from `dir` upwards through node_modules. The program's own copy of @pulumi/pulumi
 * must be the one that runs it, never the copy next to this host.
 */
export function locateModule(specifier: string, dir: string, installHint: string): string {
  try {
    return createRequire(path.join(dir, "__stateguard_language_host__.js")).resolve(specifier);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND") {
      throw new Error(`It looks like the Pulumi SDK has not been installed. Have you run ${installHint}?`);
    }
    throw err;
  }
}

/** Formats an Error (or anything thrown) as a one-line message. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
