import { readFileSync } from "node:fs";
import { builtinCatalog } from "../src/core/index.js";
import { readGateInput } from "../gate/input/read-input.js";
import { runGate } from "../gate/run.js";
import { renderReport } from "../src/report/index.js";

/**
 * One measurement in a fresh process, so peak memory belongs to that variant alone:
 *   floor: read the file and JSON.parse it (what any consumer of the preview pays);
 *   gate:  what `stateguard gate FILE --format json` does: read, recognise, decide, render.
 * Prints { ms, cpuMs, maxRssBytes, findings } as JSON (cpuMs counts the whole process, start-up included).
 */

const [variant, file] = process.argv.slice(2);
if (!file || (variant !== "floor" && variant !== "gate")) {
  process.stderr.write("usage: gate-worker floor|gate FILE\n");
  process.exit(2);
}
const start = performance.now();
let findings = 0;
if (variant === "floor") {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as { steps: unknown[] };
  findings = parsed.steps.length > 0 ? 0 : -1;
} else {
  const report = runGate(readGateInput(file), { mode: "standard", catalog: builtinCatalog, version: "bench" });
  findings = report.items.length;
  renderReport(report, "json", {});
}
const ms = performance.now() - start;
// CPU time of this process (all threads, GC helpers included), which a busy machine sways less than wall time.
const usage = process.resourceUsage();
const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
process.stdout.write(`${JSON.stringify({ ms, cpuMs, maxRssBytes: usage.maxRSS * 1024, findings })}\n`);
