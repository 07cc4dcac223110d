import { isDeepStrictEqual } from "node:util";
import type { Catalog, Finding, Severity, StatefulTypeEntry } from "../src/core/index.js";
import { foldSteps, type ResourceChange } from "./changes.js";
import { urnName } from "./input/model.js";
import { typeFromUrn } from "./input/preview-json.js";
import type { GateInput } from "./input/model.js";
import { aliasCode, detectRenames, type Rename } from "./renames.js";

/**
 * The gate's decision: pure, from the engine's planned steps to findings. Nothing here reads files or prints.
 */

export type GateMode = "standard" | "no-replace" | "zero-diff";
export type GatePhase = "expand" | "contract";
export type OutputChangePolicy = "fail" | "warn" | "ignore";

export interface GateOptions {
  readonly mode: GateMode;
  readonly phase?: GatePhase;
  readonly catalog: Catalog;
  /** Whether the stack is protected: the catalog's failClosed counts unknown custom types as stateful there. */
  readonly protectedStack?: boolean;
  /** What zero-diff mode does with updates that change outputs only. */
  readonly outputChanges?: OutputChangePolicy;
}

/** The operation a finding is about, as approvals name it. */
export type GateOperation =
  "delete" | "replace" | "delete-before-replace" | "protect-removed" | "update" | "create" | "policy" | "preview";

export interface GateFinding extends Finding {
  readonly operation: GateOperation;
}

export interface GateDecision {
  readonly findings: readonly GateFinding[];
  readonly changes: readonly ResourceChange[];
  readonly renames: readonly Rename[];
  /** Counts of the changes the gate let through without a finding of their own (stateless changes). */
  readonly passed: Readonly<Record<string, number>>;
}

const MAX_VALUE = 60;

