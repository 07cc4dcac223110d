// LanguageRuntime.RunPlugin: run a plugin written in nodejs. For stateguard this means policy packs:
// `pulumi preview --policy-pack DIR` finds `runtime: nodejs` in DIR/PulumiPolicy.yaml and asks the nodejs
// language host to run the pack. The plugin's stdout and stderr travel back in the response stream; the
// engine reads the first stdout line as the plugin's gRPC port, exactly as for a plugin it started itself.

import { spawn, type ChildProcess } from "node:child_process";

import type * as grpc from "@grpc/grpc-js";

import { parseRuntimeOptions, typescriptEnv } from "./options.js";
import { PolicyPackProxy } from "./policy-proxy.js";
import { languagePb, type LanguagePb } from "./protocol.js";
import { errorMessage, findNode, locateModule, trace } from "./util.js";

type RunPluginCall = grpc.ServerWritableStream<LanguagePb.RunPluginRequest, LanguagePb.RunPluginResponse>;

/** The plugin kind the engine uses for policy packs (apitype.AnalyzerPlugin). */
const ANALYZER_KIND = "analyzer";

export async function runPlugin(call: RunPluginCall, running: Set<ChildProcess>): Promise<void> {
  const req = call.request;
  const info = req.getInfo();
  const programDirectory = info?.getProgramDirectory() || req.getPwd();
  const isPolicyPack = req.getKind() === ANALYZER_KIND;
  trace(`RunPlugin: kind=${req.getKind()} dir=${programDirectory} args=${JSON.stringify(req.getArgsList())}`);

  if (req.getAttachDebugger()) {
    throw new Error("attaching a debugger is not supported by stateguard's substitute nodejs language host");
  }

  const send = (stream: "stdout" | "stderr", chunk: Buffer): void => {
    if (call.cancelled || call.writableEnded) return;
    const msg = new languagePb.RunPluginResponse();
    if (stream === "stdout") msg.setStdout(new Uint8Array(chunk));
    else msg.setStderr(new Uint8Array(chunk));
    call.write(msg);
  };

  const options = parseRuntimeOptions(info);

  // The engine sends the complete environment the plugin should see (its own plus per-plugin extras).
  const env: NodeJS.ProcessEnv = req.getEnvList().length > 0 ? parseEnvList(req.getEnvList()) : { ...process.env };
  Object.assign(env, typescriptEnv(options));

  // Policy packs get the SDK's dedicated bootstrapper; other plugin kinds the generic one.
  const specifier = isPolicyPack
    ? "@pulumi/pulumi/cmd/run-policy-pack"
    : process.env["PULUMI_LANGUAGE_NODEJS_RUN_PATH"] || "@pulumi/pulumi/cmd/run-plugin";
  const runPath = locateModule(specifier, programDirectory, `npm install in ${programDirectory}`);

  // `nodeargs` are node options, so they go before the script. (The real host puts them after it.)
  const args = [...options.nodeargs, runPath];
  // `cmd/run-policy-pack` wants `<engine address> <pack directory>`: the engine's args come first and the
  // directory last. Other plugins take the directory first, then their args.
  if (isPolicyPack) args.push(...req.getArgsList(), programDirectory);
  else args.push(programDirectory, ...req.getArgsList());

  let proxy: PolicyPackProxy | undefined;
  if (isPolicyPack) {
    proxy = new PolicyPackProxy();
    const proxyPort = await proxy.listen();
    // To the engine, the proxy *is* the policy pack: its port is the first line it reads.
    send("stdout", Buffer.from(`${proxyPort}\n`));
    const config = await raceWithCancel(call, proxy.awaitConfiguration());
    if (config) {
      const setIf = (key: string, value: string): void => {
        if (value !== "") env[key] = value;
      };
      setIf("PULUMI_NODEJS_ORGANIZATION", config.getOrganization());
      setIf("PULUMI_NODEJS_PROJECT", config.getProject());
      setIf("PULUMI_NODEJS_STACK", config.getStack());
      setIf("PULUMI_NODEJS_DRY_RUN", String(config.getDryRun()));
      const stackConfig = Object.fromEntries(config.getConfigMap().entries());
      if (Object.keys(stackConfig).length > 0) env["PULUMI_CONFIG"] = JSON.stringify(stackConfig);
    }
  }

  const node = findNode();
  trace(`RunPlugin: ${node} ${args.join(" ")}`);
  // Policy packs have always run with the pack directory as working directory (they resolve their own
  // @pulumi/policy from there); other plugins run where the engine runs.
  const child = spawn(node, args, {
    cwd: isPolicyPack ? programDirectory : req.getPwd() || undefined,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  // The engine cancels the stream to stop the plugin (e.g. at the end of a preview).
  call.on("cancelled", () => {
    child.kill("SIGKILL");
    proxy?.close();
  });

  child.stderr.on("data", (chunk: Buffer) => {
    send("stderr", chunk);
  });
  if (proxy) {
    attachWhenListening(child, proxy, send);
  } else {
    child.stdout.on("data", (chunk: Buffer) => {
      send("stdout", chunk);
    });
  }

  try {
    const { code, signal } = await waitForClose(child);
    trace(`RunPlugin: plugin exited code=${code} signal=${signal}`);
    if (code !== 0) {
      const reason =
        code !== null
          ? `Program exited with non-zero exit code: ${code}`
          : `Program exited unexpectedly: signal: ${signal}`;
      proxy?.fail(new Error(reason));
      throw new Error(reason);
    }
  } finally {
    running.delete(child);
    proxy?.close();
  }
}

/**
 * Reads the policy pack's port (its first stdout line), connects the proxy to it and forwards the rest of
 * its stdout to the engine as ordinary output.
 */
function attachWhenListening(
  child: ChildProcess & { stdout: NodeJS.ReadableStream },
  proxy: PolicyPackProxy,
  send: (stream: "stdout" | "stderr", chunk: Buffer) => void,
): void {
  let head = "";
  let attached = false;
  child.stdout.on("data", (chunk: Buffer) => {
    if (attached) {
      send("stdout", chunk);
      return;
    }
    head += chunk.toString("utf8");
    const newline = head.indexOf("\n");
    if (newline < 0) return;
    attached = true;
    const portLine = head.slice(0, newline).trim();
    const rest = head.slice(newline + 1);
    if (rest !== "") send("stdout", Buffer.from(rest));
    const port = Number(portLine);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) {
      proxy.fail(new Error(`could not read policy pack port: got ${JSON.stringify(portLine)}`));
      child.kill("SIGKILL");
      return;
    }
    trace(`RunPlugin: policy pack listens on ${port}`);
    proxy.attach(port).catch((err: unknown) => {
      send("stderr", Buffer.from(`${errorMessage(err)}\n`));
      child.kill("SIGKILL");
    });
  });
  child.stdout.on("end", () => {
    if (!attached) proxy.fail(new Error("could not read policy pack port: EOF"));
  });
}

function waitForClose(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    child.on("error", (err) => {
      reject(new Error(`Problem executing plugin program (could not run language executor): ${err.message}`));
    });
    child.on("close", (code, signal) => {
      resolve({ code, signal });
    });
  });
}

/** Rejects when the engine gives up on the stream, so we never wait forever for a ConfigureStack. */
function raceWithCancel<T>(call: RunPluginCall, promise: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (call.cancelled) reject(new Error("RunPlugin cancelled"));
    call.on("cancelled", () => {
      reject(new Error("RunPlugin cancelled"));
    });
    promise.then(resolve, reject);
  });
}

/** `KEY=value` lines to an environment object (the first `=` separates; values may contain more). */
function parseEnvList(list: string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const entry of list) {
    const eq = entry.indexOf("=");
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}
