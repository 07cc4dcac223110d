import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Reads a V8 .cpuprofile written by `node --cpu-prof` (the pack's, through NODE_OPTIONS) and says where the time of
 * the per-resource calls (Remediate + Analyze) went: by area (stateguard's code, the policy SDK, protobuf, gRPC, GC...), and by function.
 */

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileLine {
  readonly name: string;
  readonly ms: number;
  readonly share: number;
}

export interface ProfileSummary {
  readonly file: string;
  /** Milliseconds of samples inside the window (the per-resource calls), or of the whole profile without one. */
  readonly sampledMs: number;
  readonly windowed: boolean;
  /** The window asked for, in the profile's microseconds (see summarizeProfile). */
  readonly windowUs?: readonly [number, number];
  readonly byArea: readonly ProfileLine[];
  readonly topSelf: readonly ProfileLine[];
  /** Inclusive time of stateguard's own functions and the SDK entry points (a function counted once per sample). */
  readonly topInclusive: readonly ProfileLine[];
}

/** A preload for the pack (NODE_OPTIONS=--require): exit normally on SIGTERM so that --cpu-prof writes its file. */
export function writeExitOnSigterm(path: string): string {
  writeFileSync(path, `"use strict";\nprocess.on("SIGTERM", () => process.exit(0));\n`);
  return path;
}

const AREAS: readonly (readonly [area: string, test: (url: string, fn: string) => boolean])[] = [
  ["stateguard: policy glue (dist/policy)", (u) => u.includes("/dist/policy/")],
  ["stateguard: core (dist/src/core)", (u) => u.includes("/dist/src/core/")],
  ["@sinclair/typebox (config validation/defaults)", (u) => u.includes("@sinclair/typebox")],
  ["ajv", (u) => u.includes("/ajv/")],
  ["@pulumi/policy (SDK: deserialize, proxy, server)", (u) => u.includes("@pulumi/policy")],
  ["google-protobuf (Struct, wire)", (u) => u.includes("google-protobuf")],
  ["@grpc/grpc-js", (u) => u.includes("@grpc/")],
  ["@pulumi/pulumi", (u) => u.includes("@pulumi/pulumi")],
  ["garbage collector", (_u, f) => f === "(garbage collector)"],
  ["idle (waiting for the next call)", (_u, f) => f === "(idle)"],
  ["node internals", (u) => u.startsWith("node:") || u === ""],
];

function areaOf(frame: CallFrame): string {
  for (const [area, test] of AREAS) if (test(frame.url, frame.functionName)) return area;
  return "other";
}

function shortUrl(url: string): string {
  const i = url.lastIndexOf("node_modules/");
  if (i >= 0) return url.slice(i + "node_modules/".length);
  const d = url.indexOf("/dist/");
  if (d >= 0) return url.slice(d + 1);
  return url.replace(/^file:\/\//, "");
}

function keyOf(frame: CallFrame): string {
  const fn = frame.functionName || "(anonymous)";
  return frame.url ? `${fn} ${shortUrl(frame.url)}:${frame.lineNumber + 1}` : fn;
}

function lines(map: Map<string, number>, total: number, limit: number): ProfileLine[] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, us]) => ({ name, ms: us / 1000, share: total > 0 ? us / total : 0 }));
}

/** The newest .cpuprofile in `dir`. */
export function newestProfile(dir: string): string {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .sort();
  const file = files[files.length - 1];
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  return join(dir, file);
}

/**
 * Summarises a profile. `windowUs` is the per-resource calls' span on the monotonic clock (process.hrtime in the
 * benchmark, which V8's profile timestamps share on Linux); when it does not overlap the profile, all samples count.
 */
export function summarizeProfile(file: string, windowUs?: readonly [number, number]): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const windowed = windowUs !== undefined && windowUs[0] < profile.endTime && windowUs[1] > profile.startTime;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    // The sample's weight: the time until the next sample.
    const weight = profile.timeDeltas[i + 1] ?? 0;
    if (windowed && (t < windowUs[0] || t > windowUs[1])) continue;
    const node = byId.get(profile.samples[i]!);
    if (!node) continue;
    total += weight;
    const key = keyOf(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + weight);
    const area = areaOf(node.callFrame);
    areas.set(area, (areas.get(area) ?? 0) + weight);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      if (!frame.url.includes("/dist/") && !frame.url.includes("@pulumi/policy") && !frame.url.includes("typebox")) {
        continue;
      }
      const k = keyOf(frame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + weight);
    }
  }
  return {
    file,
    sampledMs: total / 1000,
    windowed,
    ...(windowUs ? { windowUs } : {}),
    byArea: lines(areas, total, AREAS.length + 1),
    topSelf: lines(self, total, 25),
    topInclusive: lines(inclusive, total, 30),
  };
}
