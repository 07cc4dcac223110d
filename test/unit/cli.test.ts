import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../cli/main.js";

async function cli(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

function configFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), "sg-cli-")), "policy-config.json");
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("stateguard config check", () => {
  it("exits 0 for a valid file", async () => {
    const file = configFile({ "stateful-resources-protected": "mandatory" });
    const result = await cli("config", "check", file);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain(`${file}: valid (1 policy configured)`);
  });

  it("exits 2 and lists every problem with the file, the policy and the field", async () => {
    const file = configFile({ "stateguard-settings": { protectedStacks: "prod" }, nope: "mandatory" });
    const result = await cli("config", "check", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: invalid stateguard policy config`);
    expect(result.stderr).toContain("stateguard-settings /protectedStacks: must be array");
    expect(result.stderr).toContain("nope: unknown policy");
  });

  it("exits 2 for a file that does not exist", async () => {
    const result = await cli("config", "check", "/nonexistent/policy-config.json");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("cannot read the file: ENOENT");
  });
});

describe("stateguard catalog", () => {
  it("prints the catalog as JSON with its version", async () => {
    const result = await cli("catalog", "--format", "json");
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { version: string; types: { type: string }[] };
    expect(parsed.types.map((t) => t.type)).toContain("aws:rds/instance:Instance");
  });

  it("prints the catalog as text", async () => {
    const result = await cli("catalog");
    expect(result.stdout).toMatch(/aws:rds\/instance:Instance\n {2}database: relational database/);
    expect(result.stdout).toContain("deletion protection: deletionProtection = true (must be set)");
  });

  it("exits 2 for an unknown format or option", async () => {
    expect((await cli("catalog", "--format", "xml")).code).toBe(2);
    const unknown = await cli("catalog", "--colour");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Usage: stateguard catalog");
  });
});

describe("the stateguard command", () => {
  it("exits 2 with the usage for an unknown command", async () => {
    const result = await cli("deploy");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "deploy"');
  });

  it("prints help with exit codes", async () => {
    const result = await cli("--help");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Exit codes: 0 success, 1 findings at error level, 2 usage or input error.");
  });
});