/** A property value for a message: secrets stay masked, long values are cut. */
export function showValue(value: unknown): string {
  if (value === undefined) return "(unset)";
  if (typeof value === "string" && (value === "[secret]" || value.startsWith("[secret"))) return "[secret]";
  if (typeof value === "object" && value !== null && "4dabf18193072939515e22adb298388d" in value) return "[secret]";
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function finding(
  change: Pick<ResourceChange, "urn" | "type" | "name" | "old" | "new">,
  fields: Omit<GateFinding, "source" | "rule" | "resource" | "location"> & { rule?: string },
): GateFinding {
  const position = change.new?.sourcePosition ?? change.old?.sourcePosition;
  const location = position ? sourceLocation(position) : undefined;
  return {
    source: "gate",
    rule: fields.rule ?? "gate",
    resource: { urn: change.urn, type: change.type, name: change.name },
    ...(location ? { location } : {}),
    ...fields,
  };
}

/** `project:///src/index.ts#12,5` -> { file: "src/index.ts", line: 12, column: 5 }. */
export function sourceLocation(position: string): { file: string; line?: number; column?: number } | undefined {
  const m = /^project:\/\/\/([^#]+)(?:#(\d+)(?:,(\d+))?)?$/.exec(position);
  if (!m) return undefined;
  return {
    file: m[1]!,
    ...(m[2] ? { line: Number(m[2]) } : {}),
    ...(m[3] ? { column: Number(m[3]) } : {}),
  };
}

function describeReasons(change: ResourceChange, entry: StatefulTypeEntry): string {
  const reasons =
    change.replaceReasons.length > 0
      ? change.replaceReasons
      : change.diffReasons.filter((k) => entry.replaceOn.includes(k));
  if (reasons.length === 0) return "";
  return reasons
    .map((k) => `${k}: ${showValue(change.old?.inputs[k])} -> ${showValue(change.new?.inputs[k])}`)
    .join(", ");
}

function replaceFix(change: ResourceChange, entry: StatefulTypeEntry): string {
  const reasons =
    change.replaceReasons.length > 0
      ? change.replaceReasons
      : entry.replaceOn.filter((k) => change.diffReasons.includes(k));
  const first = reasons[0];
  const revert =
    first !== undefined
      ? `Revert ${reasons.map((k) => `${k} to ${showValue(change.old?.inputs[k])}`).join(" and ")}, or add \`ignoreChanges: [${reasons.map((k) => JSON.stringify(k)).join(", ")}]\` if the live value must stay`
      : "Revert the change that forces the replacement";
  return `${revert}. If the new value is really needed, create the new resource beside the old one (expand), migrate the data, then remove the old one (contract), each phase gated with --phase.`;
}

function deleteFix(change: ResourceChange, rename: Rename | undefined): string {
  if (rename) {
    const code = aliasCode(rename);
    return `This looks like a rename of "${rename.from.name}" to "${rename.to.name}": add \`${code.byName}\` to the resource options of "${rename.to.name}"${code.byName === code.byUrn ? "" : ` (or, exactly, \`${code.byUrn}\`)`}.`;
  }
  return `If it was removed from the program by mistake, restore it. If the deletion is intended, record an approval for stack, URN and operation "delete" with a reason and an expiry; to keep the data, set \`retainOnDelete: true\` in one update before removing it.`;
}

interface Context {
  readonly options: GateOptions;
  readonly renamesByFrom: ReadonlyMap<string, Rename>;
  readonly findings: GateFinding[];
  readonly passed: Record<string, number>;
  /** URNs the engine refused to delete or replace because they are protected. */
  readonly refused: ReadonlySet<string>;
}

function pass(ctx: Context, kind: string): void {
  ctx.passed[kind] = (ctx.passed[kind] ?? 0) + 1;
}

function decideStateful(ctx: Context, change: ResourceChange, entry: StatefulTypeEntry): boolean {
  const what = `${change.type} "${change.name}" (${entry.why})`;
  if (change.kind === "delete") {
    const rename = ctx.renamesByFrom.get(change.urn);
    const removed = change.new ? "" : " It is no longer declared by the program.";
    if (change.old?.retainOnDelete) {
      ctx.findings.push(
        finding(change, {
          code: "RETAINED_DELETE",
          operation: "delete",
          severity: "warning",
          message: `${what} will be deleted from the stack with retainOnDelete: the cloud resource and its data stay, but Pulumi no longer manages it (orphaned).${removed}`,
          fix: rename
            ? deleteFix(change, rename)
            : "Import it again where it should be managed, or delete it by hand once it is really unused.",
        }),
      );
      return true;
    }
    const refused = change.old?.protect === true || ctx.refused.has(change.urn);
    ctx.findings.push(
      finding(change, {
        code: "STATEFUL_DELETE",
        operation: "delete",
        severity: "error",
        message: `${what} will be deleted, and its data with it.${removed}${refused ? " It is protected, so the engine refuses the update; this finding says why." : ""}`,
        fix: deleteFix(change, rename),
      }),
    );
    return true;
  }
  if (change.kind === "replace") {
    const reasons = describeReasons(change, entry);
    const dbr = change.deleteBeforeReplace;
    ctx.findings.push(
      finding(change, {
        code: dbr ? "STATEFUL_DELETE_BEFORE_REPLACE" : "STATEFUL_REPLACE",
        operation: dbr ? "delete-before-replace" : "replace",
        severity: "error",
        message: `${what} will be replaced${reasons ? ` because ${reasons} forces a new resource` : ""}: the replacement starts empty and the old one is deleted${dbr ? " first (delete-before-replace: downtime as well)" : ""}.${ctx.refused.has(change.urn) ? " It is protected, so the engine refuses the update; this finding says why." : ""}`,
        fix: replaceFix(change, entry),
      }),
    );
    if (change.old?.protect === true && change.new?.protect === false) protectRemoved(ctx, change, what);
    return true;
  }
  if (change.old?.protect === true && change.new?.protect === false) {
    protectRemoved(ctx, change, what);
    return true;
  }
  return false;
}

function protectRemoved(ctx: Context, change: ResourceChange, what: string): void {
  ctx.findings.push(
    finding(change, {
      code: "PROTECT_REMOVED",
      operation: "protect-removed",
      severity: "error",
      message: `${what} loses \`protect\` in this update. The engine then allows its deletion or replacement${change.kind === "replace" ? ", and this very update replaces it" : ""}.`,
      fix: "Keep `protect: true`. To retire the resource, unprotect it in its own reviewed change (`pulumi state unprotect <urn>`).",
    }),
  );
}

function decideMode(ctx: Context, change: ResourceChange, handled: boolean): void {
  const { mode, outputChanges = "warn" } = ctx.options;
  if (mode === "no-replace" && change.kind === "replace" && !handled) {
    ctx.findings.push(
      finding(change, {
        code: "REPLACE",
        operation: change.deleteBeforeReplace ? "delete-before-replace" : "replace",
        severity: "error",
        message: `${change.type} "${change.name}" will be replaced (${change.replaceReasons.join(", ") || "the provider requires it"}); no-replace mode allows no replacement.`,
        fix: "Revert the property that forces the replacement, or add it to `ignoreChanges`.",
      }),
    );
    return;
  }
  if (mode !== "zero-diff") return;
  if (change.kind === "same" || change.kind === "read" || change.kind === "refresh") {
    if (change.movedFrom) {
      ctx.findings.push(
        finding(change, {
          code: "MOVED",
          operation: "update",
          severity: "note",
          message: `${change.type} "${change.name}" moved from ${change.movedFrom} to ${change.urn}, matched by an alias: no change.`,
        }),
      );
    }
    return;
  }
  if (handled) return;
  const custom = change.new?.custom ?? change.old?.custom;
  if (custom === false && (change.kind === "create" || change.kind === "delete")) {
    // A component is a grouping in the program, with no cloud resource of its own: adding one around moved
    // resources (or removing an empty one) is part of a zero-diff refactor.
    ctx.findings.push(
      finding(change, {
        code: "COMPONENT_CHANGE",
        operation: change.kind,
        severity: "note",
        message: `Component ${change.type} "${change.name}" will be ${pastTense(change.kind)}; components hold no cloud resource, so this changes nothing in the cloud.`,
      }),
    );
    return;
  }
  if (change.kind === "update" && isOutputOnly(change)) {
    if (outputChanges === "ignore") return;
    ctx.findings.push(
      finding(change, {
        code: "OUTPUT_ONLY_CHANGE",
        operation: "update",
        severity: outputChanges === "fail" ? "error" : "warning",
        message: `${change.type} "${change.name}" changes outputs only (${change.diffReasons.join(", ") || "no input differs"}).`,
        fix: "Usually drift or a provider default: run `pulumi refresh` first, or pass --output-changes ignore.",
      }),
    );
    return;
  }
  const rename = ctx.renamesByFrom.get(change.urn);
  ctx.findings.push(
    finding(change, {
      code: "CHANGE",
      operation:
        change.kind === "create"
          ? "create"
          : change.kind === "delete"
            ? "delete"
            : change.kind === "replace"
              ? "replace"
              : "update",
      severity: "error",
      message: `${change.type} "${change.name}" will be ${pastTense(change.kind)}; a zero-diff refactor changes nothing.${change.diffReasons.length ? ` Changed: ${change.diffReasons.join(", ")}.` : ""}`,
      ...(change.kind === "delete" && rename ? { fix: deleteFix(change, rename) } : {}),
    }),
  );
}

function isOutputOnly(change: ResourceChange): boolean {
  return (
    change.old !== undefined && change.new !== undefined && isDeepStrictEqual(change.old.inputs, change.new.inputs)
  );
}

function pastTense(kind: string): string {
  return kind === "create"
    ? "created"
    : kind === "delete"
      ? "deleted"
      : kind === "replace"
        ? "replaced"
        : kind === "update"
          ? "updated"
          : kind === "import"
            ? "imported"
            : "discarded";
}

function decidePhase(ctx: Context, change: ResourceChange): void {
  const { phase } = ctx.options;
  if (!phase || change.kind === "same" || change.kind === "read" || change.kind === "refresh") return;
  if (phase === "expand" && change.kind !== "create") {
    ctx.findings.push(
      finding(change, {
        code: "PHASE_VIOLATION",
        operation: change.kind === "delete" ? "delete" : change.kind === "replace" ? "replace" : "update",
        severity: "error",
        message: `${change.type} "${change.name}" will be ${pastTense(change.kind)}; the expand phase only adds resources.`,
        fix: "Move this change to the contract phase (deletes) or its own reviewed update.",
      }),
    );
  }
  if (phase === "contract") {
    if (change.kind === "delete") {
      ctx.findings.push(
        finding(change, {
          code: "CONTRACT_DELETE",
          operation: "delete",
          severity: "error",
          message: `${change.type} "${change.name}" will be deleted; in the contract phase every delete needs an approval.`,
          fix: `Approve it: { stack, urn: ${JSON.stringify(change.urn)}, operation: "delete", reason, expires }.`,
        }),
      );
    } else {
      ctx.findings.push(
        finding(change, {
          code: "PHASE_VIOLATION",
          operation: change.kind === "create" ? "create" : change.kind === "replace" ? "replace" : "update",
          severity: "error",
          message: `${change.type} "${change.name}" will be ${pastTense(change.kind)}; the contract phase only removes resources.`,
          fix: "Move this change to the expand phase or its own update.",
        }),
      );
    }
  }
}

/** The engine's refusals of a protected resource: a delete (also when removed from code) or a replacement. */
const PROTECTED_REFUSALS = [
  /resource "(urn:pulumi:[^"]+)" cannot be deleted\s+because it is protected/,
  /unable to replace resource "(urn:pulumi:[^"]+)"\s+as it is currently marked for protection/,
];

