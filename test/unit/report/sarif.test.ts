import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import type { Report, ReportItem } from "../../../src/report/model.js";
import { FINGERPRINT_KEY, renderSarif, toUriReference, type SarifLog } from "../../../src/report/sarif.js";
import { blockedReplace, emptyReport, passingReport, policyViolation, report } from "./fixtures.js";
import { sarifFormats, sarifSubsetSchema } from "./sarif-subset.schema.js";

function ajv(): Ajv {
  const instance = new Ajv({ allErrors: true, strict: false });
  for (const [name, check] of Object.entries(sarifFormats)) instance.addFormat(name, check);
  return instance;
}

const validateSubset = ajv().compile(sarifSubsetSchema);

/**
 * The official SARIF 2.1.0 schema, as @microsoft/jest-sarif (a dev dependency, MIT) ships it. It is a draft-04
 * schema: the two keywords that differ are adapted so that Ajv (draft-07) can compile it.
 */
function officialSchema(): Record<string, unknown> {
  const pkg = createRequire(import.meta.url).resolve("@microsoft/jest-sarif/package.json");
  const file = join(dirname(pkg), "lib/schemas/sarif-2.1.0-rtm.5.json");
  const schema = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const { id, ...rest } = schema;
  return { ...rest, $schema: "http://json-schema.org/draft-07/schema#", $id: id };
}

function sarif(r: Report, options = {}): SarifLog {
  return JSON.parse(renderSarif(r, options)) as SarifLog;
}

function resultOf(log: SarifLog, code: string, status?: string) {
  const found = log.runs[0].results.find((r) => r.ruleId === code && (!status || r.properties.status === status));
  if (!found) throw new Error(`no ${code} result`);
  return found;
}

