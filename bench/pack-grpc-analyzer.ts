import { spawn, type ChildProcessByStdio } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Readable } from "node:stream";
import * as grpc from "@grpc/grpc-js";
import type * as StructPb from "google-protobuf/google/protobuf/struct_pb.js";
import { parseRuntimeOptions, typescriptEnv } from "../test/engine/language-host/options.js";
import { analyzerGrpc, analyzerPb, emptyPb, type AnalyzerPb } from "../test/engine/language-host/protocol.js";
import { findNode, locateModule } from "../test/engine/language-host/util.js";
import { BENCH_ORGANIZATION, BENCH_PROJECT, BENCH_STACK, type BenchResource } from "./pack-grpc-resources.js";

/**
 * Drives one policy pack the way the engine does during a preview: start it with the nodejs language host's command
 * line, then Handshake, ConfigureStack, GetAnalyzerInfo, Configure (every policy's level and its schema defaults,
 * as pkg/resource/analyzer/config.go reconciles them), Remediate and Analyze per resource, and one AnalyzeStack.
 */

const require = createRequire(import.meta.url);
// The Struct class of the google-protobuf the SDK's stubs were generated against (see protocol.ts on Empty).
const requireFromSdk = createRequire(require.resolve("@pulumi/pulumi/proto/analyzer_pb.js"));
const { Struct } = requireFromSdk("google-protobuf/google/protobuf/struct_pb.js") as typeof StructPb;

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";

const LEVEL_TO_PB: Record<EnforcementLevel, AnalyzerPb.EnforcementLevel> = {
  advisory: analyzerPb.EnforcementLevel.ADVISORY,
  mandatory: analyzerPb.EnforcementLevel.MANDATORY,
  disabled: analyzerPb.EnforcementLevel.DISABLED,
  remediate: analyzerPb.EnforcementLevel.REMEDIATE,
};
const LEVEL_FROM_PB = new Map(Object.entries(LEVEL_TO_PB).map(([k, v]) => [v, k as EnforcementLevel]));

/** run-policy-pack drops its first argument, the engine address; the pack never dials the engine while analyzing. */
const UNUSED_ENGINE_ADDRESS = "127.0.0.1:0";
const START_TIMEOUT_MS = 180_000;
const MAX_MESSAGE = 400 * 1024 * 1024;

// --- requests, built once per resource list ---------------------------------------------------------------------

export interface Requests {
  readonly analyze: readonly AnalyzerPb.AnalyzeRequest[];
  readonly stack: AnalyzerPb.AnalyzeStackRequest;
}

function options(r: BenchResource): AnalyzerPb.AnalyzerResourceOptions {
  const o = new analyzerPb.AnalyzerResourceOptions();
  o.setProtect(r.protect);
  o.setIgnorechangesList([...r.ignoreChanges]);
  o.setDeletebeforereplace(r.deleteBeforeReplace === true);
  o.setDeletebeforereplacedefined(r.deleteBeforeReplace !== undefined);
  o.setAdditionalsecretoutputsList([...r.additionalSecretOutputs]);
  o.setAliasesList([...r.aliases]);
  o.setCustomtimeouts(new analyzerPb.AnalyzerResourceOptions.CustomTimeouts());
  if (r.parent) o.setParent(r.parent);
  return o;
}

function provider(r: BenchResource): AnalyzerPb.AnalyzerProviderResource | undefined {
  if (!r.provider) return undefined;
  const p = new analyzerPb.AnalyzerProviderResource();
  p.setType(r.provider.type);
  p.setName(r.provider.name);
  p.setUrn(r.provider.urn);
  p.setProperties(Struct.fromJavaScript(r.provider.props as Record<string, StructPb.JavaScriptValue>));
  return p;
}

