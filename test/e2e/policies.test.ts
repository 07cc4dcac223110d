import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { POLICY_PACK_DIR, REPO_ROOT, Workspace, prepareBench, type RunResult } from "../engine/bench.js";

/**
 * The policies of issue 3 under the real engine, on the ledger program (test/programs/ledger): each on a prod stack
 * (mandatory: the preview fails) and a dev stack (advisory: it passes with the warning).
 */

const LEDGER = join(REPO_ROOT, "test", "programs", "ledger");
const SECRET_MARK = "SECRET-MARK-7f3a9c";

/** Writes a policy-config.json into the workspace: the settings plus the given policies' entries. */
function writeConfig(ws: Workspace, policies: Record<string, unknown> = {}): string {
  const file = join(ws.dir, "policy-config.test.json");
  writeFileSync(
    file,
    JSON.stringify({
      "stateguard-settings": { protectedStacks: ["*prod", "*production"] },
      ...policies,
    }),
  );
  return file;
}

function previewWithPack(ws: Workspace, config: string, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return ws.pulumi(["preview", "--policy-pack", POLICY_PACK_DIR, "--policy-pack-config", config], { env });
}

async function ledger(stack: string, config: Record<string, string> = {}): Promise<Workspace> {
  const ws = new Workspace(LEDGER);
  await ws.initStack(stack);
  for (const [key, value] of Object.entries(config)) await ws.pulumiOk(["config", "set", key, value]);
  return ws;
}

beforeAll(() => {
  prepareBench();
});

describe("stateful-deletion-protection under the real engine", () => {
  it("fails on prod when the database and the bucket can be deleted by the provider", async () => {
    const ws = await ledger("acme-prod", { deletionProtection: "false", forceDestroy: "true" });
    const result = await previewWithPack(ws, writeConfig(ws));
    expect(result.code, result.output).not.toBe(0);
    expect(result.output).toMatch(/mandatory/i);
    expect(result.plain).toContain(
      'aws:rds/instance:Instance "ledger-db" (relational database): `deletionProtection` is `false`',
    );
    expect(result.plain).toContain("Fix: Add `deletionProtection: true`");
    expect(result.plain).toContain(
      'aws:s3/bucket:Bucket "ledger-bucket" (object storage bucket): `forceDestroy` is `true`',
    );
  });

  it("passes on dev with an advisory warning", async () => {
    const ws = await ledger("acme-dev", { deletionProtection: "false" });
    const result = await previewWithPack(ws, writeConfig(ws));
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/advisory/i);
    expect(result.plain).toContain("`deletionProtection` is `false`");
  });

  it("passes on prod once the fields are safe", async () => {
    const ws = await ledger("acme-prod");
    const result = await previewWithPack(ws, writeConfig(ws));
    expect(result.code, result.output).toBe(0);
    expect(result.plain).not.toContain("stateful-deletion-protection");
  });

  it("never prints a secret value: the SDK hands it to the policy as a plain value", async () => {
    const ws = await ledger("acme-prod", { deletionProtection: "secret" });
    const result = await previewWithPack(ws, writeConfig(ws));
    expect(result.code, result.output).not.toBe(0);
    expect(result.plain).toContain("`deletionProtection` is a string (value not shown)");
    expect(result.output).not.toContain(SECRET_MARK);
  });

  it("fails closed on prod when the value is unknown during preview", async () => {
    const ws = await ledger("acme-prod", { deletionProtection: "computed" });
    const result = await previewWithPack(ws, writeConfig(ws));
    expect(result.code, result.output).not.toBe(0);
    expect(result.output).toMatch(/mandatory/i);
    expect(result.plain).toContain("`deletionProtection` is unknown until the update runs");
  });
});

describe("stateful-no-delete-before-replace under the real engine", () => {
  it("fails on prod when the database is deleted before its replacement", async () => {
    const ws = await ledger("acme-prod", { deleteBeforeReplace: "true" });
    const result = await previewWithPack(ws, writeConfig(ws));
    expect(result.code, result.output).not.toBe(0);
    expect(result.plain).toContain(
      'aws:rds/instance:Instance "ledger-db" (relational database) has `deleteBeforeReplace: true`',
    );
  });

  it("passes on dev with an advisory warning", async () => {
    const ws = await ledger("acme-dev", { deleteBeforeReplace: "true" });
    const result = await previewWithPack(ws, writeConfig(ws));
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/advisory/i);
    expect(result.plain).toContain("has `deleteBeforeReplace: true`");
  });
});

