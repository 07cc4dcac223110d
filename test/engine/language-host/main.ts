// stateguard's substitute for `pulumi-language-nodejs`, the Pulumi language host for Node.js.
//
// The end-to-end tests run the real Pulumi CLI offline, and the CLI runs a nodejs program only through a
// language host plugin. The real host is a Go module that the module proxy available here refuses to
// serve (see README.md), so this is a protocol-compatible stand-in written against the
// LanguageRuntime gRPC service that @pulumi/pulumi 3.259.0 ships stubs for.
//
// Protocol, as the engine drives it:
//   1. The engine starts `pulumi-language-nodejs [flags] <engine address>` and reads one line from its
//      stdout: the port of our gRPC server on 127.0.0.1. Nothing else may be written to stdout first.
//   2. It then calls LanguageRuntime RPCs: GetPluginInfo, GetRequiredPackages, Run (one per program
//      execution), RunPlugin (policy packs), About... and Cancel on Ctrl-C.
//   3. It stops us with SIGINT (then SIGKILL) when it is done.
// The actual program execution is delegated to @pulumi/pulumi's own `cmd/run` and `cmd/run-policy-pack`
// scripts, resolved from the program's directory, exactly as the real host does.

import { execFile, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";

import * as grpc from "@grpc/grpc-js";

import { programDependencies, requiredPackages } from "./packages.js";
import { emptyPb, languageGrpc, languagePb, pluginPb, sdkVersion, type LanguageGrpc } from "./protocol.js";
import { interrupt, runProgram, type RunContext } from "./run-program.js";
import { runPlugin } from "./run-plugin.js";
import { errorMessage, findNode, trace } from "./util.js";

/** Same limit as the engine's own servers: snapshots and large resources travel in single messages. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;
/** How often we check that the engine is still there (the real host uses the same period). */
const ENGINE_HEALTHCHECK_MS = 5 * 60 * 1000;

interface CommandLine {
  engineAddress: string | undefined;
  tracing: string | undefined;
  runtime: string;
  showVersion: boolean;
}

/**
 * Parses Go-`flag`-style arguments: `-name value`, `-name=value`, `--name`, up to the first positional
 * argument (the engine address). Besides our own flags, the engine may pass glog's logging flags
 * (`--logtostderr`, `-v=9`) when run with `--logflow`; they are accepted and ignored.
 */
function parseCommandLine(argv: string[]): CommandLine {
  const takesValue = new Set(["tracing", "runtime", "v", "vmodule", "log_dir", "stderrthreshold", "log_backtrace_at"]);
  const flags = new Map<string, string>();
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      i++;
      break;
    }
    if (!arg.startsWith("-") || arg === "-") break;
    const body = arg.replace(/^--?/, "");
    const eq = body.indexOf("=");
    if (eq >= 0) flags.set(body.slice(0, eq), body.slice(eq + 1));
    else if (takesValue.has(body) && i + 1 < argv.length) flags.set(body, argv[++i] as string);
    else flags.set(body, "true");
  }
  return {
    engineAddress: argv[i],
    tracing: flags.get("tracing") || undefined,
    runtime: flags.get("runtime") ?? "nodejs",
    showVersion: flags.get("version") === "true",
  };
}

function unimplemented<Req, Res>(name: string): grpc.handleUnaryCall<Req, Res> {
  return (_call, callback) => {
    trace(`${name} -> UNIMPLEMENTED`);
    callback({ code: grpc.status.UNIMPLEMENTED, details: `method ${name} not implemented` });
  };
}

/** Runs `file args` and returns its trimmed stdout, or "" if it fails: only used for informational RPCs. */
function outputOf(file: string, args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, timeout: 30_000 }, (err, stdout) => {
      resolve(err ? "" : stdout.trim());
    });
  });
}

function typescriptVersion(programDirectory: string): string {
  try {
    const req = createRequire(`${programDirectory}/__stateguard_language_host__.js`);
    return (req("typescript/package.json") as { version?: string }).version ?? "";
  } catch {
    return "";
  }
}

