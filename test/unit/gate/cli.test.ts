import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../../cli/main.js";

const FIXTURES = join(import.meta.dirname, "../../fixtures/gate");
const DB_URN = "urn:pulumi:acme-dev::orders::aws:rds/instance:Instance::orders-db";

async function gate(args: string[], stdin?: string) {
  let stdout = "";
  let stderr = "";
  const code = await run(["gate", ...args], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    ...(stdin !== undefined ? { readStdin: () => stdin } : {}),
  });
  return { code, stdout, stderr };
}

function tmp(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "sg-gate-")), name);
  writeFileSync(file, content);
  return file;
}

const fixture = (scenario: string, file = "preview.json") => join(FIXTURES, scenario, file);

interface JsonOut {
  verdict: string;
  findings: { code: string; status: string; approval?: { reason: string } }[];
}

describe("stateguard gate", () => {
  it("exits 1 on a blocked preview and 0 on a clean one", async () => {
    expect((await gate([fixture("unprotected-delete")])).code).toBe(1);
    expect((await gate([fixture("stateless-mixed")])).code).toBe(0);
  });

  it("reads the preview from standard input", async () => {
    const result = await gate(["-", "--format", "json"], readFileSync(fixture("dynamodb-replace-name"), "utf8"));
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as JsonOut).findings.map((f) => f.code)).toEqual(["STATEFUL_REPLACE"]);
  });

  it("turns a blocked delete into an approved one with an approval, keeping it in the report", async () => {
    const approvals = tmp(
      "approvals.yaml",
      `approvals:\n  - stack: acme-*\n    urn: "${DB_URN}"\n    operation: delete\n    reason: retired after the move to orders-v2\n    expires: "2999-12-31"\n    reference: CHG-1\n`,
    );
    const result = await gate([fixture("unprotected-delete"), "--approvals", approvals, "--format", "json"]);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as JsonOut;
    expect(out.verdict).toBe("passed");
    expect(out.findings.map((f) => [f.code, f.status, f.approval?.reason])).toEqual([
      ["STATEFUL_DELETE", "approved", "retired after the move to orders-v2"],
    ]);
  });

  it("ignores an expired approval and reports it", async () => {
    const approvals = tmp(
      "approvals.json",
      JSON.stringify({
        approvals: [
          { stack: "acme-dev", urn: DB_URN, operation: "delete", reason: "old approval", expires: "2020-01-01" },
        ],
      }),
    );
    const result = await gate([fixture("unprotected-delete"), "--approvals", approvals, "--format", "json"]);
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as JsonOut).findings.map((f) => [f.code, f.status])).toEqual([
      ["STATEFUL_DELETE", "blocked"],
      ["APPROVAL_EXPIRED", "warning"],
    ]);
  });

  it("reports an approval that matches nothing", async () => {
    const approvals = tmp(
      "a.yaml",
      `approvals:\n  - { stack: "*", urn: "*::other", operation: "*", reason: "stale one", expires: "2999-01-01" }\n`,
    );
    const result = await gate([fixture("stateless-mixed"), "--approvals", approvals, "--format", "json"]);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as JsonOut).findings.map((f) => f.code)).toEqual(["APPROVAL_UNUSED"]);
  });

  it("names the file and field of an invalid approval, exit 2", async () => {
    const approvals = tmp(
      "a.yaml",
      `approvals:\n  - { stack: prod, urn: x, operation: destroy, reason: because, expires: tomorrow }\n`,
    );
    const result = await gate([fixture("unprotected-delete"), "--approvals", approvals]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${approvals}: invalid approvals`);
    expect(result.stderr).toContain("approvals[0].operation: must be one of");
    expect(result.stderr).toContain("approvals[0].expires: must be a date YYYY-MM-DD");
  });

  it("records a baseline, then fails only on findings that are not in it", async () => {
    const baseline = join(mkdtempSync(join(tmpdir(), "sg-baseline-")), "baseline.json");
    const recorded = await gate(["baseline", fixture("unprotected-delete"), "--output", baseline]);
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toContain("recorded 1 finding(s)");
    const again = await gate([fixture("unprotected-delete"), "--baseline", baseline, "--format", "json"]);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as JsonOut).findings.map((f) => f.status)).toEqual(["baselined"]);
    const other = await gate([fixture("dynamodb-replace-name"), "--baseline", baseline]);
    expect(other.code).toBe(1);
  });

  it.each([
    ["an empty file", "", "the input is empty"],
    ["truncated JSON", '{"steps": [', "invalid or truncated JSON"],
    ["JSON that is not a preview", '{"hello": 1}', "JSON that is not a preview"],
  ])("exits 2 without a stack trace on %s", async (_what, content, message) => {
    const result = await gate([tmp("preview.json", content)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 for a missing file and for a bad option value", async () => {
    expect((await gate(["/nonexistent/preview.json"])).stderr).toContain("cannot read: ENOENT");
    const bad = await gate([fixture("stateless-mixed"), "--mode", "strict"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--mode must be one of standard, no-replace, zero-diff");
  });

  it("writes the report to --output in the requested format", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "sg-out-")), "gate.sarif");
    const result = await gate([fixture("unprotected-delete"), "--format", "sarif", "--output", out]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    const sarif = JSON.parse(readFileSync(out, "utf8")) as {
      version: string;
      runs: { results: { ruleId: string }[] }[];
    };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual(["STATEFUL_DELETE"]);
  });

  it("prefixes SARIF paths with --path-prefix so code scanning finds the files", async () => {
    const result = await gate([fixture("unprotected-delete"), "--format", "sarif", "--path-prefix", "infra/orders"]);
    const sarif = JSON.parse(result.stdout) as {
      runs: { results: { locations: { physicalLocation?: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    expect(sarif.runs[0]?.results[0]?.locations[0]?.physicalLocation?.artifactLocation.uri).toBe(
      "infra/orders/index.ts",
    );
  });
});