export function buildRequests(resources: readonly BenchResource[]): Requests {
  const analyze = resources.map((r) => {
    const req = new analyzerPb.AnalyzeRequest();
    req.setType(r.type);
    req.setName(r.name);
    req.setUrn(r.urn);
    req.setProperties(Struct.fromJavaScript(r.props as Record<string, StructPb.JavaScriptValue>));
    req.setOptions(options(r));
    const p = provider(r);
    if (p) req.setProvider(p);
    return req;
  });
  const stack = new analyzerPb.AnalyzeStackRequest();
  stack.setResourcesList(
    resources.map((r) => {
      const res = new analyzerPb.AnalyzerResource();
      res.setType(r.type);
      res.setName(r.name);
      res.setUrn(r.urn);
      res.setProperties(Struct.fromJavaScript(r.props as Record<string, StructPb.JavaScriptValue>));
      res.setOptions(options(r));
      const p = provider(r);
      if (p) res.setProvider(p);
      if (r.parent) res.setParent(r.parent);
      res.setDependenciesList([...r.dependencies]);
      const deps = res.getPropertydependenciesMap();
      for (const [key, urns] of Object.entries(r.propertyDependencies)) {
        const d = new analyzerPb.AnalyzerPropertyDependencies();
        d.setUrnsList([...urns]);
        deps.set(key, d);
      }
      return res;
    }),
  );
  return { analyze, stack };
}

// --- the pack process --------------------------------------------------------------------------------------------

type PackProcess = ChildProcessByStdio<null, Readable, Readable>;

const live = new Set<PackProcess>();

/** Kills the packs still running (for an interrupted benchmark: they would outlive it). */
export function killLivePacks(): void {
  for (const child of live) child.kill("SIGKILL");
}

export interface PackLaunch {
  readonly packDir: string;
  /** Extra environment for the pack (e.g. NODE_OPTIONS for --cpu-prof). */
  readonly env?: Readonly<Record<string, string>>;
}

interface RunningPack {
  readonly child: PackProcess;
  readonly port: number;
  stderr(): string;
}

/** The nodejs language host's command line for a policy pack (test/engine/language-host/run-plugin.ts). */
function startPack(launch: PackLaunch): Promise<RunningPack> {
  // PulumiPolicy.yaml says `runtime: nodejs` without options: the host's defaults (TypeScript registered).
  const runtime = parseRuntimeOptions(undefined);
  const runPath = locateModule("@pulumi/pulumi/cmd/run-policy-pack", launch.packDir, "npm install");
  const child = spawn(findNode(), [...runtime.nodeargs, runPath, UNUSED_ENGINE_ADDRESS, launch.packDir], {
    cwd: launch.packDir,
    env: {
      ...process.env,
      ...typescriptEnv(runtime),
      // What the host sets from the engine's ConfigureStack before it starts the pack.
      PULUMI_NODEJS_ORGANIZATION: BENCH_ORGANIZATION,
      PULUMI_NODEJS_PROJECT: BENCH_PROJECT,
      PULUMI_NODEJS_STACK: BENCH_STACK,
      PULUMI_NODEJS_DRY_RUN: "true",
      ...launch.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  child.on("close", () => live.delete(child));
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), START_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      stdout += chunk.toString("utf8");
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
      child.stdout.off("data", onData);
      child.off("close", onClose);
      // Keep draining: a pack that writes to stdout must never block on a full pipe.
      child.stdout.resume();
      const line = stdout.slice(0, newline).trim();
      const port = Number(line);
      if (!Number.isInteger(port) || port <= 0) {
        child.kill("SIGKILL");
        reject(
          new Error(`the pack in ${launch.packDir} printed ${JSON.stringify(line)} instead of its port:\n${stderr}`),
        );
        return;
      }
      resolve({ child, port, stderr: () => stderr });
    };
    const onClose = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(timer);
      reject(
        new Error(`the pack in ${launch.packDir} exited (code ${code}, signal ${signal}) before its port:\n${stderr}`),
      );
    };
    child.stdout.on("data", onData);
    child.on("close", onClose);
    child.on("error", reject);
  });
}

