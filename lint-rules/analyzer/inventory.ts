import type { AliasEntry, Inventory, ParentRef, PredictedResource } from "./predict.js";

/** The inventory as data (JSON) and as a tree (text), for reviews. */

export interface JsonResource {
  readonly id: number;
  readonly urn: string | null;
  readonly kind: string;
  readonly type: string | null;
  readonly name: string | null;
  /** Why the type, name or parent is not known statically; null when the URN is predicted. */
  readonly unresolved: string | null;
  /** The parent: "root", the id of another resource, or "unknown". */
  readonly parent: "root" | "unknown" | number;
  readonly aliases: { readonly present: boolean; readonly static: boolean; readonly entries: readonly JsonAlias[] };
  readonly protect: boolean | "dynamic";
  readonly conditional: readonly string[];
  readonly location: { readonly file: string; readonly line: number; readonly column: number };
}

export interface JsonAlias {
  readonly urn?: string;
  readonly name?: string;
  readonly type?: string;
  readonly project?: string;
  readonly stack?: string;
  readonly parent?: "root" | number;
  readonly parentUrn?: string;
}

export interface JsonInventory {
  readonly project: string;
  readonly entry: string;
  readonly stack: "<stack>";
  readonly resources: readonly JsonResource[];
}

function parentOf(parent: ParentRef): "root" | "unknown" | number {
  if (parent.kind === "root") return "root";
  if (parent.kind === "unknown") return "unknown";
  return parent.resource.id;
}

function alias(entry: AliasEntry): JsonAlias {
  const parent =
    entry.parent?.kind === "root" ? "root" : entry.parent?.kind === "resource" ? entry.parent.resource.id : undefined;
  return {
    ...(entry.urn !== undefined ? { urn: entry.urn } : {}),
    ...(entry.name !== undefined ? { name: entry.name } : {}),
    ...(entry.type !== undefined ? { type: entry.type } : {}),
    ...(entry.project !== undefined ? { project: entry.project } : {}),
    ...(entry.stack !== undefined ? { stack: entry.stack } : {}),
    ...(parent !== undefined ? { parent } : {}),
    ...(entry.parentUrn !== undefined ? { parentUrn: entry.parentUrn } : {}),
  };
}

export function unresolvedReason(r: PredictedResource): string | undefined {
  if (!r.type.ok) return r.type.reason;
  if (!r.name.ok) return r.name.reason;
  if (r.parent.kind === "unknown") return r.parent.reason;
  if (!r.urn) return "the parent's URN is not predicted";
  return undefined;
}

export function toJsonInventory(inventory: Inventory): JsonInventory {
  return {
    project: inventory.project,
    entry: inventory.entry,
    stack: "<stack>",
    resources: inventory.resources.map((r) => ({
      id: r.id,
      urn: r.urn ?? null,
      kind: r.kind,
      type: r.type.ok ? r.type.value : null,
      name: r.name.ok ? r.name.value : null,
      unresolved: unresolvedReason(r) ?? null,
      parent: parentOf(r.parent),
      aliases: { present: r.aliases.present, static: r.aliases.static, entries: r.aliases.entries.map(alias) },
      protect: r.protect,
      conditional: r.conditional,
      location: r.location,
    })),
  };
}

function label(r: PredictedResource): string {
  const type = r.type.ok ? r.type.value : "<unresolved type>";
  const name = r.name.ok ? JSON.stringify(r.name.value) : "<unresolved name>";
  const tags: string[] = [];
  if (r.protect === true) tags.push("protect");
  if (r.protect === "dynamic") tags.push("protect: dynamic");
  if (r.aliases.present) tags.push(r.aliases.static ? `aliases: ${r.aliases.entries.length}` : "aliases: dynamic");
  if (r.conditional.length > 0) tags.push(`conditional: ${[...new Set(r.conditional)].join(", ")}`);
  const why = unresolvedReason(r);
  if (why) tags.push(`unresolved: ${why}`);
  const at = `${r.location.file}:${r.location.line}:${r.location.column}`;
  return `${type} ${name}  ${at}${tags.length > 0 ? `  [${tags.join("; ")}]` : ""}`;
}

/** The resource tree: components with their children, then resources whose parent is unknown. */
export function renderInventoryText(inventory: Inventory): string {
  const children = new Map<PredictedResource | "root" | "unknown", PredictedResource[]>();
  for (const r of inventory.resources) {
    const key = r.parent.kind === "resource" ? r.parent.resource : r.parent.kind;
    const list = children.get(key) ?? [];
    list.push(r);
    children.set(key, list);
  }
  const lines = [
    `${inventory.project} (entry ${inventory.entry}): ${inventory.resources.length} resource registration(s), stack <stack>`,
  ];
  const walk = (r: PredictedResource, prefix: string, last: boolean): void => {
    lines.push(`${prefix}${last ? "└─ " : "├─ "}${label(r)}`);
    const kids = children.get(r) ?? [];
    kids.forEach((k, i) => {
      walk(k, `${prefix}${last ? "   " : "│  "}`, i === kids.length - 1);
    });
  };
  const roots = children.get("root") ?? [];
  roots.forEach((r, i) => {
    walk(r, "", i === roots.length - 1);
  });
  const unknown = children.get("unknown") ?? [];
  if (unknown.length > 0) {
    lines.push("parent not predicted:");
    unknown.forEach((r, i) => {
      walk(r, "", i === unknown.length - 1);
    });
  }
  return `${lines.join("\n")}\n`;
}
