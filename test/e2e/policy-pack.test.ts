import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_POLICY_CONFIG, POLICY_PACK_DIR, REPO_ROOT, Workspace, prepareBench } from "../engine/bench.js";

const ORDERS = join(REPO_ROOT, "test", "programs", "orders-db");
const DB_URN_SUFFIX = "aws:rds/instance:Instance::orders-db";

function previewWithPack(ws: Workspace, config = DEFAULT_POLICY_CONFIG) {
  return ws.pulumi(["preview", "--policy-pack", POLICY_PACK_DIR, "--policy-pack-config", config]);
}

beforeAll(() => {
  prepareBench();
});

describe("the stateguard policy pack under the real engine", () => {
  it("fails the preview of an unprotected database on a prod stack with the policy's message", async () => {
    const ws = new Workspace(ORDERS);
    await ws.initStack("acme-prod");
    const result = await previewWithPack(ws);
    expect(result.code, result.output).not.toBe(0);
    expect(result.plain).toContain("stateful-resources-protected");
    expect(result.plain).toContain('aws:rds/instance:Instance "orders-db" (relational database) is not protected');
    expect(result.output).toMatch(/mandatory/i);
  });

  it("passes the same preview on a dev stack with an advisory warning", async () => {
    const ws = new Workspace(ORDERS);
    await ws.initStack("acme-dev");
    const result = await previewWithPack(ws);
    expect(result.code, result.output).toBe(0);
    expect(result.plain).toContain("stateful-resources-protected");
    expect(result.output).toMatch(/advisory/i);
    expect(result.plain).toContain('"orders-db" (relational database) is not protected');
  });

  it("passes on a prod stack once the database is protected", async () => {
    const ws = new Workspace(ORDERS);
    await ws.initStack("acme-prod");
    await ws.pulumiOk(["config", "set", "protect", "true"]);
    const result = await previewWithPack(ws);
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toContain("is not protected");
  });

  it("makes a stack tag mark a stack protected", async () => {
    const ws = new Workspace(ORDERS);
    await ws.initStack("payments");
    await ws.pulumiOk(["stack", "tag", "set", "environment", "prod"]);
    const result = await previewWithPack(ws);
    expect(result.code, result.output).not.toBe(0);
    expect(result.plain).toContain("is not protected");
  });

  it("leaves the delete of a protected database, once removed from the program, to the engine, which refuses it", async () => {
    const ws = new Workspace(ORDERS);
    await ws.initStack("acme-prod");
    await ws.pulumiOk(["config", "set", "protect", "true"]);
    await ws.pulumiOk([
      "up",
      "--yes",
      "--skip-preview",
      "--policy-pack",
      POLICY_PACK_DIR,
      "--policy-pack-config",
      DEFAULT_POLICY_CONFIG,
    ]);
    await ws.pulumiOk(["config", "set", "declareDatabase", "false"]);
    const result = await previewWithPack(ws);
    expect(result.code, result.output).not.toBe(0);
    expect(result.plain).toContain(DB_URN_SUFFIX);
    expect(result.plain).toContain("cannot be deleted because it is protected");
  });

  it("fails with an error naming the policy and the field when a setting has the wrong type", async () => {
    const ws = new Workspace(ORDERS);
    await ws.initStack("acme-dev");
    const bad = join(ws.dir, "bad-type.json");
    writeFileSync(bad, JSON.stringify({ "stateguard-settings": { protectedStacks: "prod" } }));
    const result = await previewWithPack(ws, bad);
    expect(result.code, result.output).not.toBe(0);
    expect(result.plain).toContain("stateguard-settings");
    expect(result.plain).toContain("protectedStacks");
  });

  it("fails with an error naming the policy and the field when a property is unknown", async () => {
    const ws = new Workspace(ORDERS);
    await ws.initStack("acme-dev");
    const bad = join(ws.dir, "bad-property.json");
    writeFileSync(bad, JSON.stringify({ "stateful-resources-protected": { excludeUrn: ["x"] } }));
    const result = await previewWithPack(ws, bad);
    expect(result.code, result.output).not.toBe(0);
    expect(result.plain).toContain("stateful-resources-protected");
    expect(result.plain).toContain('unknown property "excludeUrn" (did you mean "excludeUrns"?)');
  });
});

describe("the engine's own reading of policy-config.json", () => {
  it("rejects a top-level $schema key, which is why stateguard's config check forbids it", async () => {
    const ws = new Workspace(ORDERS);
    await ws.initStack("acme-dev");
    const withSchema = join(ws.dir, "with-schema.json");
    writeFileSync(withSchema, JSON.stringify({ $schema: "./schema/policy-config.schema.json" }));
    const result = await previewWithPack(ws, withSchema);
    expect(result.code, result.output).not.toBe(0);
    expect(result.plain).toContain('parsing enforcement level for "$schema"');
  });
});