/** Ends the pack as the engine does when the preview is over; SIGTERM, so that --cpu-prof can write its profile. */
function stopPack(pack: RunningPack, graceful: boolean): Promise<void> {
  return new Promise((resolve) => {
    if (pack.child.exitCode !== null || pack.child.signalCode !== null) {
      resolve();
      return;
    }
    const timer = setTimeout(() => pack.child.kill("SIGKILL"), 30_000);
    pack.child.on("close", () => {
      clearTimeout(timer);
      resolve();
    });
    pack.child.kill(graceful ? "SIGTERM" : "SIGKILL");
  });
}

// --- CPU time of the pack process (Linux /proc) --------------------------------------------------------------------

const CLOCK_TICKS_PER_SECOND = 100;

/** user + system CPU milliseconds of a process, or undefined where /proc is not available. */
function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may hold spaces) start after the last ')'; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function clientCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

// --- the engine's calls ----------------------------------------------------------------------------------------------

type Client = InstanceType<typeof analyzerGrpc.AnalyzerClient>;

function unary<Req, Res>(
  call: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown,
  req: Req,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    call(req, (err, res) => {
      if (err) reject(err);
      else resolve(res);
    });
  });
}

export interface PolicyInfo {
  readonly name: string;
  readonly type: "resource" | "stack" | "unknown";
  readonly enforcementLevel: EnforcementLevel;
  /** Each property's schema default, where the schema gives one. */
  readonly defaults: Readonly<Record<string, unknown>>;
}

export interface AnalyzerFacts {
  readonly name: string;
  readonly version: string;
  readonly policies: readonly PolicyInfo[];
  /** The pack's own initial config (e.g. awsguard's `{ all: "mandatory" }`). */
  readonly initialConfig: Readonly<Record<string, { level?: EnforcementLevel; properties?: Record<string, unknown> }>>;
}

function readInfo(info: AnalyzerPb.AnalyzerInfo): AnalyzerFacts {
  const policies = info.getPoliciesList().map((p): PolicyInfo => {
    const schema = (p.getConfigschema()?.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>;
    const defaults: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema)) {
      if (typeof property === "object" && property !== null && "default" in property) {
        defaults[key] = property.default;
      }
    }
    const policyType = p.getPolicyType();
    return {
      name: p.getName(),
      type:
        policyType === analyzerPb.PolicyType.POLICY_TYPE_RESOURCE
          ? "resource"
          : policyType === analyzerPb.PolicyType.POLICY_TYPE_STACK
            ? "stack"
            : "unknown",
      enforcementLevel: LEVEL_FROM_PB.get(p.getEnforcementlevel()) ?? "advisory",
      defaults,
    };
  });
  const initialConfig: AnalyzerFacts["initialConfig"] = Object.fromEntries(
    [...info.getInitialconfigMap().entries()].map(([key, config]: [string, AnalyzerPb.PolicyConfig]) => [
      key,
      {
        level: LEVEL_FROM_PB.get(config.getEnforcementlevel()),
        ...(config.getProperties() ? { properties: config.getProperties()!.toJavaScript() } : {}),
      },
    ]),
  );
  return { name: info.getName(), version: info.getVersion(), policies, initialConfig };
}

interface PolicyConfig {
  level: EnforcementLevel;
  properties: Record<string, unknown>;
}

/**
 * What the engine sends to Configure without a --policy-pack-config: ReconcilePolicyPackConfig in
 * pkg/resource/analyzer/config.go (each policy's level and its schema defaults, then the pack's initial config, `all`
 * first), plus the benchmark's own levels (standing in for a --policy-pack-config).
 */
