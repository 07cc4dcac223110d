import { createHash } from "node:crypto";
import type { Severity } from "../core/findings.js";
import type { FindingStatus, Report, ReportItem } from "./model.js";
import { clean, docsPath, resourceName, sortedEntries, sortedItems } from "./common.js";
import { describeCode } from "./codes.js";

/**
 * SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning: github/codeql-action/upload-sarif). One run,
 * one rule per finding code, one result per finding. Results are anchored in the program's source: the finding's
 * own position, else the program entry, else Pulumi.yaml (code scanning drops results without a location), and
 * carry the resource URN as a logical location. approved and baselined findings are reported as suppressed, so a
 * dashboard keeps them as an audit trail without opening alerts.
 */

export interface SarifOptions {
  /**
   * Absolute URL the package's docs/ paths are resolved against (e.g. "https://github.com/acme/stateguard/blob/v1/"),
   * for rule helpUri and driver informationUri. SARIF requires absolute URIs there (GitHub rejects uploads with
   * relative ones), so without it those are left out and each rule's help text names the docs path instead.
   */
  readonly docsBaseUrl?: string;
  /**
   * The Pulumi project's directory relative to the repository root (e.g. "infra/"), prefixed to source paths so
   * that code scanning finds the files. Default: none (the project is the repository root).
   */
  readonly pathPrefix?: string;
}

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

/** The partialFingerprints key: versioned, so a change of what is hashed can never match old fingerprints. */
export const FINGERPRINT_KEY = "stateguard/v1";

type Level = "error" | "warning" | "note";

const LEVEL_OF_STATUS: Record<FindingStatus, Level> = {
  blocked: "error",
  warning: "warning",
  note: "note",
  approved: "note",
  baselined: "note",
};

const SEVERITY_RANK: Record<Severity, number> = { error: 2, warning: 1, note: 0 };

/** The SARIF log types this reporter emits (a subset of SARIF 2.1.0). */
export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: [SarifRun];
}

export interface SarifRun {
  tool: { driver: SarifDriver };
  columnKind: "utf16CodeUnits";
  results: SarifResult[];
  properties: { verdict: Report["verdict"]; command: string; settings: Record<string, string> };
}

export interface SarifDriver {
  name: "stateguard";
  version: string;
  informationUri?: string;
  rules: SarifRule[];
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: Level };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: { text: string };
  locations: [SarifLocation];
  partialFingerprints: Record<string, string>;
  suppressions?: [{ kind: "external"; status: "accepted"; justification: string }];
  properties: {
    status: FindingStatus;
    operation?: string;
    approval?: { expires: string; reference?: string; origin: string };
  };
}

export interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string };
    region: { startLine: number; startColumn?: number };
  };
  logicalLocations?: [{ name?: string; fullyQualifiedName: string; kind: "resource" }];
}

/** "src/my file.ts" -> "src/my%20file.ts": a URI reference, as SARIF (and GitHub's upload check) requires. */
export function toUriReference(path: string): string {
  return path
    .replace(/\\/g, "/")
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}

function withTrailingSlash(text: string): string {
  return text === "" || text.endsWith("/") ? text : `${text}/`;
}

function baseUrl(options: SarifOptions): string | undefined {
  if (options.docsBaseUrl === undefined) return undefined;
  const base = withTrailingSlash(options.docsBaseUrl);
  if (!URL.canParse(base)) throw new TypeError(`docsBaseUrl must be an absolute URL, not ${JSON.stringify(base)}`);
  return base;
}

function isAbsolute(path: string): boolean {
  return /^(\/|\\|[A-Za-z]:[\\/])/.test(path);
}

/** A stable id of a finding across runs: its code, rule, resource and operation (never its message or position). */
export function fingerprint(item: ReportItem): string {
  const { finding } = item;
  return createHash("sha256")
    .update([finding.code, finding.rule, finding.resource?.urn ?? "", item.operation ?? ""].join("\u0000"))
    .digest("hex")
    .slice(0, 32);
}

function pascalCase(code: string): string {
  return code
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}