function main(): void {
  const cmd = parseCommandLine(process.argv.slice(2));
  if (cmd.showVersion) {
    process.stdout.write(`${sdkVersion()}\n`);
    return;
  }
  if (cmd.runtime !== "nodejs") {
    // The real host also accepts `bun`; this substitute only runs node.
    process.stderr.write(`unsupported runtime: ${cmd.runtime}\n`);
    process.exit(1);
  }
  trace(`start: argv=${JSON.stringify(process.argv.slice(2))} cwd=${process.cwd()}`);

  const running = new Set<ChildProcess>();
  const ctx: RunContext = { engineAddress: cmd.engineAddress, tracing: cmd.tracing, running };

  const handlers: LanguageGrpc.ILanguageRuntimeServer = {
    handshake(call, callback) {
      trace("Handshake");
      // Sent when the engine attaches to an already running host instead of starting it with an address.
      ctx.engineAddress = call.request.getEngineAddress();
      watchEngine(ctx.engineAddress, shutdown);
      callback(null, new languagePb.LanguageHandshakeResponse());
    },

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

    cancel(_call, callback) {
      // The engine's way of forwarding Ctrl-C: interrupt whatever we are running.
      trace("Cancel");
      for (const child of running) interrupt(child);
      callback(null, new emptyPb.Empty());
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

  const server = new grpc.Server({
    "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
  });
  server.addService(languageGrpc.LanguageRuntimeService, handlers);
  addHealthService(server);

  let stopping = false;
  function shutdown(reason: string): void {
    if (stopping) return;
    stopping = true;
    trace(`shutdown: ${reason}`);
    for (const child of running) interrupt(child);
    server.tryShutdown(() => process.exit(0));
    // Streams the engine never closes must not keep us alive.
    setTimeout(() => process.exit(0), 2_000).unref();
  }
  process.on("SIGINT", () => {
    shutdown("SIGINT");
  });
  process.on("SIGTERM", () => {
    shutdown("SIGTERM");
  });

  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) {
      process.stderr.write(`could not start language host RPC server: ${err.message}\n`);
      process.exit(1);
    }
    // The one line the engine reads from us.
    process.stdout.write(`${port}\n`);
    trace(`listening on ${port}`);
    if (ctx.engineAddress) watchEngine(ctx.engineAddress, shutdown);
  });
}

/**
 * grpc.health.v1.Health/Check answering SERVING, as every Go plugin server does. Written by hand because
 * the message is tiny: an empty request, and a response whose only field (status = 1, SERVING) is 0x08 0x01.
 */
function addHealthService(server: grpc.Server): void {
  const passThrough = {
    requestSerialize: (b: Buffer) => b,
    requestDeserialize: (b: Buffer) => b,
    responseSerialize: (b: Buffer) => b,
    responseDeserialize: (b: Buffer) => b,
  };
  server.addService(
    { check: { path: "/grpc.health.v1.Health/Check", requestStream: false, responseStream: false, ...passThrough } },
    {
      check: (_call: unknown, callback: grpc.sendUnaryData<Buffer>) => {
        callback(null, Buffer.from([0x08, 0x01]));
      },
    },
  );
}

/**
 * Exits when the engine disappears without stopping us (e.g. killed): every five minutes, ask its health
 * service; anything but success or UNIMPLEMENTED means it is gone.
 */
let watchedEngine: string | undefined;
function watchEngine(address: string, shutdown: (reason: string) => void): void {
  if (watchedEngine === address) return;
  watchedEngine = address;
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  const timer = setInterval(() => {
    client.makeUnaryRequest(
      "/grpc.health.v1.Health/Check",
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.alloc(0),
      { deadline: Date.now() + 60_000 },
      (err) => {
        if (err && err.code !== grpc.status.UNIMPLEMENTED) shutdown(`engine health check failed: ${err.message}`);
      },
    );
  }, ENGINE_HEALTHCHECK_MS);
  timer.unref();
}

main();
