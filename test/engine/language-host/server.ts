// The part of a language host that does not depend on the language: the command line the engine starts it
// with, the gRPC server whose port is the one line the host prints, Handshake, Cancel, the health service,
// and shutting down when the engine says so or disappears. Shared by the nodejs host (main.ts) and the
// python host (../language-host-python/main.ts), which only bring their runtime-specific RPCs.
//
// Protocol, as the engine drives any language host:
//   1. The engine starts `pulumi-language-<runtime> [flags] <engine address>` and reads one line from its
//      stdout: the port of our gRPC server on 127.0.0.1. Nothing else may be written to stdout first.
//   2. It then calls LanguageRuntime RPCs: GetPluginInfo, GetRequiredPackages, Run (one per program
//      execution), RunPlugin, About... and Cancel on Ctrl-C.
//   3. It stops us with SIGINT (then SIGKILL) when it is done.

import { execFile } from "node:child_process";

import * as grpc from "@grpc/grpc-js";

import { emptyPb, languageGrpc, languagePb, type LanguageGrpc } from "./protocol.js";
import { interrupt, type RunContext } from "./run-program.js";
import { trace } from "./util.js";

/** Same limit as the engine's own servers: snapshots and large resources travel in single messages. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;
/** How often we check that the engine is still there (the real hosts use the same period). */
const ENGINE_HEALTHCHECK_MS = 5 * 60 * 1000;

/** glog's logging flags, which the engine passes to every plugin when run with `--logflow`. */
const GLOG_VALUE_FLAGS = ["v", "vmodule", "log_dir", "stderrthreshold", "log_backtrace_at"];

export interface CommandLine {
  /** The positional argument: the engine's gRPC address (absent when the engine attaches with Handshake). */
  readonly engineAddress: string | undefined;
  /** Every flag given, by name without dashes; flags without a value are "true". */
  readonly flags: ReadonlyMap<string, string>;
}

/**
 * Parses Go-`flag`-style arguments: `-name value`, `-name=value`, `--name`, up to the first positional
 * argument (the engine address). `valueFlags` names the host's flags that take a separate value; glog's
 * logging flags are accepted too, and ignored by the hosts.
 */
export function parseCommandLine(argv: readonly string[], valueFlags: readonly string[]): CommandLine {
  const takesValue = new Set([...valueFlags, ...GLOG_VALUE_FLAGS]);
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
  return { engineAddress: argv[i], flags };
}

export function unimplemented<Req, Res>(name: string): grpc.handleUnaryCall<Req, Res> {
  return (_call, callback) => {
    trace(`${name} -> UNIMPLEMENTED`);
    callback({ code: grpc.status.UNIMPLEMENTED, details: `method ${name} not implemented` });
  };
}

/** Runs `file args` and returns its trimmed stdout, or "" if it fails: only used for informational RPCs. */
export function outputOf(file: string, args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, timeout: 30_000 }, (err, stdout) => {
      resolve(err ? "" : stdout.trim());
    });
  });
}

/** The RPCs a language host brings; Handshake and Cancel are the same for every language and added here. */
export type RuntimeHandlers = {
  [
    K in Exclude<KnownKeys<LanguageGrpc.ILanguageRuntimeServer>, "handshake" | "cancel">
  ]: LanguageGrpc.ILanguageRuntimeServer[K];
};
/** The declared keys of an interface that also has an index signature (which `Omit` would keep alone). */
type KnownKeys<T> = keyof { [K in keyof T as string extends K ? never : K]: T[K] };

/**
 * Serves `handlers` as the LanguageRuntime service on a free port of 127.0.0.1, prints that port (the one
 * line the engine reads), and stops on SIGINT/SIGTERM or when the engine is gone, interrupting whatever
 * programs are still running in `ctx.running`.
 */
export function serveLanguageRuntime(ctx: RunContext, handlers: RuntimeHandlers): void {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
  });

  let stopping = false;
  function shutdown(reason: string): void {
    if (stopping) return;
    stopping = true;
    trace(`shutdown: ${reason}`);
    for (const child of ctx.running) interrupt(child);
    server.tryShutdown(() => process.exit(0));
    // Streams the engine never closes must not keep us alive.
    setTimeout(() => process.exit(0), 2_000).unref();
  }

  const service: LanguageGrpc.ILanguageRuntimeServer = {
    ...handlers,
    handshake(call, callback) {
      trace("Handshake");
      // Sent when the engine attaches to an already running host instead of starting it with an address.
      ctx.engineAddress = call.request.getEngineAddress();
      watchEngine(ctx.engineAddress, shutdown);
      callback(null, new languagePb.LanguageHandshakeResponse());
    },
    cancel(_call, callback) {
      // The engine's way of forwarding Ctrl-C: interrupt whatever we are running.
      trace("Cancel");
      for (const child of ctx.running) interrupt(child);
      callback(null, new emptyPb.Empty());
    },
  };
  server.addService(languageGrpc.LanguageRuntimeService, service);
  addHealthService(server);

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
