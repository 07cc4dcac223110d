import type { Finding, Severity } from "../../../src/core/findings.js";
import type { SourcePosition } from "../predict.js";
import type { ProjectModel, Registration } from "../model.js";

/**
 * The typed factory of the analyzer's whole-program checks. A check is a pure function of a project's model
 * (model.ts) that reports findings of the shared model, each with one of the codes it declares; the severity
 * comes from the declaration, so a check cannot report a code it does not document.
 */

export interface CodeMeta {
  /** The highest severity it is reported with (a report may lower it, e.g. when a condition is involved). */
  readonly severity: Severity;
  /** One sentence: what the code means (the docs and the SARIF rule description say more). */
  readonly summary: string;
}

export interface CheckMeta<Code extends string> {
  /** kebab-case with a verb prefix; equals the file name and the docs section. */
  readonly name: string;
  /** One sentence starting with Disallow, Require or Enforce. */
  readonly description: string;
  readonly codes: Readonly<Record<Code, CodeMeta>>;
}

export interface Report<Code extends string> {
  readonly code: Code;
  readonly message: string;
  readonly fix: string;
  readonly location: SourcePosition;
  /** The resource it is about, when there is one. */
  readonly registration?: Registration;
  /** Lower than the code's severity, when the finding depends on a condition. */
  readonly severity?: Exclude<Severity, "error">;
}

export interface CheckDefinition<Code extends string = string> extends CheckMeta<Code> {
  readonly run: (model: ProjectModel) => Finding[];
}

export function defineCheck<const Code extends string>(
  spec: CheckMeta<Code> & { readonly check: (model: ProjectModel, report: (r: Report<Code>) => void) => void },
): CheckDefinition<Code> {
  const { check, ...meta } = spec;
  return {
    ...meta,
    run(model) {
      const findings: Finding[] = [];
      check(model, (r) => {
        const about = r.registration;
        findings.push({
          code: r.code,
          source: "analyzer",
          rule: meta.name,
          severity: lower(meta.codes[r.code].severity, r.severity),
          message: r.message,
          fix: r.fix,
          ...(about
            ? {
                resource: {
                  ...(about.urn ? { urn: about.urn } : {}),
                  ...(about.type.ok ? { type: about.type.value } : {}),
                  ...(about.name.ok ? { name: about.name.value } : {}),
                },
              }
            : {}),
          location: { file: r.location.file, line: r.location.line, column: r.location.column },
        });
      });
      return findings;
    },
  };
}

const RANK: Record<Severity, number> = { note: 0, warning: 1, error: 2 };

function lower(declared: Severity, asked: Severity | undefined): Severity {
  return asked !== undefined && RANK[asked] < RANK[declared] ? asked : declared;
}

/** `file:line:column`. */
export function at(location: SourcePosition): string {
  return `${location.file}:${location.line}:${location.column}`;
}

/** `aws:s3/bucket:Bucket "logs"`, or the class and the name as written when not predicted. */
export function describeRegistration(r: Registration): string {
  const type = r.type.ok ? r.type.value : r.className;
  const name = r.name.ok ? JSON.stringify(r.name.value) : `\`${r.nameExpression ?? "?"}\``;
  return `${type} ${name}`;
}
