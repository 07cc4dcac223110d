import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProject, predictResources, toJsonInventory } from "../../../lint-rules/analyzer/index.js";
import { cli, FIXTURES } from "./support.js";

const SHOP = join(FIXTURES, "shop");

describe("predicted resources", () => {
  const inventory = toJsonInventory(predictResources(loadProject(SHOP)));
  const byName = (name: string) => inventory.resources.find((r) => r.name === name);

  it("follows a component across files through a re-export, binding its name argument", () => {
    expect(byName("orders")).toMatchObject({
      urn: "urn:pulumi:<stack>::shop::acme:data:Database::orders",
      kind: "component",
      parent: "root",
      location: { file: "index.ts", line: 7, column: 12 },
    });
    expect(byName("orders-db")).toMatchObject({
      urn: "urn:pulumi:<stack>::shop::acme:data:Database$aws:rds/instance:Instance::orders-db",
      protect: true,
      parent: byName("orders")!.id,
      location: { file: "lib/database.ts", line: 13, column: 21 },
    });
    // A method the constructor calls, parented to a field holding a child.
    expect(byName("orders-replica")?.urn).toBe(
      "urn:pulumi:<stack>::shop::acme:data:Database$aws:rds/instance:Instance$aws:rds/instance:Instance::orders-replica",
    );
  });

  it("predicts one resource per call of a helper factory", () => {
    expect(inventory.resources.filter((r) => r.location.file === "lib/factory.ts").map((r) => r.urn)).toEqual([
      "urn:pulumi:<stack>::shop::aws:sqs/queue:Queue::events-queue",
      "urn:pulumi:<stack>::shop::aws:sqs/queue:Queue::audit-queue",
    ]);
  });

  it("expands loops over literal arrays and marks them", () => {
    expect(byName("assets-eu")).toMatchObject({ conditional: ["loop"], location: { line: 12, column: 3 } });
    expect(byName("assets-us")?.urn).toBe("urn:pulumi:<stack>::shop::aws:s3/bucket:Bucket::assets-us");
    expect(byName("topic-b-1")?.urn).toBe(
      "urn:pulumi:<stack>::shop::acme:data:Database$aws:sns/topic:Topic::topic-b-1",
    );
  });

  it("marks conditional resources and leaves names from configuration unresolved", () => {
    expect(byName("extra")).toMatchObject({ conditional: ["if"], protect: true });
    const unresolved = inventory.resources.filter((r) => r.urn === null);
    expect(unresolved).toHaveLength(1);
    expect(unresolved[0]).toMatchObject({
      type: "aws:s3/bucket:Bucket",
      name: null,
      location: { line: 21, column: 1 },
    });
    expect(unresolved[0]?.unresolved).toContain('config.require("bucketName")');
  });
});

describe("stateguard inventory", () => {
  it("prints the tree", async () => {
    const result = await cli("inventory", SHOP);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('├─ acme:data:Database "orders"  index.ts:7:12');
    expect(result.stdout).toContain('│  ├─ aws:rds/instance:Instance "orders-db"  lib/database.ts:13:21  [protect]');
    expect(result.stdout).toContain("<unresolved name>");
  });

  it("prints JSON", async () => {
    const result = await cli("inventory", SHOP, "--format", "json");
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { project: string }).project).toBe("shop");
  });

  it("exits 2 without a Pulumi.yaml or a tsconfig.json", async () => {
    const none = await cli("inventory", FIXTURES);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no Pulumi.yaml");
    const noTsconfig = await cli("inventory", join(FIXTURES, "no-tsconfig"));
    expect(noTsconfig.code).toBe(2);
    expect(noTsconfig.stderr).toContain("no tsconfig.json");
  });
});
