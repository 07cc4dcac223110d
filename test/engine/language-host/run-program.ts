// LanguageRuntime.Run: execute the user's Pulumi program for `preview`, `up`, `destroy`, `refresh`...
//
// The engine has already started a resource monitor and gives us its address. We start
// `node <program's @pulumi/pulumi>/cmd/run <flags> <entry point>`; that script is the SDK's own
// bootstrapper: it connects to the monitor and the engine, registers ts-node when asked to, loads the
// program (honouring package.json `main`/`exports`) and registers the stack. Our job is only to build
// its command line and environment, and to turn its exit status into a RunResponse.

import { spawn, type ChildProcess } from "node:child_process";

import { parseRuntimeOptions, typescriptEnv } from "./options.js";
import { languagePb, type LanguagePb } from "./protocol.js";
import { errorMessage, findNode, locateModule, trace } from "./util.js";

/**
 * Exit code with which `cmd/run` says "the error was already reported to the user through the engine's
 * log". The engine must then fail without adding a message of its own: the RunResponse sets `bail`.
 */
const EXIT_AFTER_USER_ACTIONABLE_MESSAGE = 32;

/** Lines node prints when V8 runs out of heap; seen on stderr, they earn the user a hint. */
const OOM_MARKERS = ["<--- Last few GCs --->", "Check failed: needs_context && current_scope_ == closure_scope_"];
const OOM_HINT =
  "Detected a possible out of memory error. Consider increasing the memory available to the nodejs process " +
  "by setting the `nodeargs` runtime option in Pulumi.yaml to `nodeargs: --max-old-space-size=<size>` where " +
  "`<size>` is the maximum memory in megabytes that can be allocated to nodejs. " +
  "See https://www.pulumi.com/docs/concepts/projects/project-file/#runtime-options";

/** How long an interrupted program gets to wind down before it is killed. */
const INTERRUPT_GRACE_MS = 5_000;

/**
 * Rewrites config keys from `<namespace>:<name>` to the `<namespace>:config:<name>` form. @pulumi/pulumi
 * reads both, but older SDKs only the long one, and the real host always sends the long one; doing the
 * same keeps PULUMI_CONFIG byte-for-byte what programs see in production.
 */
export function legacyConfigKey(key: string): string {
  const parts = key.split(":");
  if (parts.length === 2) return `${parts[0]}:config:${parts[1]}`;
  if (parts.length === 3 && parts[1] === "config" && parts[0] !== "" && parts[2] !== "") return key;
  throw new Error(
    `could not parse ${key} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)`,
  );
}

export interface RunContext {
  /** The engine's gRPC address, from argv or Handshake. */
  engineAddress: string | undefined;
  /** The `-tracing` endpoint the engine gave us, passed on to the program. */
  tracing: string | undefined;
  /** Programs currently running, so that Cancel and shutdown can interrupt them. */
  running: Set<ChildProcess>;
}

/** Sends SIGINT (what Ctrl-C would) and escalates to SIGKILL if the process is still there after a grace period. */
export function interrupt(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGINT");
  setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }, INTERRUPT_GRACE_MS).unref();
}

/** A RunResponse carrying an error for the user (the program could not run, or failed). */
export function failRun(message: string): LanguagePb.RunResponse {
  trace(`Run -> error: ${message}`);
  return new languagePb.RunResponse().setError(message);
}

