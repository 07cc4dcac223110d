import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Where a process's time went, from the V8 .cpuprofile that `node --cpu-prof` writes: by area, the functions with
 * the most self time, and the inclusive time of the functions a benchmark cares about. The default areas are the
 * lint and analyzer benchmarks' (stateguard's rules and analyzer, TypeScript, typescript-eslint, ESLint, the
 * garbage collector); the policy pack benchmark passes its own (pack-grpc-profile.ts).
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
  /** Milliseconds of samples inside the window, or of the whole profile without one. */
  readonly sampledMs: number;
  readonly windowed: boolean;
  /** The window asked for, in the profile's microseconds (see summarizeProfile). */
  readonly windowUs?: readonly [number, number];
  readonly byArea: readonly ProfileLine[];
  readonly topSelf: readonly ProfileLine[];
  /** The chosen functions, inclusive: a function counted once per sample however deep it recurses. */
  readonly topInclusive: readonly ProfileLine[];
}

export type ProfileAreas = readonly (readonly [area: string, test: (url: string, fn: string) => boolean])[];

export interface SummaryOptions {
  /** Self time by area: the first area whose test matches a frame gets it; "other" the rest. */
  readonly areas?: ProfileAreas;
  /** The frames whose inclusive time is listed (default: stateguard's own compiled code). */
  readonly inclusive?: (url: string) => boolean;
  /**
   * The span to count, on the monotonic clock (process.hrtime, which V8's profile timestamps share on Linux);
   * when it does not overlap the profile, all samples count.
   */
  readonly windowUs?: readonly [number, number];
  readonly topSelf?: number;
  readonly topInclusive?: number;
}

const AREAS: ProfileAreas = [
  ["stateguard: lint rules and their analyses (dist/lint-rules/eslint)", (u) => u.includes("/dist/lint-rules/eslint/")],
  ["stateguard: analyzer (dist/lint-rules/analyzer)", (u) => u.includes("/dist/lint-rules/analyzer/")],
  ["stateguard: other (dist/)", (u) => u.includes("/dist/") && !u.includes("node_modules")],
  ["typescript (parser, binder, checker)", (u) => /node_modules\/typescript\//.test(u)],
  ["typescript-eslint (parser, project service, ESTree conversion)", (u) => u.includes("@typescript-eslint/")],
  ["eslint", (u) => /node_modules\/eslint\//.test(u) || u.includes("@eslint/")],
  ["garbage collector", (_u, f) => f === "(garbage collector)"],
  ["node internals, idle, program", (u) => u.startsWith("node:") || u === ""],
];

function areaOf(areas: ProfileAreas, frame: CallFrame): string {
  for (const [area, test] of areas) if (test(frame.url, frame.functionName)) return area;
  return "other";
}

const ownCode = (url: string): boolean => url.includes("/dist/") && !url.includes("node_modules");

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

export function summarizeProfile(file: string, options: SummaryOptions = {}): ProfileSummary {
  const { areas: areaTable = AREAS, inclusive: counted = ownCode, windowUs } = options;
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
    // A sample's weight: the time until the next sample.
    const weight = profile.timeDeltas[i + 1] ?? 0;
    if (windowed && (t < windowUs[0] || t > windowUs[1])) continue;
    const node = byId.get(profile.samples[i]!);
    if (!node) continue;
    total += weight;
    const key = keyOf(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + weight);
    const area = areaOf(areaTable, node.callFrame);
    areas.set(area, (areas.get(area) ?? 0) + weight);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      if (!counted(frame.url)) continue;
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
    byArea: lines(areas, total, areaTable.length + 1),
    topSelf: lines(self, total, options.topSelf ?? 20),
    topInclusive: lines(inclusive, total, options.topInclusive ?? 25),
  };
}

export function formatProfile(summary: ProfileSummary, title: string): string {
  const row = (l: ProfileLine): string =>
    `    ${Math.round(l.ms).toString().padStart(7)} ms ${(l.share * 100).toFixed(1).padStart(5)} %  ${l.name}`;
  return [
    `${title}: ${Math.round(summary.sampledMs)} ms sampled (${summary.file})`,
    "  by area (self time):",
    ...summary.byArea.map(row),
    "  top functions by self time:",
    ...summary.topSelf.slice(0, 12).map(row),
    "  stateguard's functions, inclusive (the checker work they ask for included):",
    ...summary.topInclusive.slice(0, 12).map(row),
  ].join("\n");
}
