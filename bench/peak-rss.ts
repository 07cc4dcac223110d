import { writeFileSync } from "node:fs";

/**
 * Preloaded (`node --import`) into a measured child process: when the process exits, however it exits, its peak
 * resident set size and its CPU time (user + system, all of its threads) go to the file named by
 * SG_BENCH_PEAK_RSS_FILE. Both are the process's own (getrusage RUSAGE_SELF), so tools that call `process.exit`
 * (tsc does) are measured as well.
 */

const file = process.env.SG_BENCH_PEAK_RSS_FILE;
if (file) {
  // Only this process: a Node.js child of it must not overwrite the figure.
  delete process.env.SG_BENCH_PEAK_RSS_FILE;
  process.on("exit", () => {
    const usage = process.resourceUsage();
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
    writeFileSync(file, `${JSON.stringify({ maxRssBytes: usage.maxRSS * 1024, cpuMs })}\n`);
  });
}
