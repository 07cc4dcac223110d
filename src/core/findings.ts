/**
 * The finding model every front end produces and every reporter consumes. A finding is data, not prose: the
 * `code` is stable and machine-readable, `message` says what is wrong and why it is dangerous, `fix` says exactly
 * what to change.
 */

export type Severity = "error" | "warning" | "note";

export type FindingSource = "policy" | "lint" | "analyzer" | "gate";

export interface ResourceRef {
  readonly urn?: string;
  readonly type?: string;
  readonly name?: string;
}

export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

export interface Finding {
  /** Stable UPPER_SNAKE code, e.g. STATEFUL_NOT_PROTECTED. */
  readonly code: string;
  readonly source: FindingSource;
  /** The policy, rule, check or gate mode that produced it (kebab-case). */
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fix?: string;
  readonly resource?: ResourceRef;
  readonly location?: SourceLocation;
}

/** What a pure decision returns; the host glue maps it to ESLint, CrossGuard or the gate. */
export type Decision =
  | { readonly kind: "compliant" }
  | { readonly kind: "not-applicable"; readonly reason: string }
  | { readonly kind: "violations"; readonly findings: readonly Finding[] };

export const compliant: Decision = Object.freeze({ kind: "compliant" });

export function notApplicable(reason: string): Decision {
  return { kind: "not-applicable", reason };
}

export function violations(...findings: Finding[]): Decision {
  return findings.length === 0 ? compliant : { kind: "violations", findings };
}

const SEVERITY_RANK: Record<Severity, number> = { error: 2, warning: 1, note: 0 };

/** Orders findings most severe first, then by code and resource, so reports are stable. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    a.code.localeCompare(b.code) ||
    (a.resource?.urn ?? "").localeCompare(b.resource?.urn ?? "") ||
    (a.location?.file ?? "").localeCompare(b.location?.file ?? "") ||
    (a.location?.line ?? 0) - (b.location?.line ?? 0)
  );
}
