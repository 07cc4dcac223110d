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
    const parsed = JSON.parse(result.stdout) as {
      version: string;
      failClosed: boolean;
      types: { type: string; origin: string }[];
    };
    expect(parsed.version).toBe("1.0.0");
    expect(parsed.failClosed).toBe(false);
    expect(parsed.types.map((t) => t.type)).toContain("aws:rds/instance:Instance");
    expect(new Set(parsed.types.map((t) => t.origin))).toEqual(new Set(["builtin"]));
  });

  it("prints the catalog as text", async () => {
    const result = await cli("catalog");
    expect(result.stdout).toMatch(/^stateguard catalog 1\.0\.0: \d+ stateful types\n/);
    expect(result.stdout).toMatch(/aws:rds\/instance:Instance\n {2}database: relational database/);
    expect(result.stdout).toContain("deletion protection: deletionProtection = true (must be set)");
    expect(result.stdout).toContain(
      "deletion protection: finalSnapshotIdentifier = a non-empty string (must be set), unless skipFinalSnapshot = true",
    );
    expect(result.stdout).toContain('deletion protection: deletionProtection = "ACTIVE" (must be set)');
    expect(result.stdout).toContain("stateful only when spec.volumeClaimTemplates is set");
  });

  it("applies the catalog settings of --config and marks what they add or change", async () => {
    const file = configFile({
      "stateguard-settings": {
        statefulTypes: [{ type: "acme:storage/vault:Vault", why: "customer vaults", category: "object-storage" }],
        notStateful: ["aws:sqs/queue:Queue"],
        replaceOn: { "aws:rds/instance:Instance": ["port"] },
        failClosed: true,
      },
    });
    const text = await cli("catalog", "--config", file);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`stateguard catalog 1.0.0 (with ${file})`);
    expect(text.stdout).toContain(
      "acme:storage/vault:Vault (added by policy-config.json)\n  object-storage: customer vaults",
    );
    expect(text.stdout).toContain("aws:rds/instance:Instance (changed by policy-config.json)");
    expect(text.stdout).toContain("not stateful: aws:sqs/queue:Queue");
    expect(text.stdout).toContain("failClosed: other custom resource types count as stateful on protected stacks");
    expect(text.stdout).not.toMatch(/^aws:sqs\/queue:Queue$/m);

    const json = JSON.parse((await cli("catalog", "--format", "json", "--config", file)).stdout) as {
      config: string;
      failClosed: boolean;
      notStateful: string[];
      types: { type: string; origin: string; replaceOn: string[] }[];
    };
    expect(json).toMatchObject({ config: file, failClosed: true, notStateful: ["aws:sqs/queue:Queue"] });
    const byType = new Map(json.types.map((t) => [t.type, t]));
    expect(byType.get("acme:storage/vault:Vault")?.origin).toBe("user-added");
    expect(byType.get("aws:rds/instance:Instance")).toMatchObject({ origin: "user-modified" });
    expect(byType.get("aws:rds/instance:Instance")?.replaceOn).toContain("port");
    expect(byType.has("aws:sqs/queue:Queue")).toBe(false);
  });

  it("exits 2 with the field for invalid catalog settings", async () => {
    const wrongType = await cli("catalog", "--config", configFile({ "stateguard-settings": { failClosed: "yes" } }));
    expect(wrongType.code).toBe(2);
    expect(wrongType.stderr).toContain("stateguard-settings /failClosed: must be boolean");
    const file = configFile({ "stateguard-settings": { replaceOn: { "acme:nope:Nope": ["x"] } } });
    const contradiction = await cli("catalog", "--config", file);
    expect(contradiction.code).toBe(2);
    expect(contradiction.stderr).toContain(`${file}: invalid stateguard policy config`);
    expect(contradiction.stderr).toContain(
      'stateguard-settings /replaceOn/acme:nope:Nope: "acme:nope:Nope" is not a stateful type in the catalog',
    );
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