/** Engine messages carry colour codes and a leading "error: "; neither belongs in a finding. */
function cleanMessage(text: string): string {
  return text
    .replace(/\u001b\[[0-9;]*m/g, "")
    .replace(/<\{%[^%]*%\}>/g, "")
    .trim()
    .replace(/^error:\s*/i, "");
}

/** The catalog entry when this resource is stateful: conditions on its inputs hold, or failClosed counts it. */
function statefulEntry(options: GateOptions, change: ResourceChange): StatefulTypeEntry | undefined {
  // Most resources are of types the catalog does not know: answer those without building any facts.
  if (!options.catalog.failClosed && !options.catalog.lookup(change.type)) return undefined;
  const custom = change.old?.custom ?? change.new?.custom;
  const verdict = options.catalog.classify(change.type, {
    // The old inputs decide for deletes, the new ones otherwise.
    props: change.new?.inputs ?? change.old?.inputs ?? {},
    ...(custom !== undefined ? { custom } : {}),
    ...(options.protectedStack !== undefined ? { protectedStack: options.protectedStack } : {}),
  });
  return verdict.stateful ? verdict.entry : undefined;
}

export function decideGate(input: GateInput, options: GateOptions): GateDecision {
  const changes = foldSteps(input.steps);
  const { renames, ambiguous } = detectRenames(changes);
  const findings: GateFinding[] = [];
  const passed: Record<string, number> = {};

  const refused = new Set<string>();
  const otherErrors: string[] = [];
  for (const e of input.errors) {
    const text = cleanMessage(e.message);
    const m = PROTECTED_REFUSALS.map((re) => re.exec(text)).find(Boolean);
    if (m) refused.add(m[1]!);
    else if (text && !/^preview failed$/i.test(text)) otherErrors.push(text);
  }
  const ctx: Context = {
    options,
    renamesByFrom: new Map(renames.map((r) => [r.from.urn, r])),
    findings,
    passed,
    refused,
  };

  const listed = new Set(changes.map((c) => c.urn));
  // A refused delete may be missing from the listed steps (it never ran): it is still a delete.
  for (const urn of refused) {
    if (listed.has(urn)) continue;
    const type = typeFromUrn(urn);
    changes.push({
      urn,
      type,
      name: urnName(urn),
      kind: "delete",
      deleteBeforeReplace: false,
      replaceReasons: [],
      diffReasons: [],
      ops: ["delete"],
    });
  }

  for (const change of changes) {
    const entry = statefulEntry(options, change);
    const handled = entry ? decideStateful(ctx, change, entry) : false;
    decideMode(ctx, change, handled);
    decidePhase(ctx, change);
    if (!handled && change.kind !== "same" && change.kind !== "read" && change.kind !== "refresh")
      pass(ctx, change.kind);
  }

  // A protected resource the engine refuses to delete or replace, of a type the catalog does not hold: the
  // preview fails anyway; say why instead of a bare PREVIEW_FAILED.
  const explained = new Set(findings.map((f) => f.resource?.urn));
  for (const change of changes) {
    if (!refused.has(change.urn) || explained.has(change.urn)) continue;
    findings.push(
      finding(change, {
        code: "PROTECTED_REFUSED",
        operation: change.kind === "replace" ? "replace" : "delete",
        severity: "error",
        message: `${change.type} "${change.name}" is protected and this update would ${change.kind === "replace" ? "replace" : "delete"} it, so the engine refuses the update.`,
        fix:
          change.kind === "replace"
            ? "Revert the change that forces the replacement."
            : deleteFix(change, ctx.renamesByFrom.get(change.urn)),
      }),
    );
  }

  for (const rename of renames) {
    if (statefulEntry(options, rename.from)) continue;
    const code = aliasCode(rename);
    findings.push(
      finding(rename.to, {
        code: "RENAME_WITHOUT_ALIAS",
        operation: "replace",
        severity: "warning",
        message: `${rename.to.type} "${rename.from.name}" looks renamed or moved to "${rename.to.name}" without an alias: the engine deletes the old one and creates a new one.`,
        fix: `Add \`${code.byName}\` to the resource options of "${rename.to.name}".`,
      }),
    );
  }
  for (const a of ambiguous) {
    findings.push(
      finding(a.from, {
        code: "RENAME_AMBIGUOUS",
        operation: "delete",
        severity: "note",
        message: `${a.from.type} "${a.from.name}" is deleted and ${a.candidates.length} new resources of the same type look alike (${a.candidates.map((c) => `"${c.name}"`).join(", ")}); the gate does not guess which one it became.`,
        fix: `If one of them is "${a.from.name}" renamed, add \`aliases: [${JSON.stringify(a.from.urn)}]\` to it.`,
      }),
    );
  }

  for (const v of input.policyViolations) {
    const mandatory = v.enforcementLevel === "mandatory";
    const urn = v.urn ?? "";
    findings.push({
      code: "POLICY_VIOLATION",
      source: "gate",
      rule: v.policyName,
      operation: "policy",
      severity: (mandatory ? "error" : "warning") satisfies Severity,
      message: `${v.policyPackName ? `${v.policyPackName}/` : ""}${v.policyName} (${v.enforcementLevel}): ${v.message.trim()}`,
      ...(urn ? { resource: { urn, name: urn.slice(urn.lastIndexOf("::") + 2) } } : {}),
    });
  }

  if (!input.previewSucceeded && otherErrors.length + refused.size === 0 && input.errors.length === 0) {
    otherErrors.push("the preview did not finish (no summary): the listed steps may be incomplete");
  }
  if (otherErrors.length > 0) {
    findings.push({
      code: "PREVIEW_FAILED",
      source: "gate",
      rule: "gate",
      operation: "preview",
      severity: "error",
      message: `The preview failed, so its planned steps are incomplete and cannot be approved: ${otherErrors.slice(0, 3).join(" | ")}`,
      fix: "Fix the error and run the preview again.",
    });
  }
  return { findings, changes, renames, passed };
}
