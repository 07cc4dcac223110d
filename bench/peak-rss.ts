import { writeFileSync } from "node:fs";

/**
 * Preloaded (`node --import`) into a measured child process: when the process exits, however it exits, its peak
 * resident set size goes to the file named by SG_BENCH_PEAK_RSS_FILE. It is the process's own peak
 * (getrusage RUSAGE_SELF), so tools that call `process.exit` (tsc does) are measured as well.
 */

const file = process.env.SG_BENCH_PEAK_RSS_FILE;
if (file) {
  // Only this process: a Node.js child of it must not overwrite the figure.
  delete process.env.SG_BENCH_PEAK_RSS_FILE;
  process.on("exit", () => {
    writeFileSync(file, `${JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
  });
}
