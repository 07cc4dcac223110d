import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../../src/core/index.js";
import { decideGate, type GateMode, type GatePhase } from "../../../gate/decide.js";
import { parseGateInput } from "../../../gate/input/read-input.js";
import { DB, ROLE, TABLE, previewDoc, state, urn, type StepSpec } from "./builders.js";

function decide(steps: StepSpec[], mode: GateMode = "standard", phase?: GatePhase, diagnostics = []) {
  const input = parseGateInput(JSON.stringify(previewDoc(steps, diagnostics)), "preview.json");
  return decideGate(input, { mode, catalog: builtinCatalog, ...(phase ? { phase } : {}) });
}

const dbInputs = { engine: "postgres", instanceClass: "db.t3.micro", identifier: "orders-db-1a2b3c4" };

describe("the gate in standard mode", () => {
  it("passes an update of a stateful resource and counts it", () => {
    const d = decide([
      {
        op: "update",
        urn: urn(DB, "orders-db"),
        oldState: state(DB, "orders-db", dbInputs),
        newState: state(DB, "orders-db", { ...dbInputs, instanceClass: "db.t3.large" }),
        diffReasons: ["instanceClass"],
      },
    ]);
    expect(d.findings).toEqual([]);
    expect(d.passed).toEqual({ update: 1 });
  });

  it("blocks the delete of a stateful resource removed from the program", () => {
    const d = decide([{ op: "delete", urn: urn(DB, "orders-db"), oldState: state(DB, "orders-db", dbInputs) }]);
    expect(d.findings).toHaveLength(1);
    expect(d.findings[0]).toMatchObject({
      code: "STATEFUL_DELETE",
      operation: "delete",
      severity: "error",
      resource: { urn: urn(DB, "orders-db"), type: DB, name: "orders-db" },
    });
    expect(d.findings[0]?.message).toContain("It is no longer declared by the program.");
    expect(d.findings[0]?.fix).toContain("retainOnDelete");
  });

  it("reports a retainOnDelete delete as a warning that says the resource is orphaned", () => {
    const d = decide([
      { op: "delete", urn: urn(DB, "orders-db"), oldState: state(DB, "orders-db", dbInputs, { retainOnDelete: true }) },
    ]);
    expect(d.findings.map((f) => [f.code, f.severity])).toEqual([["RETAINED_DELETE", "warning"]]);
    expect(d.findings[0]?.message).toContain("orphaned");
  });

  it("blocks a replacement with the property that forces it, its old and new value, and the fix", () => {
    const d = decide([
      {
        op: "replace",
        urn: urn(TABLE, "sessions"),
        oldState: state(TABLE, "sessions", { name: "sessions", hashKey: "id" }),
        newState: state(TABLE, "sessions", { name: "sessions-v2", hashKey: "id" }),
        replaceReasons: ["name"],
      },
    ]);
    expect(d.findings[0]).toMatchObject({ code: "STATEFUL_REPLACE", operation: "replace", severity: "error" });
    expect(d.findings[0]?.message).toContain('because name: "sessions" -> "sessions-v2" forces a new resource');
    expect(d.findings[0]?.fix).toContain('Revert name to "sessions"');
    expect(d.findings[0]?.fix).toContain('ignoreChanges: ["name"]');
  });

  it("folds listed replacement steps into one change and recognises delete-before-replace by their order", () => {
    const old = state(DB, "orders-db", dbInputs);
    const next = state(DB, "orders-db", { ...dbInputs, engine: "mysql" });
    const u = urn(DB, "orders-db");
    const d = decide([
      { op: "delete-replaced", urn: u, oldState: old },
      { op: "replace", urn: u, oldState: old, newState: next, replaceReasons: ["engine"] },
      { op: "create-replacement", urn: u, oldState: old, newState: next, replaceReasons: ["engine"] },
    ]);
    expect(d.findings.map((f) => f.code)).toEqual(["STATEFUL_DELETE_BEFORE_REPLACE"]);
    expect(d.findings[0]?.message).toContain("downtime");
  });

  it("never reveals a secret: the value stays [secret]", () => {
    const d = decide([
      {
        op: "replace",
        urn: urn(DB, "orders-db"),
        oldState: state(DB, "orders-db", { ...dbInputs, username: "[secret]" }),
        newState: state(DB, "orders-db", { ...dbInputs, username: "[secret]" }),
        replaceReasons: ["username"],
      },
    ]);
    expect(d.findings[0]?.message).toContain("username: [secret] -> [secret]");
  });

  it("blocks protect going from true to false on a stateful resource", () => {
    const d = decide([
      {
        op: "update",
        urn: urn(DB, "orders-db"),
        oldState: state(DB, "orders-db", dbInputs, { protect: true }),
        newState: state(DB, "orders-db", dbInputs, { protect: false }),
      },
    ]);
    expect(d.findings.map((f) => [f.code, f.operation])).toEqual([["PROTECT_REMOVED", "protect-removed"]]);
  });

  it("reports both the replacement and the lost protect when one update does both", () => {
    const d = decide([
      {
        op: "replace",
        urn: urn(DB, "orders-db"),
        oldState: state(DB, "orders-db", dbInputs, { protect: true }),
        newState: state(DB, "orders-db", { ...dbInputs, engine: "mysql" }, { protect: false }),
        replaceReasons: ["engine"],
      },
    ]);
    expect(d.findings.map((f) => f.code)).toEqual(["STATEFUL_REPLACE", "PROTECT_REMOVED"]);
  });

  it("lets stateless deletes, creates and replacements through and summarises them", () => {
    const d = decide([
      { op: "delete", urn: urn(ROLE, "old-role"), oldState: state(ROLE, "old-role", { assumeRolePolicy: "a" }) },
      { op: "create", urn: urn(ROLE, "new-role"), newState: state(ROLE, "new-role", { assumeRolePolicy: "b" }) },
      {
        op: "replace",
        urn: urn(ROLE, "svc"),
        oldState: state(ROLE, "svc", { name: "svc" }),
        newState: state(ROLE, "svc", { name: "svc2" }),
        replaceReasons: ["name"],
      },
    ]);
    expect(d.findings).toEqual([]);
    expect(d.passed).toEqual({ delete: 1, create: 1, replace: 1 });
  });

  it("turns the engine's protected-delete error into a finding that explains it, even with no step listed", () => {
    const u = urn(DB, "orders-db");
    const d = decide([], "standard", undefined, [
      {
        urn: u,
        severity: "error",
        message: `Preview failed: resource "${u}" cannot be deleted\nbecause it is protected. To unprotect the resource, ...`,
      },
      { severity: "error", message: "preview failed" },
    ] as never);
    expect(d.findings.map((f) => f.code)).toEqual(["STATEFUL_DELETE"]);
    expect(d.findings[0]?.message).toContain("It is protected, so the engine refuses the update");
  });

  it("blocks a preview that failed for another reason", () => {
    const d = decide([], "standard", undefined, [{ severity: "error", message: "TypeError: x is undefined" }] as never);
    expect(d.findings.map((f) => f.code)).toEqual(["PREVIEW_FAILED"]);
    expect(d.findings[0]?.message).toContain("TypeError: x is undefined");
  });
});