describe("resource-naming under the real engine", () => {
  const naming = {
    "resource-naming": {
      logicalNamePattern: "^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
      physicalNames: { "aws:s3/bucket:Bucket": { pattern: "^acme-", maxLength: 20, mustContainStack: true } },
      stackNamePattern: "^{project}-(dev|prod)$",
    },
  };

  it("fails on prod for the physical name and the stack name, and checks the stack resource", async () => {
    const ws = await ledger("acme-prod", { bucketName: "Ledger_Bucket_Of_Acme" });
    const result = await previewWithPack(ws, writeConfig(ws, naming));
    expect(result.code, result.output).not.toBe(0);
    expect(result.plain).toContain(
      'aws:s3/bucket:Bucket "ledger-bucket": the physical name (`bucket`) does not match /^acme-/',
    );
    expect(result.plain).toContain("is 21 characters, more than 20");
    expect(result.plain).toContain('does not contain the stack name "acme-prod"');
    expect(result.plain).toContain(
      'Stack "acme-prod" does not match the configured stack name pattern /^ledger-(dev|prod)$/',
    );
    expect(result.output).not.toContain("Ledger_Bucket_Of_Acme");
  });

  it("passes on dev with advisory warnings", async () => {
    const ws = await ledger("acme-dev", { bucketName: "Ledger_Bucket_Of_Acme" });
    const result = await previewWithPack(ws, writeConfig(ws, naming));
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/advisory/i);
    expect(result.plain).toContain("does not match /^acme-/");
  });

  it("passes on prod when the names follow the conventions", async () => {
    const ws = await ledger("ledger-prod", { bucketName: "acme-ledger-prod" });
    const result = await previewWithPack(ws, writeConfig(ws, naming));
    expect(result.code, result.output).toBe(0);
    expect(result.plain).not.toContain("resource-naming");
  });
});

describe("stack-protected-resources-present under the real engine", () => {
  /** Deploys the ledger without the pack, then removes the bucket from the program. */
  async function removedBucket(stack: string): Promise<Workspace> {
    const ws = await ledger(stack, { protect: "false" });
    await ws.pulumiOk(["up", "--yes", "--skip-preview"]);
    await ws.pulumiOk(["stack", "export", "--file", "baseline.json"]);
    await ws.pulumiOk(["config", "set", "protect", "true"]);
    await ws.pulumiOk(["config", "set", "declareBucket", "false"]);
    return ws;
  }

  it("fails on prod when a required resource was removed from the program", async () => {
    const ws = await removedBucket("acme-prod");
    const config = writeConfig(ws, {
      "stack-protected-resources-present": { requiredUrns: ["*::aws:s3/bucket:Bucket::ledger-bucket"] },
    });
    const result = await previewWithPack(ws, config);
    expect(result.code, result.output).not.toBe(0);
    expect(result.plain).toContain("stack-protected-resources-present");
    expect(result.plain).toContain(
      'No resource of stack "acme-prod" matches the required URN *::aws:s3/bucket:Bucket::ledger-bucket',
    );
  });

  it("fails on prod against a baseline given relative to the directory pulumi runs in", async () => {
    const ws = await removedBucket("acme-prod");
    const config = writeConfig(ws, { "stack-protected-resources-present": { baseline: "baseline.json" } });
    const result = await previewWithPack(ws, config, { PWD: ws.dir });
    expect(result.code, result.output).not.toBe(0);
    expect(result.plain).toContain('aws:s3/bucket:Bucket "ledger-bucket" (object storage bucket) is in the baseline');
  });

  it("passes on dev with an advisory warning", async () => {
    const ws = await removedBucket("acme-dev");
    const config = writeConfig(ws, {
      "stack-protected-resources-present": { baseline: join(ws.dir, "baseline.json") },
    });
    const result = await previewWithPack(ws, config);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/advisory/i);
    expect(result.plain).toContain("is in the baseline");
  });

  it("fails on prod when a baseline cannot be read, instead of passing silently", async () => {
    const ws = await ledger("acme-prod");
    const config = writeConfig(ws, { "stack-protected-resources-present": { baseline: "/nonexistent/baseline.json" } });
    const result = await previewWithPack(ws, config);
    expect(result.code, result.output).not.toBe(0);
    expect(result.plain).toContain("The baseline /nonexistent/baseline.json");
    expect(result.plain).toContain("ENOENT");
  });
});

describe("one update that drops protect and forces a replacement", () => {
  it("is allowed by the engine alone, and stopped by the pack on prod", async () => {
    const ws = await ledger("acme-prod");
    await ws.pulumiOk([
      "up",
      "--yes",
      "--skip-preview",
      "--policy-pack",
      POLICY_PACK_DIR,
      "--policy-pack-config",
      writeConfig(ws),
    ]);
    await ws.pulumiOk(["config", "set", "protect", "false"]);
    await ws.pulumiOk(["config", "set", "engine", "mysql"]);

    const alone = await ws.pulumi(["preview"]);
    expect(alone.code, alone.output).toBe(0);
    expect(alone.plain).toMatch(/aws:rds:Instance ledger-db replace \[diff: ~engine,protect\]/);
    expect(alone.plain).toMatch(/\+-1 to replace/);

    const guarded = await previewWithPack(ws, writeConfig(ws));
    expect(guarded.code, guarded.output).not.toBe(0);
    expect(guarded.plain).toContain('aws:rds/instance:Instance "ledger-db" (relational database) is not protected');
    expect(guarded.plain).toContain("ends this update without protect on protected stack");
  });
});