export function engineConfig(
  facts: AnalyzerFacts,
  levels: Readonly<Record<string, EnforcementLevel>> = {},
): Map<string, PolicyConfig> {
  const result = new Map<string, PolicyConfig>();
  for (const p of facts.policies) result.set(p.name, { level: p.enforcementLevel, properties: { ...p.defaults } });
  const apply = (
    config: Readonly<Record<string, { level?: EnforcementLevel; properties?: Record<string, unknown> }>>,
  ) => {
    const all = config["all"]?.level;
    if (all) for (const c of result.values()) c.level = all;
    for (const [name, given] of Object.entries(config)) {
      const current = result.get(name) ?? { level: "advisory" as EnforcementLevel, properties: {} };
      result.set(name, {
        level: given.level ?? current.level,
        properties: { ...current.properties, ...given.properties },
      });
    }
  };
  apply(facts.initialConfig);
  apply(Object.fromEntries(Object.entries(levels).map(([name, level]) => [name, { level }])));
  return result;
}

async function configure(client: Client, facts: AnalyzerFacts, levels: Readonly<Record<string, EnforcementLevel>>) {
  const req = new analyzerPb.ConfigureAnalyzerRequest();
  const map = req.getPolicyconfigMap();
  const config = engineConfig(facts, levels);
  for (const [name, c] of config) {
    const pc = new analyzerPb.PolicyConfig();
    pc.setEnforcementlevel(LEVEL_TO_PB[c.level]);
    pc.setProperties(Struct.fromJavaScript(c.properties as Record<string, StructPb.JavaScriptValue>));
    map.set(name, pc);
  }
  await unary(client.configure.bind(client), req);
  return config;
}

async function handshake(client: Client, packDir: string): Promise<void> {
  const req = new analyzerPb.AnalyzerHandshakeRequest();
  req.setEngineAddress(UNUSED_ENGINE_ADDRESS);
  req.setRootDirectory(packDir);
  req.setProgramDirectory(packDir);
  try {
    await unary(client.handshake.bind(client), req);
  } catch (e) {
    // @pulumi/policy does not implement Handshake; the engine then carries on, as here.
    if ((e as grpc.ServiceError).code !== grpc.status.UNIMPLEMENTED) throw e;
  }
}

async function configureStack(client: Client): Promise<void> {
  const req = new analyzerPb.AnalyzerStackConfigureRequest();
  req.setStack(BENCH_STACK);
  req.setProject(BENCH_PROJECT);
  req.setOrganization(BENCH_ORGANIZATION);
  req.setDryRun(true);
  await unary(client.configureStack.bind(client), req);
}

// --- one measured pass ---------------------------------------------------------------------------------------------

export interface Tally {
  /** Diagnostics returned, by policy name. */
  readonly byPolicy: Record<string, number>;
  mandatory: number;
  advisory: number;
  notApplicable: number;
  /** Remediations returned by Remediate (none of the packs here remediates). */
  remediations: number;
}

function newTally(): Tally {
  return { byPolicy: {}, mandatory: 0, advisory: 0, notApplicable: 0, remediations: 0 };
}

function count(tally: Tally, res: AnalyzerPb.AnalyzeResponse): void {
  for (const d of res.getDiagnosticsList()) {
    const name = d.getPolicyname();
    tally.byPolicy[name] = (tally.byPolicy[name] ?? 0) + 1;
    if (d.getEnforcementlevel() === analyzerPb.EnforcementLevel.MANDATORY) tally.mandatory++;
    else tally.advisory++;
  }
  tally.notApplicable += res.getNotApplicableList().length;
}

export function violations(tally: Tally): number {
  return tally.mandatory + tally.advisory;
}

export interface PassOptions {
  /** Analyze calls in flight at once: 1 is the engine's sequential preview. */
  readonly concurrency: number;
  /** Levels that override the pack's (e.g. all policies but one disabled). */
  readonly levels?: Readonly<Record<string, EnforcementLevel>>;
  /** Stop the pack with SIGTERM (so --cpu-prof writes its profile) instead of SIGKILL. */
  readonly graceful?: boolean;
}