describe("rename detection", () => {
  it("suggests the alias for a renamed stateful resource, ignoring its auto-named physical name", () => {
    const d = decide([
      {
        op: "delete",
        urn: urn(DB, "orders-db"),
        oldState: state(DB, "orders-db", { ...dbInputs, identifier: "orders-db-1a2b3c4" }),
      },
      {
        op: "create",
        urn: urn(DB, "orders-database"),
        newState: state(DB, "orders-database", { ...dbInputs, identifier: "orders-database-9f8e7d6" }),
      },
    ]);
    expect(d.renames).toHaveLength(1);
    expect(d.findings.map((f) => f.code)).toEqual(["STATEFUL_DELETE"]);
    expect(d.findings[0]?.fix).toContain(
      'add `aliases: [{ name: "orders-db" }]` to the resource options of "orders-database"',
    );
  });

  it("suggests parent: pulumi.rootStackResource for a move into a component without an alias", () => {
    const componentUrn = urn("acme:data:Store", "store");
    const moved = urn(DB, "orders-db", ["acme:data:Store"]);
    const d = decide([
      { op: "delete", urn: urn(DB, "orders-db"), oldState: state(DB, "orders-db", dbInputs) },
      { op: "create", urn: moved, newState: state(DB, "orders-db", dbInputs, { urn: moved, parent: componentUrn }) },
    ]);
    expect(d.findings[0]?.fix).toContain("`aliases: [{ parent: pulumi.rootStackResource }]`");
  });

  it("warns about a stateless rename without alias", () => {
    const d = decide([
      { op: "delete", urn: urn(ROLE, "api"), oldState: state(ROLE, "api", { assumeRolePolicy: "p", path: "/" }) },
      {
        op: "create",
        urn: urn(ROLE, "api-role"),
        newState: state(ROLE, "api-role", { assumeRolePolicy: "p", path: "/" }),
      },
    ]);
    expect(d.findings.map((f) => [f.code, f.severity])).toEqual([["RENAME_WITHOUT_ALIAS", "warning"]]);
  });

  it("does not pair when inputs differ", () => {
    const d = decide([
      { op: "delete", urn: urn(ROLE, "api"), oldState: state(ROLE, "api", { assumeRolePolicy: "p", path: "/a" }) },
      { op: "create", urn: urn(ROLE, "web"), newState: state(ROLE, "web", { assumeRolePolicy: "q", path: "/b" }) },
    ]);
    expect(d.renames).toEqual([]);
    expect(d.findings).toEqual([]);
  });

  it("does not guess between two equally good candidates", () => {
    const d = decide([
      { op: "delete", urn: urn(ROLE, "api"), oldState: state(ROLE, "api", { assumeRolePolicy: "p" }) },
      { op: "create", urn: urn(ROLE, "api-a"), newState: state(ROLE, "api-a", { assumeRolePolicy: "p" }) },
      { op: "create", urn: urn(ROLE, "api-b"), newState: state(ROLE, "api-b", { assumeRolePolicy: "p" }) },
    ]);
    expect(d.renames).toEqual([]);
    expect(d.findings.map((f) => f.code)).toEqual(["RENAME_AMBIGUOUS"]);
  });
});

