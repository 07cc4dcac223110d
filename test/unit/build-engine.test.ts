import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const SCRIPT = join(import.meta.dirname, "../../scripts/build-engine.sh");

/** A PATH with the basics the script needs (bash, node, coreutils) and no Go toolchain. */
function pathWithoutGo(): string {
  const bin = mkdtempSync(join(tmpdir(), "sg-nogo-"));
  for (const tool of ["bash", "node", "dirname", "cat", "rm", "mkdir", "tail", "mv", "printf", "timeout"]) {
    const found = spawnSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
    if (found.startsWith("/")) symlinkSync(found, join(bin, tool));
  }
  return bin;
}

function runScript(env: Record<string, string>) {
  const cache = mkdtempSync(join(tmpdir(), "sg-cache-"));
  mkdirSync(cache, { recursive: true });
  return spawnSync("bash", [SCRIPT], {
    encoding: "utf8",
    timeout: 30_000,
    env: { HOME: cache, STATEGUARD_CACHE: cache, STATEGUARD_PULUMI_VERSION: "3.259.0", ...env },
  });
}

describe("scripts/build-engine.sh", () => {
  it("says what is missing and how to use an installed CLI when there is no Go toolchain", () => {
    const result = runScript({ PATH: pathWithoutGo() });
    expect(result.status).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("no Go toolchain on PATH: the Pulumi CLI v3.259.0 cannot be built here.");
    expect(result.stderr).toContain("STATEGUARD_PULUMI_BIN=/dir/with/pulumi");
  });

  it("reports a failed build with the end of its log, and how to use an installed CLI", () => {
    const bin = pathWithoutGo();
    writeFileSync(join(bin, "go"), '#!/bin/sh\necho "go: module lookup disabled by the proxy" >&2\nexit 1\n');
    chmodSync(join(bin, "go"), 0o755);
    const result = runScript({ PATH: bin });
    expect(result.status).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("go: module lookup disabled by the proxy");
    expect(result.stderr).toContain("building the Pulumi CLI v3.259.0 failed");
    expect(result.stderr).toContain("STATEGUARD_PULUMI_BIN=/dir/with/pulumi");
  });

  it("rejects a STATEGUARD_PULUMI_BIN without a pulumi binary", () => {
    const empty = mkdtempSync(join(tmpdir(), "sg-empty-"));
    const result = runScript({ PATH: pathWithoutGo(), STATEGUARD_PULUMI_BIN: empty });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(`STATEGUARD_PULUMI_BIN=${empty} has no executable 'pulumi' in it.`);
  });

  it("prints the directory of an installed CLI named by STATEGUARD_PULUMI_BIN without building anything", () => {
    const dir = mkdtempSync(join(tmpdir(), "sg-cli-"));
    symlinkSync("/bin/true", join(dir, "pulumi"));
    const result = runScript({ PATH: pathWithoutGo(), STATEGUARD_PULUMI_BIN: dir });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(dir);
  });
});
