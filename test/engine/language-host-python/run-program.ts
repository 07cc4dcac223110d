// LanguageRuntime.Run for Python programs: build the command line and environment of executor.py, which runs
// the program with the Pulumi Python SDK of the program's own Python environment. Starting it, forwarding its
// output, Cancel, and turning its exit status into a RunResponse are shared with the nodejs host
// (runExecutor in ../language-host/run-program.ts).

import { existsSync, statSync } from "node:fs";
import * as path from "node:path";

import type { LanguagePb } from "../language-host/protocol.js";
import { failRun, runExecutor, type RunContext } from "../language-host/run-program.js";
import { errorMessage } from "../language-host/util.js";
import { hostScript, parseRuntimeOptions, pythonCommand, type PythonCommand } from "./python.js";

/**
 * The program executor.py runs: the entry point (Pulumi.yaml `main`, default the project directory) resolved
 * against the program directory. A directory must hold a `__main__.py`, a file must exist.
 */
export function programPath(programDirectory: string, entryPoint: string): string {
  const program = path.resolve(programDirectory, entryPoint);
  if (!existsSync(program)) throw new Error(`The program ${program} does not exist (see \`main\` in Pulumi.yaml).`);
  if (statSync(program).isDirectory() && !existsSync(path.join(program, "__main__.py"))) {
    throw new Error(
      `${program} has no __main__.py: a Python program is a directory with a __main__.py, or the .py file ` +
        "named by `main` in Pulumi.yaml.",
    );
  }
  return program;
}

export async function runProgram(
  ctx: RunContext,
  req: LanguagePb.RunRequest,
  onCancelled: (listener: () => void) => void,
): Promise<LanguagePb.RunResponse> {
  if (!ctx.engineAddress) {
    // Same contract as the real hosts: the address comes from argv or from Handshake.
    throw new Error("when debugging or running explicitly, must call Handshake before Run");
  }
  if (req.getAttachDebugger()) {
    return failRun("attaching a debugger is not supported by stateguard's substitute python language host");
  }

  const info = req.getInfo();
  // Older engines filled only the top-level pwd/program fields; ProgramInfo supersedes them.
  const programDirectory = info?.getProgramDirectory() || req.getPwd();
  let command: PythonCommand;
  let program: string;
  try {
    command = pythonCommand(parseRuntimeOptions(info));
    program = programPath(programDirectory, info?.getEntryPoint() || req.getProgram() || ".");
  } catch (err) {
    return failRun(errorMessage(err));
  }

  // executor.py flags; empty values are left out so that the SDK's defaults apply.
  const args: string[] = ["-u", hostScript("executor.py")];
  const flag = (name: string, value: string | undefined): void => {
    if (value) args.push(`--${name}`, value);
  };
  flag("monitor", req.getMonitorAddress());
  flag("engine", ctx.engineAddress);
  flag("organization", req.getOrganization());
  flag("project", req.getProject());
  flag("stack", req.getStack());
  flag("root_directory", info?.getRootDirectory());
  flag("pwd", programDirectory);
  flag("dry_run", String(req.getDryrun()));
  flag("parallel", String(req.getParallel()));
  flag("tracing", ctx.tracing);
  args.push(program, ...req.getArgsList());

  // Keys stay in the `<namespace>:<name>` form the engine sends: that is the form pulumi.Config looks up.
  const env: NodeJS.ProcessEnv = {
    ...command.env,
    PULUMI_CONFIG: JSON.stringify(Object.fromEntries(req.getConfigMap().entries())),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req.getConfigsecretkeysList()),
  };
  return runExecutor(ctx, { command: command.python, args, env }, onCancelled);
}