describe("modes and phases", () => {
  const roleReplace: StepSpec = {
    op: "replace",
    urn: urn(ROLE, "svc"),
    oldState: state(ROLE, "svc", { name: "svc" }),
    newState: state(ROLE, "svc", { name: "svc2" }),
    replaceReasons: ["name"],
  };

  it("no-replace blocks the replacement of a stateless resource", () => {
    expect(decide([roleReplace], "no-replace").findings.map((f) => f.code)).toEqual(["REPLACE"]);
  });

  it("zero-diff blocks any change and lists alias moves as notes", () => {
    const oldUrn = urn(ROLE, "svc");
    const newUrn = urn(ROLE, "svc", ["acme:app:Service"]);
    const d = decide(
      [
        {
          op: "same",
          urn: newUrn,
          oldState: state(ROLE, "svc", { name: "svc" }),
          newState: state(ROLE, "svc", { name: "svc" }, { urn: newUrn }),
        },
        { op: "create", urn: urn(ROLE, "extra"), newState: state(ROLE, "extra", {}) },
      ],
      "zero-diff",
    );
    expect(d.findings.map((f) => [f.code, f.severity])).toEqual([
      ["MOVED", "note"],
      ["CHANGE", "error"],
    ]);
    expect(d.findings[0]?.message).toContain(`moved from ${oldUrn}`);
  });

  it("zero-diff notes a component added around moved resources: it has no cloud resource", () => {
    const component = { ...state("acme:data:Store", "store", {}), custom: false };
    const d = decide([{ op: "create", urn: urn("acme:data:Store", "store"), newState: component }], "zero-diff");
    expect(d.findings.map((f) => [f.code, f.severity])).toEqual([["COMPONENT_CHANGE", "note"]]);
  });

  it("zero-diff reports an update of outputs only as a warning by default", () => {
    const d = decide(
      [
        {
          op: "update",
          urn: urn(ROLE, "svc"),
          oldState: state(ROLE, "svc", { name: "svc" }),
          newState: state(ROLE, "svc", { name: "svc" }),
        },
      ],
      "zero-diff",
    );
    expect(d.findings.map((f) => [f.code, f.severity])).toEqual([["OUTPUT_ONLY_CHANGE", "warning"]]);
  });

  it("the expand phase allows creates only", () => {
    const d = decide(
      [{ op: "create", urn: urn(TABLE, "orders-v2"), newState: state(TABLE, "orders-v2", {}) }, roleReplace],
      "standard",
      "expand",
    );
    expect(d.findings.map((f) => f.code)).toEqual(["PHASE_VIOLATION"]);
  });

  it("the contract phase needs an approval for every delete and allows nothing else", () => {
    const d = decide(
      [
        { op: "delete", urn: urn(ROLE, "old"), oldState: state(ROLE, "old", {}) },
        { op: "create", urn: urn(ROLE, "new"), newState: state(ROLE, "new", { x: 1 }) },
      ],
      "standard",
      "contract",
    );
    expect(d.findings.map((f) => f.code).sort()).toEqual(["CONTRACT_DELETE", "PHASE_VIOLATION"]);
  });
});