export async function runProgram(
  ctx: RunContext,
  req: LanguagePb.RunRequest,
  onCancelled: (listener: () => void) => void,
): Promise<LanguagePb.RunResponse> {
  const fail = failRun;

  if (!ctx.engineAddress) {
    // Same contract as the real host: the address comes from argv or from Handshake.
    throw new Error("when debugging or running explicitly, must call Handshake before Run");
  }
  if (req.getAttachDebugger()) {
    return fail("attaching a debugger is not supported by stateguard's substitute nodejs language host");
  }

  const info = req.getInfo();
  // Older engines filled only the top-level pwd/program fields; ProgramInfo supersedes them.
  const programDirectory = info?.getProgramDirectory() || req.getPwd();
  const entryPoint = info?.getEntryPoint() || req.getProgram() || ".";

  let options;
  try {
    options = parseRuntimeOptions(info);
  } catch (err) {
    return fail(errorMessage(err));
  }

  let config: Record<string, string>;
  try {
    config = {};
    for (const [key, value] of req.getConfigMap().entries()) config[legacyConfigKey(key)] = value;
  } catch (err) {
    return fail(`failed to serialize configuration: ${errorMessage(err)}`);
  }

  const runPathSpecifier = process.env["PULUMI_LANGUAGE_NODEJS_RUN_PATH"] || "@pulumi/pulumi/cmd/run";
  let runPath: string;
  try {
    runPath = locateModule(runPathSpecifier, programDirectory, "pulumi install");
  } catch (err) {
    return fail(errorMessage(err));
  }

  // `cmd/run` flags; empty values are left out, as `cmd/run` treats a present flag as set.
  const args: string[] = [...options.nodeargs, runPath];
  const flag = (name: string, value: string | undefined): void => {
    if (value) args.push(`--${name}`, value);
  };
  // The program talks to the engine's monitor directly. (The real host interposes a forwarding proxy
  // plus a pair of pipes that only serve the long-deprecated synchronous invokes; see README.)
  flag("monitor", req.getMonitorAddress());
  flag("engine", ctx.engineAddress);
  flag("organization", req.getOrganization());
  flag("project", req.getProject());
  flag("root-directory", info?.getRootDirectory());
  flag("stack", req.getStack());
  flag("pwd", programDirectory);
  if (req.getDryrun()) args.push("--dry-run");
  flag("parallel", String(req.getParallel()));
  flag("tracing", ctx.tracing);
  args.push(entryPoint, ...req.getArgsList());

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_CONFIG: JSON.stringify(config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req.getConfigsecretkeysList()),
    ...typescriptEnv(options),
  };

  return runExecutor(
    ctx,
    { command: findNode(), args, env, hints: [{ markers: OOM_MARKERS, hint: OOM_HINT }] },
    onCancelled,
  );
}

/** What a host starts to execute a program: the language's own bootstrapper, with its flags and environment. */
export interface ExecutorLaunch {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** Lines that, when the program prints them on stderr and fails, earn the user a hint in the error. */
  readonly hints?: readonly { readonly markers: readonly string[]; readonly hint: string }[];
}

/**
 * Runs a program's executor to completion and turns its exit status into a RunResponse, as the real hosts
 * do: exit 0 is success; exit 32 means the executor already reported the error through the engine's log, so
 * the response only sets `bail`; any other failure becomes `Program exited with non-zero exit code: N`.
 * stdout is inherited: whatever the program prints reaches the engine exactly as it would through a real host,
 * which copies it to its own stdout (the engine has read the port line by then). stderr is forwarded too, and
 * read for the hints' markers.
 */
export function runExecutor(
  ctx: RunContext,
  launch: ExecutorLaunch,
  onCancelled: (listener: () => void) => void,
): Promise<LanguagePb.RunResponse> {
  const response = new languagePb.RunResponse();
  const fail = failRun;
  const hints = launch.hints ?? [];
  const shown = new Set<string>();
  const scan = (text: string): void => {
    for (const { markers, hint } of hints) if (markers.some((marker) => text.includes(marker))) shown.add(hint);
  };
  trace(`Run: ${launch.command} ${launch.args.join(" ")}`);

  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(launch.command, launch.args, { env: launch.env, stdio: ["ignore", "inherit", "pipe"] });
    } catch (err) {
      resolve(fail(`Problem executing program (could not run language executor): ${errorMessage(err)}`));
      return;
    }
    ctx.running.add(child);
    onCancelled(() => {
      interrupt(child);
    });

    let pending = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      process.stderr.write(chunk);
      if (hints.length === 0) return;
      pending += chunk.toString("utf8");
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) scan(line);
    });

    child.on("error", (err) => {
      ctx.running.delete(child);
      resolve(fail(`Problem executing program (could not run language executor): ${err.message}`));
    });
    // 'close' (not 'exit') so that all of stderr has been read and forwarded first.
    child.on("close", (code, signal) => {
      ctx.running.delete(child);
      scan(pending);
      if (code === 0) {
        trace("Run -> ok");
        resolve(response);
      } else if (code === EXIT_AFTER_USER_ACTIONABLE_MESSAGE) {
        trace("Run -> bail");
        resolve(response.setBail(true));
      } else {
        // A signal death has no exit code; Go reports those as -1, and so do we.
        let message = `Program exited with non-zero exit code: ${code ?? -1}`;
        for (const hint of shown) message += `. ${hint}`;
        if (signal) trace(`Run: program killed by ${signal}`);
        resolve(fail(message));
      }
    });
  });
}