export interface PassResult {
  /** Wall time of the per-resource calls (Remediate + Analyze for every resource), first sent to last answered. */
  readonly analyzeMs: number;
  readonly stackMs: number;
  /** CPU time the pack process spent in those calls (undefined without /proc). */
  readonly analyzePackCpuMs: number | undefined;
  readonly stackPackCpuMs: number | undefined;
  /** CPU time this process (the stand-in engine) spent sending and reading them. */
  readonly analyzeClientCpuMs: number;
  /** The per-resource calls' span on the monotonic clock, in microseconds (to cut a --cpu-prof profile to it). */
  readonly analyzeWindowUs: readonly [number, number];
  readonly analyze: Tally;
  readonly stack: Tally;
  readonly facts: AnalyzerFacts;
  /** Policies not disabled by the Configure call. */
  readonly activePolicies: readonly string[];
}

type UnaryCall<Req, Res> = (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown;

/**
 * The per-resource calls of the engine's step generator (pkg/resource/deploy/step_generator.go): Remediate (its
 * first pass, sent to every analyzer whether or not it has remediations), then Analyze, one resource after the
 * other for each of `concurrency` resources in flight.
 */
async function analyzeAll(client: Client, requests: readonly AnalyzerPb.AnalyzeRequest[], concurrency: number) {
  const tally = newTally();
  const remediate = client.remediate.bind(client) as UnaryCall<AnalyzerPb.AnalyzeRequest, AnalyzerPb.RemediateResponse>;
  const analyze = client.analyze.bind(client) as UnaryCall<AnalyzerPb.AnalyzeRequest, AnalyzerPb.AnalyzeResponse>;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const req = requests[next++]!;
      tally.remediations += (await unary(remediate, req)).getRemediationsList().length;
      count(tally, await unary(analyze, req));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return tally;
}

/** One preview's worth of analysis by a freshly started pack; the pack is stopped before this resolves. */
export async function runPass(launch: PackLaunch, requests: Requests, options: PassOptions): Promise<PassResult> {
  const pack = await startPack(launch);
  const client: Client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${pack.port}`, grpc.credentials.createInsecure(), {
    "grpc.max_receive_message_length": MAX_MESSAGE,
    "grpc.max_send_message_length": MAX_MESSAGE,
  });
  try {
    await handshake(client, launch.packDir);
    await configureStack(client);
    const facts = readInfo(await unary(client.getAnalyzerInfo.bind(client), new emptyPb.Empty()));
    const config = await configure(client, facts, options.levels ?? {});
    const activePolicies = facts.policies.filter((p) => config.get(p.name)?.level !== "disabled").map((p) => p.name);

    const pid = pack.child.pid;
    const cpu0 = processCpuMs(pid);
    const client0 = clientCpuMs();
    const h0 = process.hrtime.bigint();
    const t0 = performance.now();
    const analyze = await analyzeAll(client, requests.analyze, options.concurrency);
    const t1 = performance.now();
    const h1 = process.hrtime.bigint();
    const client1 = clientCpuMs();
    const cpu1 = processCpuMs(pid);
    const stackRes = await unary<AnalyzerPb.AnalyzeStackRequest, AnalyzerPb.AnalyzeResponse>(
      client.analyzeStack.bind(client),
      requests.stack,
    );
    const t2 = performance.now();
    const cpu2 = processCpuMs(pid);
    const stack = newTally();
    count(stack, stackRes);
    const diff = (a: number | undefined, b: number | undefined) =>
      a === undefined || b === undefined ? undefined : b - a;
    return {
      analyzeMs: t1 - t0,
      stackMs: t2 - t1,
      analyzePackCpuMs: diff(cpu0, cpu1),
      stackPackCpuMs: diff(cpu1, cpu2),
      analyzeClientCpuMs: client1 - client0,
      analyzeWindowUs: [Number(h0 / 1000n), Number(h1 / 1000n)],
      analyze,
      stack,
      facts,
      activePolicies,
    };
  } catch (e) {
    throw new Error(
      `${e instanceof Error ? e.message : String(e)}\n(pack in ${launch.packDir}; its stderr:)\n${pack.stderr()}`,
    );
  } finally {
    client.close();
    await stopPack(pack, options.graceful ?? false);
  }
}