describe("renderSarif", () => {
  it("matches the snapshot", async () => {
    await expect(renderSarif(report())).toMatchFileSnapshot("__snapshots__/report.sarif");
  });

  it("validates against the SARIF subset schema", () => {
    for (const r of [report(), passingReport(), emptyReport()]) {
      validateSubset(sarif(r));
      expect(validateSubset.errors ?? []).toEqual([]);
    }
  });

  it("the subset schema catches what GitHub's upload check rejects", () => {
    const log = sarif(report()) as unknown as { runs: [{ tool: { driver: { rules: Record<string, unknown>[] } } }] };
    log.runs[0].tool.driver.rules[0]!.helpUri = "docs/gate.md";
    expect(validateSubset(log)).toBe(false);
    expect(validateSubset({ version: "2.1.0" })).toBe(false);
  });

  it("validates against the official SARIF 2.1.0 schema", () => {
    const official = officialSchema();
    const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    for (const [name, check] of Object.entries(sarifFormats)) validate.addFormat(name, check);
    validate.addFormat("date-time", true);
    const check = validate.compile(official);
    check(sarif(report(), { docsBaseUrl: "https://example.com/stateguard/" }));
    expect(check.errors ?? []).toEqual([]);
  });

  it("has the SARIF header and one run of the stateguard driver", () => {
    const log = sarif(report());
    expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].tool.driver).toMatchObject({ name: "stateguard", version: "0.1.0" });
  });

  it("maps statuses to levels: blocked error, warning warning, the rest note", () => {
    const log = sarif(report());
    const levels = log.runs[0].results.map((r) => `${r.properties.status}:${r.level}`);
    expect(levels).toEqual([
      "blocked:error",
      "blocked:error",
      "warning:warning",
      "approved:note",
      "baselined:note",
      "note:note",
    ]);
  });

  it("suppresses approved and baselined results (external, with the justification), and only those", () => {
    const log = sarif(report());
    expect(resultOf(log, "STATEFUL_DELETE", "approved").suppressions).toEqual([
      { kind: "external", status: "accepted", justification: "Decommissioning the legacy reports bucket" },
    ]);
    expect(resultOf(log, "STATEFUL_DELETE", "baselined").suppressions).toEqual([
      { kind: "external", status: "accepted", justification: "baselined: present in the recorded baseline" },
    ]);
    const suppressed = log.runs[0].results.filter((r) => r.suppressions).map((r) => r.properties.status);
    expect(suppressed).toEqual(["approved", "baselined"]);
    expect(resultOf(log, "STATEFUL_DELETE", "approved").properties.approval).toEqual({
      expires: "2026-12-31",
      reference: "CHG-1234",
      origin: "approvals.yaml#2",
    });
  });

  it("declares one rule per distinct code, which ruleIndex points at", () => {
    const log = sarif(report());
    const rules = log.runs[0].tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual([
      "MOVED",
      "POLICY_VIOLATION",
      "RETAINED_DELETE",
      "STATEFUL_DELETE",
      "STATEFUL_REPLACE",
    ]);
    for (const result of log.runs[0].results) expect(rules[result.ruleIndex]!.id).toBe(result.ruleId);
    const del = rules.find((r) => r.id === "STATEFUL_DELETE")!;
    expect(del.defaultConfiguration.level).toBe("error");
    expect(del.shortDescription.text).toBe("A stateful resource is deleted");
    expect(del.fullDescription.text.length).toBeGreaterThan(del.shortDescription.text.length);
    expect(del.help.text).toContain("Documentation: docs/gate.md in the stateguard package.");
    expect(rules.find((r) => r.id === "RETAINED_DELETE")!.defaultConfiguration.level).toBe("warning");
  });

  it("gives absolute help URIs only when a docs base URL is known", () => {
    expect(sarif(report()).runs[0].tool.driver.rules.every((r) => r.helpUri === undefined)).toBe(true);
    expect(sarif(report()).runs[0].tool.driver.informationUri).toBeUndefined();
    const log = sarif(report(), { docsBaseUrl: "https://example.com/acme/stateguard/blob/v0.1.0" });
    expect(log.runs[0].tool.driver.rules.find((r) => r.id === "STATEFUL_DELETE")!.helpUri).toBe(
      "https://example.com/acme/stateguard/blob/v0.1.0/docs/gate.md",
    );
    expect(log.runs[0].tool.driver.informationUri).toBe("https://example.com/acme/stateguard/blob/v0.1.0/README.md");
    expect(() => renderSarif(report(), { docsBaseUrl: "docs/" })).toThrow(/absolute URL/);
  });

  it("uses a describing fallback for unknown codes and policy pages for policy findings", () => {
    const item: ReportItem = {
      status: "warning",
      finding: {
        code: "SOMETHING_NEW",
        source: "policy",
        rule: "stateful-resources-protected",
        severity: "warning",
        message: "m",
      },
    };
    const rule = sarif(report({ items: [item] })).runs[0].tool.driver.rules[0]!;
    expect(rule.shortDescription.text).toBe("Something new");
    expect(rule.help.text).toContain("docs/policies/stateful-resources-protected.md");
  });

  it("anchors results: the finding's position, else the program entry, else Pulumi.yaml", () => {
    const log = sarif(report());
    expect(resultOf(log, "STATEFUL_REPLACE").locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "src/index.ts" },
      region: { startLine: 12, startColumn: 5 },
    });
    expect(resultOf(log, "POLICY_VIOLATION").locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "src/index.ts" },
      region: { startLine: 1 },
    });
    const noEntry = sarif({ ...report(), programEntry: undefined });
    expect(resultOf(noEntry, "POLICY_VIOLATION").locations[0].physicalLocation.artifactLocation.uri).toBe(
      "Pulumi.yaml",
    );
  });

  it("names the resource as a logical location, kind resource", () => {
    const log = sarif(report());
    expect(resultOf(log, "STATEFUL_REPLACE").locations[0].logicalLocations).toEqual([
      {
        name: "orders-db",
        fullyQualifiedName: "urn:pulumi:acme-prod::orders::aws:rds/instance:Instance::orders-db",
        kind: "resource",
      },
    ]);
    expect(resultOf(log, "POLICY_VIOLATION").locations[0].logicalLocations).toBeUndefined();
  });

  it("writes URI references: encoded, forward slashes, with the project's path prefix", () => {
    expect(toUriReference("src/my file#1.ts")).toBe("src/my%20file%231.ts");
    expect(toUriReference("src\\win.ts")).toBe("src/win.ts");
    const odd: ReportItem = {
      ...blockedReplace,
      finding: { ...blockedReplace.finding, location: { file: "./lib/ä [x].ts", line: 2 } },
    };
    const log = sarif(report({ items: [odd] }), { pathPrefix: "infra/prod" });
    const uri = log.runs[0].results[0]!.locations[0].physicalLocation.artifactLocation.uri;
    expect(uri).toBe("infra/prod/lib/%C3%A4%20%5Bx%5D.ts");
    expect(sarifFormats["uri-reference"](uri)).toBe(true);
  });

  it("puts message and fix in the text, without control characters", () => {
    const text = resultOf(sarif(report()), "POLICY_VIOLATION").message.text;
    expect(text).toContain("<script>");
    expect(text).toContain("\nfix: Fix | it & `retry`\nnow.");
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it("fingerprints code, resource and operation: stable across messages and positions, distinct otherwise", () => {
    const print = (item: ReportItem) => sarif(report({ items: [item] })).runs[0].results[0]!.partialFingerprints;
    const base = print(blockedReplace)[FINGERPRINT_KEY]!;
    expect(base).toMatch(/^[0-9a-f]{32}$/);
    const moved: ReportItem = {
      ...blockedReplace,
      finding: { ...blockedReplace.finding, message: "other words", location: { file: "src/other.ts", line: 99 } },
    };
    expect(print(moved)[FINGERPRINT_KEY]).toBe(base);
    expect(print({ ...blockedReplace, status: "approved" })[FINGERPRINT_KEY]).toBe(base);
    expect(print({ ...blockedReplace, operation: "delete-before-replace" })[FINGERPRINT_KEY]).not.toBe(base);
    const other: ReportItem = {
      ...blockedReplace,
      finding: {
        ...blockedReplace.finding,
        resource: { urn: "urn:pulumi:acme-prod::orders::aws:rds/instance:Instance::b" },
      },
    };
    expect(print(other)[FINGERPRINT_KEY]).not.toBe(base);
    expect(print(policyViolation)[FINGERPRINT_KEY]).not.toBe(base);
  });

  it("is identical whatever the order of the items", () => {
    const r = report();
    expect(renderSarif({ ...r, items: [...r.items].reverse() })).toBe(renderSarif(r));
  });
});