function buildRules(items: readonly ReportItem[], base: string | undefined): SarifRule[] {
  const byCode = new Map<string, ReportItem[]>();
  for (const item of items) {
    const list = byCode.get(item.finding.code);
    if (list) list.push(item);
    else byCode.set(item.finding.code, [item]);
  }
  return [...byCode.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((code) => {
      const group = byCode.get(code)!;
      const first = group[0]!.finding;
      const severity = group
        .map((i) => i.finding.severity)
        .reduce((a, b) => (SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a));
      const description = describeCode(first);
      const docs = docsPath(first);
      return {
        id: code,
        name: pascalCase(code),
        shortDescription: { text: description.short },
        fullDescription: { text: description.full },
        help: {
          text: `${description.full} Documentation: ${docs} in the stateguard package.`,
          markdown: `${description.full}\n\nDocumentation: \`${docs}\` in the stateguard package.`,
        },
        ...(base ? { helpUri: new URL(docs, base).href } : {}),
        defaultConfiguration: { level: severity },
      };
    });
}

function location(item: ReportItem, report: Report, prefix: string): SarifLocation {
  const at = item.finding.location;
  const file = at?.file ?? report.programEntry ?? "Pulumi.yaml";
  const line = at?.line !== undefined && at.line >= 1 ? at.line : 1;
  const column = at?.line !== undefined && at.column !== undefined && at.column >= 1 ? at.column : undefined;
  const urn = item.finding.resource?.urn;
  const name = resourceName(item.finding);
  return {
    physicalLocation: {
      artifactLocation: { uri: toUriReference(isAbsolute(file) ? file : `${prefix}${file.replace(/^\.\//, "")}`) },
      region: { startLine: line, ...(column !== undefined ? { startColumn: column } : {}) },
    },
    ...(urn
      ? { logicalLocations: [{ ...(name ? { name } : {}), fullyQualifiedName: urn, kind: "resource" as const }] }
      : {}),
  };
}

function result(item: ReportItem, ruleIndex: number, report: Report, prefix: string): SarifResult {
  const { finding, approval } = item;
  const text = clean(finding.fix ? `${finding.message}\nfix: ${finding.fix}` : finding.message);
  const justification =
    item.status === "approved"
      ? clean(approval?.reason ?? "approved")
      : item.status === "baselined"
        ? "baselined: present in the recorded baseline"
        : undefined;
  return {
    ruleId: finding.code,
    ruleIndex,
    level: LEVEL_OF_STATUS[item.status],
    message: { text },
    locations: [location(item, report, prefix)],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(item) },
    ...(justification !== undefined
      ? { suppressions: [{ kind: "external" as const, status: "accepted" as const, justification }] }
      : {}),
    properties: {
      status: item.status,
      ...(item.operation ? { operation: item.operation } : {}),
      ...(approval
        ? {
            approval: {
              expires: approval.expires,
              ...(approval.reference ? { reference: approval.reference } : {}),
              origin: approval.origin,
            },
          }
        : {}),
    },
  };
}

/** The report as a SARIF log object (what renderSarif serialises). */
export function toSarif(report: Report, options: SarifOptions = {}): SarifLog {
  const base = baseUrl(options);
  const prefix = withTrailingSlash((options.pathPrefix ?? "").replace(/\\/g, "/").replace(/^\.(\/|$)/, ""));
  const items = sortedItems(report);
  const rules = buildRules(items, base);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "stateguard",
            version: report.version,
            ...(base ? { informationUri: new URL("README.md", base).href } : {}),
            rules,
          },
        },
        columnKind: "utf16CodeUnits",
        results: items.map((item) => result(item, index.get(item.finding.code)!, report, prefix)),
        properties: {
          verdict: report.verdict,
          command: report.command,
          settings: Object.fromEntries(sortedEntries(report.settings)),
        },
      },
    ],
  };
}

export function renderSarif(report: Report, options: SarifOptions = {}): string {
  return `${JSON.stringify(toSarif(report, options), null, 2)}\n`;
}
