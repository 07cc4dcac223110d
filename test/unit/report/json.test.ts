import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { renderJson } from "../../../src/report/json.js";
import { REPORT_SCHEMA_VERSION } from "../../../src/report/model.js";
import { emptyReport, NASTY_MESSAGE, passingReport, report } from "./fixtures.js";

const schemaPath = join(import.meta.dirname, "../../../schema/gate-report.schema.json");
const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as Record<string, unknown>;
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

function parse(text: string): Record<string, unknown> & { findings: Record<string, unknown>[] } {
  return JSON.parse(text) as Record<string, unknown> & { findings: Record<string, unknown>[] };
}

/** Every schema reachable through properties, additionalProperties and items, with its path. */
function subschemas(node: unknown, path: string): [string, Record<string, unknown>][] {
  if (typeof node !== "object" || node === null) return [];
  const s = node as Record<string, unknown>;
  const out: [string, Record<string, unknown>][] = [[path, s]];
  for (const [key, child] of Object.entries((s.properties as Record<string, unknown> | undefined) ?? {})) {
    out.push(...subschemas(child, `${path}.${key}`));
  }
  if (typeof s.additionalProperties === "object") out.push(...subschemas(s.additionalProperties, `${path}.*`));
  if (s.items) out.push(...subschemas(s.items, `${path}[]`));
  return out;
}

describe("renderJson", () => {
  it("matches the snapshot", async () => {
    await expect(renderJson(report())).toMatchFileSnapshot("__snapshots__/report.json");
  });

  it("validates against schema/gate-report.schema.json", () => {
    for (const r of [report(), passingReport(), emptyReport()]) {
      const ok = validate(JSON.parse(renderJson(r)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it("the schema rejects what it should (it is not vacuous)", () => {
    const good = parse(renderJson(report()));
    expect(validate({ ...good, extra: 1 })).toBe(false);
    expect(validate({ ...good, schemaVersion: 2 })).toBe(false);
    expect(validate({ ...good, findings: [{ ...good.findings[0], status: "ignored" }] })).toBe(false);
    const withoutFix: Record<string, unknown> = { ...good.findings[0] };
    delete withoutFix.fix;
    expect(validate({ ...good, findings: [withoutFix] })).toBe(false);
  });

  it("the schema is draft-07, closed, and describes every property", () => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    for (const [path, s] of subschemas(schema, "$")) {
      expect(typeof s.description, `${path} has a description`).toBe("string");
      if (s.properties) expect(s.additionalProperties, `${path} is closed`).toBe(false);
    }
  });

  it("has the documented keys in a fixed order, 2-space indent and a trailing newline", () => {
    const text = renderJson(report());
    const parsed = parse(text);
    expect(Object.keys(parsed)).toEqual([
      "schemaVersion",
      "tool",
      "version",
      "command",
      "verdict",
      "settings",
      "input",
      "summary",
      "passed",
      "findings",
    ]);
    expect(parsed.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(Object.keys(parsed.findings[0]!)).toEqual([
      "code",
      "status",
      "severity",
      "operation",
      "rule",
      "message",
      "fix",
      "resource",
      "location",
      "approval",
    ]);
    expect(text.startsWith('{\n  "schemaVersion": 1,\n')).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
  });

  it("counts by status, sorts maps by key and findings by status", () => {
    const parsed = parse(renderJson(report()));
    expect(parsed.summary).toEqual({ blocked: 2, warning: 1, approved: 1, baselined: 1, note: 1 });
    expect(Object.keys(parsed.settings as object)).toEqual(["mode", "phase", "stack"]);
    expect(parsed.passed).toEqual({ create: 1, update: 3 });
    expect(parsed.findings.map((f) => `${String(f.status)} ${String(f.code)}`)).toEqual([
      "blocked POLICY_VIOLATION",
      "blocked STATEFUL_REPLACE",
      "warning RETAINED_DELETE",
      "approved STATEFUL_DELETE",
      "baselined STATEFUL_DELETE",
      "note MOVED",
    ]);
  });

  it("uses null for what is absent and keeps the approval", () => {
    const findings = parse(renderJson(report())).findings;
    const policy = findings.find((f) => f.code === "POLICY_VIOLATION")!;
    expect(policy).toMatchObject({ resource: null, location: null, approval: null, message: NASTY_MESSAGE });
    const approved = findings.find((f) => f.status === "approved")!;
    expect(approved.approval).toEqual({
      reason: "Decommissioning the legacy reports bucket",
      expires: "2026-12-31",
      reference: "CHG-1234",
      origin: "approvals.yaml#2",
    });
    const baselined = findings.find((f) => f.status === "baselined")!;
    expect(baselined.location).toEqual({ file: "src/queues.ts", line: 3, column: null });
    expect(parse(renderJson(emptyReport())).input).toEqual({ format: "preview-json", source: "preview.json" });
    expect(parse(renderJson({ ...emptyReport(), input: undefined })).input).toBeNull();
  });

  it("is byte-identical whatever the order of items and map keys", () => {
    const r = report();
    const shuffled = {
      ...r,
      items: [...r.items].reverse(),
      settings: { phase: "expand", stack: "acme-prod", mode: "standard" },
      passed: { update: 3, create: 1 },
    };
    expect(renderJson(shuffled)).toBe(renderJson(r));
  });
});
