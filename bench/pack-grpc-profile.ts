import { writeFileSync } from "node:fs";
import { summarizeProfile, type ProfileAreas, type ProfileSummary } from "./cpu-profile.js";

/**
 * The pack's V8 .cpuprofile (written by `node --cpu-prof` through NODE_OPTIONS), summarised by cpu-profile.ts with
 * the pack's areas: where the time of the per-resource calls (Remediate + Analyze) went, between stateguard's code,
 * the policy SDK, protobuf, gRPC, the garbage collector and waiting for the next call.
 */

export { newestProfile, type ProfileSummary } from "./cpu-profile.js";

/** A preload for the pack (NODE_OPTIONS=--require): exit normally on SIGTERM so that --cpu-prof writes its file. */
export function writeExitOnSigterm(path: string): string {
  writeFileSync(path, `"use strict";\nprocess.on("SIGTERM", () => process.exit(0));\n`);
  return path;
}

const AREAS: ProfileAreas = [
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

/** Inclusive time of stateguard's own functions and the SDK entry points it goes through. */
const counted = (url: string): boolean =>
  url.includes("/dist/") || url.includes("@pulumi/policy") || url.includes("typebox");

/** The pack's profile within `windowUs`, the per-resource calls' span (see SummaryOptions.windowUs). */
export function summarizePackProfile(file: string, windowUs?: readonly [number, number]): ProfileSummary {
  return summarizeProfile(file, {
    areas: AREAS,
    inclusive: counted,
    ...(windowUs ? { windowUs } : {}),
    topSelf: 25,
    topInclusive: 30,
  });
}
