import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject } from "ajv";
import picomatch from "picomatch";
import { parse as parseYaml } from "yaml";
import { parseUrn, urnGlobMatch } from "../src/core/index.js";

/**
 * Scoped approvals instead of disabled rules: one stack (glob), one URN (glob), one operation, with a reason
 * and an expiry date. Approved findings stay in the report as an audit trail.
 */

export const APPROVAL_OPERATIONS = [
  "delete",
  "replace",
  "delete-before-replace",
  "protect-removed",
  "update",
  "create",
  "*",
] as const;

export interface Approval {
  readonly stack: string;
  readonly urn: string;
  readonly operation: (typeof APPROVAL_OPERATIONS)[number];
  readonly reason: string;
  /** Last day (UTC) the approval is valid, YYYY-MM-DD. */
  readonly expires: string;
  readonly reference?: string;
  /** Where it was read from, for the audit trail: "<file>#<index>". */
  readonly origin: string;
}

export const approvalsFileSchema = {
  type: "object",
  description: "stateguard gate approvals",
  required: ["approvals"],
  additionalProperties: false,
  properties: {
    approvals: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["stack", "urn", "operation", "reason", "expires"],
        properties: {
          stack: { type: "string", minLength: 1, description: "Stack name or glob, e.g. acme-prod or *-prod." },
          urn: {
            type: "string",
            minLength: 1,
            description: "Resource URN, or a glob with * (matches any characters).",
          },
          operation: { enum: [...APPROVAL_OPERATIONS], description: "The operation approved; * for any." },
          reason: {
            type: "string",
            minLength: 3,
            description: "Why this change is acceptable; printed in the audit trail.",
          },
          expires: {
            type: "string",
            pattern: "^\\d{4}-\\d{2}-\\d{2}$",
            description: "Last day the approval is valid (UTC), YYYY-MM-DD.",
          },
          reference: { type: "string", description: "A ticket or change request." },
        },
      },
    },
  },
} as const;

export class ApprovalsError extends Error {
  override name = "ApprovalsError";
}

const validate = new Ajv({ allErrors: true }).compile(approvalsFileSchema);

function isApprovalsDocument(document: unknown): document is { approvals: Omit<Approval, "origin">[] } {
  return validate(document);
}

function describeError(e: ErrorObject): string {
  const at =
    e.instancePath
      .replace(/^\/approvals\/(\d+)/, "approvals[$1]")
      .replace(/\//g, ".")
      .replace(/^\./, "") || "(file)";
  if (e.keyword === "additionalProperties") return `${at}: unknown property "${String(e.params.additionalProperty)}"`;
  if (e.keyword === "required") return `${at}: missing "${String(e.params.missingProperty)}"`;
  if (e.keyword === "pattern") return `${at}: must be a date YYYY-MM-DD`;
  if (e.keyword === "enum") return `${at}: must be one of ${APPROVAL_OPERATIONS.join(", ")}`;
  return `${at}: ${e.message ?? e.keyword}`;
}

/** Parses an approvals document (YAML or JSON); throws ApprovalsError naming the file and the field. */
export function parseApprovals(text: string, file: string): Approval[] {
  let document: unknown;
  try {
    // YAML is a superset of JSON, so one parser reads both; dates stay strings (the schema wants YYYY-MM-DD).
    document = parseYaml(text, { schema: "core" });
  } catch (e) {
    throw new ApprovalsError(`${file}: not valid YAML or JSON: ${(e as Error).message}`);
  }
  if (!isApprovalsDocument(document)) {
    throw new ApprovalsError(
      `${file}: invalid approvals\n${(validate.errors ?? []).map((e) => `  - ${describeError(e)}`).join("\n")}`,
    );
  }
  const { approvals: list } = document;
  return list.map((a, i) => {
    if (Number.isNaN(Date.parse(`${a.expires}T00:00:00Z`)))
      throw new ApprovalsError(`${file}: approvals[${i}].expires: not a real date`);
    return { ...a, origin: `${file}#${i}` };
  });
}

export function loadApprovals(file: string): Approval[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ApprovalsError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseApprovals(text, file);
}

export function isExpired(approval: Approval, today: Date): boolean {
  return approval.expires < today.toISOString().slice(0, 10);
}

/** Does the approval cover this finding? The stack comes from --stack or else from the URN. */
export function approves(
  approval: Approval,
  urn: string | undefined,
  operation: string,
  stack: string | undefined,
): boolean {
  if (!urn) return false;
  if (approval.operation !== "*" && approval.operation !== operation) return false;
  const stackName = stack ?? parseUrn(urn)?.stack;
  if (!stackName || !picomatch(approval.stack, { dot: true })(stackName)) return false;
  return urnGlobMatch(approval.urn, urn);
}
