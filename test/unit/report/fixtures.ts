import type { Finding } from "../../../src/core/findings.js";
import type { Report, ReportItem } from "../../../src/report/model.js";

/** Report fixtures built in code: one of each status, and the awkward texts reporters must escape. */

const STACK = "urn:pulumi:acme-prod::orders";

export function urn(type: string, name: string): string {
  return `${STACK}::${type}::${name}`;
}

function gateFinding(fields: Omit<Finding, "source" | "rule"> & { rule?: string }): Finding {
  return { source: "gate", rule: "gate", ...fields };
}

/** A message with everything a reporter must escape: pipe, backticks, HTML, ampersand, newlines, an ANSI escape. */
export const NASTY_MESSAGE =
  'Policy says: a | b, use `x|y` and ``a`b``, <script>alert("x")</script> & co.\nSecond line\u001b[31m red\u0007 bell.';

export const blockedReplace: ReportItem = {
  status: "blocked",
  operation: "replace",
  finding: gateFinding({
    code: "STATEFUL_REPLACE",
    severity: "error",
    message:
      'aws:rds/instance:Instance "orders-db" (a database) will be replaced because engine forces a new resource: the replacement starts empty and the old one is deleted.',
    fix: 'Revert engine to `postgres`, or add `ignoreChanges: ["engine"]` if the live value must stay.',
    resource: {
      urn: urn("aws:rds/instance:Instance", "orders-db"),
      type: "aws:rds/instance:Instance",
      name: "orders-db",
    },
    location: { file: "src/index.ts", line: 12, column: 5 },
  }),
};

export const approvedDelete: ReportItem = {
  status: "approved",
  operation: "delete",
  approval: {
    reason: "Decommissioning the legacy reports bucket",
    expires: "2026-12-31",
    reference: "CHG-1234",
    origin: "approvals.yaml#2",
  },
  finding: gateFinding({
    code: "STATEFUL_DELETE",
    severity: "error",
    message: 'aws:s3/bucket:Bucket "legacy-reports" (a bucket) will be deleted, and its data with it.',
    fix: "If it was removed from the program by mistake, restore it.",
    resource: {
      urn: urn("aws:s3/bucket:Bucket", "legacy-reports"),
      type: "aws:s3/bucket:Bucket",
      name: "legacy-reports",
    },
  }),
};

export const baselinedDelete: ReportItem = {
  status: "baselined",
  operation: "delete",
  finding: gateFinding({
    code: "STATEFUL_DELETE",
    severity: "error",
    message: 'aws:sqs/queue:Queue "old-events" (a queue) will be deleted, and its data with it.',
    fix: "Restore it, or approve the deletion.",
    resource: { urn: urn("aws:sqs/queue:Queue", "old-events"), type: "aws:sqs/queue:Queue", name: "old-events" },
    location: { file: "src/queues.ts", line: 3 },
  }),
};

export const warningRetained: ReportItem = {
  status: "warning",
  operation: "delete",
  finding: gateFinding({
    code: "RETAINED_DELETE",
    severity: "warning",
    message:
      'aws:ebs/volume:Volume "scratch" (a volume) will be deleted from the stack with retainOnDelete: the cloud resource and its data stay, but Pulumi no longer manages it (orphaned).',
    fix: "Import it again where it should be managed, or delete it by hand once it is really unused.",
    resource: { urn: urn("aws:ebs/volume:Volume", "scratch"), type: "aws:ebs/volume:Volume", name: "scratch" },
  }),
};

export const noteMoved: ReportItem = {
  status: "note",
  operation: "update",
  finding: gateFinding({
    code: "MOVED",
    severity: "note",
    message: `aws:s3/bucket:Bucket "assets" moved from ${urn("aws:s3/bucket:Bucket", "static")} to ${urn("aws:s3/bucket:Bucket", "assets")}, matched by an alias: no change.`,
    resource: { urn: urn("aws:s3/bucket:Bucket", "assets"), type: "aws:s3/bucket:Bucket", name: "assets" },
    location: { file: "src/web.ts", line: 40, column: 3 },
  }),
};

/** A mandatory policy violation about the stack, with no resource and no position, and a nasty message. */
export const policyViolation: ReportItem = {
  status: "blocked",
  operation: "policy",
  finding: gateFinding({
    code: "POLICY_VIOLATION",
    rule: "stack-protected-resources-present",
    severity: "error",
    message: NASTY_MESSAGE,
    fix: "Fix | it & `retry`\nnow.",
  }),
};

export function report(fields: Partial<Report> = {}): Report {
  return {
    tool: "stateguard",
    version: "0.1.0",
    command: "gate",
    verdict: "blocked",
    settings: { stack: "acme-prod", mode: "standard", phase: "expand" },
    input: { source: "preview.json", format: "preview-json" },
    items: [noteMoved, policyViolation, approvedDelete, warningRetained, baselinedDelete, blockedReplace],
    passed: { create: 1, update: 3 },
    programEntry: "src/index.ts",
    ...fields,
  };
}

/** Everything approved or baselined: the run passes. */
export function passingReport(): Report {
  return report({ verdict: "passed", items: [approvedDelete, baselinedDelete, warningRetained, noteMoved] });
}

/** A report with no findings at all. */
export function emptyReport(): Report {
  return report({ verdict: "passed", items: [], passed: {} });
}

/** `count` blocked deletes, for size limits. */
export function bigReport(count: number): Report {
  const items: ReportItem[] = [];
  for (let i = 0; i < count; i++) {
    const name = `bucket-${String(i).padStart(4, "0")}`;
    items.push({
      status: "blocked",
      operation: "delete",
      finding: gateFinding({
        code: "STATEFUL_DELETE",
        severity: "error",
        message: `aws:s3/bucket:Bucket "${name}" (a bucket) will be deleted, and its data with it. It is no longer declared by the program.`,
        fix: 'If it was removed from the program by mistake, restore it. If the deletion is intended, record an approval for stack, URN and operation "delete" with a reason and an expiry.',
        resource: { urn: urn("aws:s3/bucket:Bucket", name), type: "aws:s3/bucket:Bucket", name },
      }),
    });
  }
  return report({ items, passed: { update: count } });
}
