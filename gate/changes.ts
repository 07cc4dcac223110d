import type { PlannedStep, ResourceView, StepOp } from "./input/model.js";
import { urnName } from "./input/model.js";

/**
 * One entry per resource: the steps the engine listed for a URN folded into what happens to that resource.
 * A replacement is one `replace` step by default, or three (`create-replacement`, `replace`, `delete-replaced`)
 * with --show-replacement-steps and in event streams; it is one change either way.
 */

export type ChangeKind =
  "same" | "create" | "update" | "delete" | "replace" | "read" | "import" | "discard" | "refresh";

export interface ResourceChange {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly kind: ChangeKind;
  /** For a replacement: the old resource is deleted before the new one exists (downtime, and data loss). */
  readonly deleteBeforeReplace: boolean;
  readonly old?: ResourceView;
  readonly new?: ResourceView;
  readonly replaceReasons: readonly string[];
  readonly diffReasons: readonly string[];
  /** For a `same` matched through an alias: the URN the resource had before. */
  readonly movedFrom?: string;
  readonly ops: readonly StepOp[];
}

const KIND_OF: Record<StepOp, ChangeKind> = {
  same: "same",
  create: "create",
  update: "update",
  delete: "delete",
  replace: "replace",
  "create-replacement": "replace",
  "delete-replaced": "replace",
  read: "read",
  "read-replacement": "read",
  refresh: "refresh",
  discard: "discard",
  "discard-replaced": "discard",
  "remove-pending-replace": "replace",
  import: "import",
  "import-replacement": "import",
};

/** Which kind wins when a URN has several steps: a replacement outranks everything it is made of. */
const RANK: Record<ChangeKind, number> = {
  replace: 9,
  delete: 8,
  import: 7,
  update: 6,
  create: 5,
  discard: 4,
  read: 3,
  refresh: 2,
  same: 1,
};

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** The common case, one step for a URN, without the bookkeeping a replacement needs. */
function single(step: PlannedStep): ResourceChange {
  const kind = KIND_OF[step.op];
  const movedFrom = step.old && step.new && step.old.urn !== step.new.urn ? step.old.urn : undefined;
  return {
    urn: step.urn,
    type: step.type,
    name: urnName(step.urn),
    kind,
    deleteBeforeReplace:
      kind === "replace" && (step.new?.deleteBeforeReplace === true || step.old?.deleteBeforeReplace === true),
    ...(step.old ? { old: step.old } : {}),
    ...(step.new ? { new: step.new } : {}),
    replaceReasons: step.replaceReasons,
    diffReasons: step.diffReasons,
    ...(movedFrom ? { movedFrom } : {}),
    ops: [step.op],
  };
}

export function foldSteps(steps: readonly PlannedStep[]): ResourceChange[] {
  const byUrn = new Map<string, PlannedStep[]>();
  for (const step of steps) {
    const list = byUrn.get(step.urn);
    if (list) list.push(step);
    else byUrn.set(step.urn, [step]);
  }
  const changes: ResourceChange[] = [];
  for (const [urn, list] of byUrn) {
    if (list.length === 1) {
      changes.push(single(list[0]!));
      continue;
    }
    let kind: ChangeKind = KIND_OF[list[0]!.op];
    for (const s of list) if (RANK[KIND_OF[s.op]] > RANK[kind]) kind = KIND_OF[s.op];
    const old = list.find((s) => s.old)?.old;
    const next = list.find((s) => s.new)?.new;
    const ops = list.map((s) => s.op);
    // Listed replacement steps come in execution order: deleting first means delete-before-replace.
    const deleteIndex = ops.indexOf("delete-replaced");
    const createIndex = ops.indexOf("create-replacement");
    const deleteBeforeReplace =
      kind === "replace" &&
      ((deleteIndex >= 0 && createIndex >= 0 && deleteIndex < createIndex) ||
        next?.deleteBeforeReplace === true ||
        old?.deleteBeforeReplace === true);
    const movedFrom = old && next && old.urn !== next.urn ? old.urn : undefined;
    changes.push({
      urn,
      type: list[0]!.type,
      name: urnName(urn),
      kind,
      deleteBeforeReplace,
      ...(old ? { old } : {}),
      ...(next ? { new: next } : {}),
      replaceReasons: unique(list.flatMap((s) => s.replaceReasons)),
      diffReasons: unique(list.flatMap((s) => s.diffReasons)),
      ...(movedFrom ? { movedFrom } : {}),
      ops,
    });
  }
  return changes;
}
