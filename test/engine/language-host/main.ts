// stateguard's substitute for `pulumi-language-nodejs`, the Pulumi language host for Node.js.
//
// The end-to-end tests run the real Pulumi CLI offline, and the CLI runs a nodejs program only through a
// language host plugin. The real host is a Go module that the module proxy available here refuses to
// serve (see README.md), so this is a protocol-compatible stand-in written against the
// LanguageRuntime gRPC service that @pulumi/pulumi 3.259.0 ships stubs for.
//
// The protocol plumbing shared with the python host (port line, Handshake, Cancel, shutdown) is in server.ts.
// The actual program execution is delegated to @pulumi/pulumi's own `cmd/run` and `cmd/run-policy-pack`
// scripts, resolved from the program's directory, exactly as the real host does.

import type { ChildProcess } from "node:child_process";
import { createRequire } from "node:module";

import * as grpc from "@grpc/grpc-js";

import { programDependencies, requiredPackages } from "./packages.js";
import { languagePb, pluginPb, sdkVersion } from "./protocol.js";
import { runProgram, type RunContext } from "./run-program.js";
import { runPlugin } from "./run-plugin.js";
import { outputOf, parseCommandLine, serveLanguageRuntime, unimplemented, type RuntimeHandlers } from "./server.js";
import { errorMessage, findNode, trace } from "./util.js";

function typescriptVersion(programDirectory: string): string {
  try {
    const req = createRequire(`${programDirectory}/__stateguard_language_host__.js`);
    return (req("typescript/package.json") as { version?: string }).version ?? "";
  } catch {
    return "";
  }
}

function main(): void {
  const cmd = parseCommandLine(process.argv.slice(2), ["tracing", "runtime"]);
  if (cmd.flags.get("version") === "true") {
    process.stdout.write(`${sdkVersion()}\n`);
    return;
  }
  const runtime = cmd.flags.get("runtime") ?? "nodejs";
  if (runtime !== "nodejs") {
    // The real host also accepts `bun`; this substitute only runs node.
    process.stderr.write(`unsupported runtime: ${runtime}\n`);
    process.exit(1);
  }
  trace(`start: argv=${JSON.stringify(process.argv.slice(2))} cwd=${process.cwd()}`);

  const running = new Set<ChildProcess>();
  const ctx: RunContext = { engineAddress: cmd.engineAddress, tracing: cmd.flags.get("tracing") || undefined, running };

  const handlers: RuntimeHandlers = {
    getPluginInfo(_call, callback) {
      trace("GetPluginInfo");
      callback(null, new pluginPb.PluginInfo().setVersion(sdkVersion()));
    },

    getRequiredPackages(call, callback) {
      const dir = call.request.getInfo()?.getProgramDirectory() ?? process.cwd();
      trace(`GetRequiredPackages: ${dir}`);
      const packages = requiredPackages(dir);
      trace(`GetRequiredPackages -> ${packages.map((p) => `${p.getName()}@${p.getVersion()}`).join(", ") || "none"}`);
      callback(null, new languagePb.GetRequiredPackagesResponse().setPackagesList(packages));
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

    runPlugin(call) {
      runPlugin(call, running).then(
        () => call.end(),
        (err: unknown) => {
          trace(`RunPlugin -> error: ${errorMessage(err)}`);
          if (!call.cancelled) call.emit("error", { code: grpc.status.UNKNOWN, details: errorMessage(err) });
        },
      );
    },

    installDependencies(call) {
      // Dependencies of test programs are provided by symlinking node_modules; installing anything
      // would need the npm registry, which the offline tests must not depend on.
      trace("InstallDependencies (no-op)");
      const say = (text: string): void => {
        call.write(new languagePb.InstallDependenciesResponse().setStdout(new Uint8Array(Buffer.from(text))));
      };
      say("Installing dependencies...\n\n");
      say("Skipped: stateguard's substitute nodejs language host does not install packages.\n\n");
      say("Finished installing dependencies\n\n");
      call.end();
    },

    about(call, callback) {
      trace("About");
      const node = findNode();
      const dir = call.request.getInfo()?.getProgramDirectory() ?? process.cwd();
      // Failures to learn a version are not errors: the field is just left empty, as in the real host.
      void Promise.all([outputOf(node, ["--version"]), outputOf("npm", ["--version"], dir)]).then(
        ([nodeVersion, npmVersion]) => {
          const res = new languagePb.AboutResponse().setExecutable(node).setVersion(nodeVersion);
          const metadata = res.getMetadataMap();
          metadata.set("packagemanager", "npm");
          metadata.set("packagemanagerVersion", npmVersion);
          const ts = typescriptVersion(dir);
          if (ts !== "") metadata.set("typescriptVersion", ts);
          callback(null, res);
        },
      );
    },

    getProgramDependencies(call, callback) {
      trace("GetProgramDependencies");
      const dir = call.request.getInfo()?.getProgramDirectory() || call.request.getPwd();
      try {
        const deps = programDependencies(dir, call.request.getTransitivedependencies());
        callback(null, new languagePb.GetProgramDependenciesResponse().setDependenciesList(deps));
      } catch (err) {
        callback({ code: grpc.status.UNKNOWN, details: errorMessage(err) });
      }
    },

    // Not needed to deploy programs or run policy packs; `pulumi new/convert/package` would need them.
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
