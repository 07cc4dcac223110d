// stateguard's substitute for `pulumi-language-python`, the Pulumi language host for Python.
//
// The end-to-end tests run the real Pulumi CLI offline, and the CLI runs a `runtime: python` program only
// through a language host plugin. The real host is a Go module that the module proxy available here refuses to
// serve (see README.md), so this is a protocol-compatible stand-in: the same LanguageRuntime gRPC service as
// our nodejs host (../language-host/, whose server, protocol stubs and program runner it reuses), with the
// Python-specific parts here. The program itself runs under the Pulumi Python SDK from PyPI, installed in the
// program's virtualenv, through executor.py.

import type { ChildProcess } from "node:child_process";

import * as grpc from "@grpc/grpc-js";

import { languagePb, pluginPb, sdkVersion } from "../language-host/protocol.js";
import type { RunContext } from "../language-host/run-program.js";
import {
  outputOf,
  parseCommandLine,
  serveLanguageRuntime,
  unimplemented,
  type RuntimeHandlers,
} from "../language-host/server.js";
import { errorMessage, trace } from "../language-host/util.js";
import { installedDistributions, programDependencies, requiredPackages } from "./packages.js";
import { parseRuntimeOptions, pythonCommand } from "./python.js";
import { runProgram } from "./run-program.js";

function main(): void {
  // `-virtualenv` and `-root` are the real host's flags from before runtime options travelled in ProgramInfo;
  // the engine no longer passes them, and neither are used here.
  const cmd = parseCommandLine(process.argv.slice(2), ["tracing", "virtualenv", "root"]);
  if (cmd.flags.get("version") === "true") {
    process.stdout.write(`${sdkVersion()}\n`);
    return;
  }
  trace(`start (python): argv=${JSON.stringify(process.argv.slice(2))} cwd=${process.cwd()}`);

  const running = new Set<ChildProcess>();
  const ctx: RunContext = { engineAddress: cmd.engineAddress, tracing: cmd.flags.get("tracing") || undefined, running };

  const handlers: RuntimeHandlers = {
    getPluginInfo(_call, callback) {
      trace("GetPluginInfo");
      // The real host reports the release it was built from; ours is the one of the pinned SDK, the same.
      callback(null, new pluginPb.PluginInfo().setVersion(sdkVersion()));
    },

    getRequiredPackages(call, callback) {
      trace(`GetRequiredPackages: ${call.request.getInfo()?.getProgramDirectory() ?? ""}`);
      installedDistributions(call.request.getInfo()).then(
        (distributions) => {
          const packages = requiredPackages(distributions);
          trace(
            `GetRequiredPackages -> ${packages.map((p) => `${p.getName()}@${p.getVersion()}`).join(", ") || "none"}`,
          );
          callback(null, new languagePb.GetRequiredPackagesResponse().setPackagesList(packages));
        },
        (err: unknown) => {
          callback({ code: grpc.status.UNKNOWN, details: errorMessage(err) });
        },
      );
    },

    // Superseded by GetRequiredPackages; the real host also answers UNIMPLEMENTED.
    getRequiredPlugins: unimplemented("GetRequiredPlugins"),

    run(call, callback) {
      trace(
        `Run: project=${call.request.getProject()} stack=${call.request.getStack()} dryRun=${call.request.getDryrun()}`,
      );
      runProgram(ctx, call.request, (listener) => call.on("cancelled", listener)).then(
        (res) => {
          callback(null, res);
        },
        (err: unknown) => {
          callback({ code: grpc.status.UNKNOWN, details: errorMessage(err) });
        },
      );
    },

    installDependencies(call) {
      // The tests' virtualenv is made by the set-up (scripts/ensure-python-sdk.sh) and linked into each
      // program; installing anything here would need the package index, which offline tests must not need.
      trace("InstallDependencies (no-op)");
      const say = (text: string): void => {
        call.write(new languagePb.InstallDependenciesResponse().setStdout(new Uint8Array(Buffer.from(text))));
      };
      say("Installing dependencies...\n\n");
      say("Skipped: stateguard's substitute python language host does not install packages.\n\n");
      say("Finished installing dependencies\n\n");
      call.end();
    },

    about(call, callback) {
      trace("About");
      let python: string;
      try {
        python = pythonCommand(parseRuntimeOptions(call.request.getInfo())).python;
      } catch (err) {
        callback({ code: grpc.status.UNKNOWN, details: errorMessage(err) });
        return;
      }
      // `Python 3.11.7` -> `3.11.7`; a failure leaves the version empty, as in the real host.
      void outputOf(python, ["--version"]).then((version) => {
        const res = new languagePb.AboutResponse().setExecutable(python).setVersion(version.replace(/^Python /, ""));
        res.getMetadataMap().set("toolchain", "pip");
        callback(null, res);
      });
    },

    getProgramDependencies(call, callback) {
      trace("GetProgramDependencies");
      installedDistributions(call.request.getInfo()).then(
        (distributions) => {
          callback(
            null,
            new languagePb.GetProgramDependenciesResponse().setDependenciesList(programDependencies(distributions)),
          );
        },
        (err: unknown) => {
          callback({ code: grpc.status.UNKNOWN, details: errorMessage(err) });
        },
      );
    },

    // Python policy packs and Python providers; stateguard's pack is a nodejs pack, run by the nodejs host.
    runPlugin(call) {
      trace("RunPlugin -> UNIMPLEMENTED");
      call.emit("error", {
        code: grpc.status.UNIMPLEMENTED,
        details: "stateguard's substitute python language host does not run Python plugins or policy packs",
      });
    },

    // Not needed to deploy programs; `pulumi new/convert/package` would need them.
    runtimeOptionsPrompts: unimplemented("RuntimeOptionsPrompts"),
    template: unimplemented("Template"),
    generateProgram: unimplemented("GenerateProgram"),
    generateProject: unimplemented("GenerateProject"),
    generatePackage: unimplemented("GeneratePackage"),
    pack: unimplemented("Pack"),
    link: unimplemented("Link"),
  };

  serveLanguageRuntime(ctx, handlers);
}

main();
