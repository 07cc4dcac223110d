import { builtinCatalog, type Catalog } from "../../src/core/catalog.js";
import type { Finding } from "../../src/core/findings.js";
import { parseUrn } from "../../src/core/urn.js";
import { knownUrns } from "./aliases.js";
import { buildUrn, type Inventory, type PredictedResource } from "./predict.js";

/**
 * Compares the predicted resources of a base revision with the working tree's: URNs that disappear while one of
 * the same type appears (a rename or a move, with the `aliases` entry that keeps the resource), stateful
 * resources removed from the code, and names that cannot be predicted. Pure: two inventories in, findings out.
 */

export const RULE = "urn-diff";

/** A rename or move whose alias can be written into the working tree (see fix.ts). */
export interface AliasSuggestion {
  readonly base: PredictedResource;
  readonly head: PredictedResource;
  /** The alias as a reader sees it: `{ name: "old" }`, `{ parent: pulumi.rootStackResource }`, or the old URN. */
  readonly display: string;
  /** The alias as code, `pulumi` standing for the SDK's namespace import. */
  readonly code: (pulumi: string) => string;
  /** Only one rename/move candidate on both sides, and the `new` expression registers only this resource. */
  readonly unambiguous: boolean;
}

export interface UrnDiff {
  readonly findings: Finding[];
  readonly suggestions: AliasSuggestion[];
  /** URNs present at both revisions. */
  readonly unchanged: number;
  /** URNs changed but covered by an alias. */
  readonly aliased: number;
}

function where(resource: PredictedResource): Finding["location"] {
  return {
    file: resource.location.file,
    line: resource.location.line,
    column: resource.location.column,
  };
}

function ref(resource: PredictedResource): Finding["resource"] {
  return {
    ...(resource.urn ? { urn: resource.urn } : {}),
    ...(resource.type.ok ? { type: resource.type.value } : {}),
    ...(resource.name.ok ? { name: resource.name.value } : {}),
  };
}

function parentUrnOf(resource: PredictedResource): string | undefined {
  return resource.parent.kind === "resource" ? resource.parent.resource.urn : undefined;
}

function describeParent(resource: PredictedResource): string {
  const p = resource.parent;
  if (p.kind === "root") return "the stack";
  if (p.kind === "unknown") return "an unknown parent";
  return `${p.resource.type.ok ? p.resource.type.value : "?"} "${p.resource.name.ok ? p.resource.name.value : "?"}"`;
}

function at(resource: PredictedResource): string {
  return `${resource.location.file}:${resource.location.line}:${resource.location.column}`;
}

/** The alias that maps `base`'s URN onto `head`. */
function suggest(
  base: PredictedResource,
  head: PredictedResource,
  project: string,
  memo: Map<number, string[]>,
): Omit<AliasSuggestion, "unambiguous"> {
  const oldName = base.name.ok ? base.name.value : "";
  const renamed = head.name.ok && head.name.value !== oldName;
  const oldParent = parentUrnOf(base);
  const headParentUrns: (string | undefined)[] =
    head.parent.kind === "resource" ? knownUrns(head.parent.resource, project, memo) : [undefined];
  const sameParent = headParentUrns.includes(oldParent);
  const nameText = JSON.stringify(oldName);
  if (sameParent) {
    return { base, head, display: `{ name: ${nameText} }`, code: () => `{ name: ${nameText} }` };
  }
  if (oldParent === undefined) {
    const fields = (pulumi: string): string =>
      renamed
        ? `{ name: ${nameText}, parent: ${pulumi}.rootStackResource }`
        : `{ parent: ${pulumi}.rootStackResource }`;
    return { base, head, display: fields("pulumi"), code: fields };
  }
  const urn = base.urn ?? "";
  const parsed = parseUrn(urn);
  const code = (pulumi: string): string =>
    parsed
      ? `\`${buildUrn(parsed.project, parsed.typeChain.join("$"), parsed.name, "${" + pulumi + ".getStack()}").replace(/`/g, "\\`")}\``
      : JSON.stringify(urn);
  return { base, head, display: JSON.stringify(urn), code };
}

/**
 * The name a child registered as `name` under a parent renamed from `oldParent` to `newParent` has after the
 * rename when its code did not change: a name that starts with the parent's has that prefix replaced (as the
 * engine derives a child's alias from its parent's), any other name stays.
 */
function inheritedName(
  name: string,
  oldParent: PredictedResource["name"],
  newParent: PredictedResource["name"],
): string {
  if (!oldParent.ok || !newParent.ok || !name.startsWith(oldParent.value)) return name;
  return newParent.value + name.slice(oldParent.value.length);
}

/** Compares two inventories of the same project. */
export function diffInventories(base: Inventory, head: Inventory, catalog: Catalog = builtinCatalog): UrnDiff {
  const project = head.project;
  const findings: Finding[] = [];
  const suggestions: AliasSuggestion[] = [];
  const memo = new Map<number, string[]>();

  const headByUrn = new Map<string, PredictedResource>();
  for (const r of head.resources) if (r.urn && !headByUrn.has(r.urn)) headByUrn.set(r.urn, r);
  const baseByUrn = new Map<string, PredictedResource>();
  for (const r of base.resources) if (r.urn && !baseByUrn.has(r.urn)) baseByUrn.set(r.urn, r);

  // Which head resource answers to each URN through its aliases.
  const coveredBy = new Map<string, PredictedResource>();
  for (const r of head.resources) {
    for (const urn of knownUrns(r, project, memo).slice(1)) if (!coveredBy.has(urn)) coveredBy.set(urn, r);
  }

  let unchanged = 0;
  let aliased = 0;
  const removed: PredictedResource[] = [];
  for (const [urn, r] of baseByUrn) {
    if (headByUrn.has(urn)) {
      unchanged++;
      continue;
    }
    const cover = coveredBy.get(urn);
    if (cover) {
      aliased++;
      findings.push({
        code: "URN_ALIASED",
        source: "analyzer",
        rule: RULE,
        severity: "note",
        message: `${urn} now registers as ${cover.urn ?? "?"} (${at(cover)}); an existing alias maps the old URN, so the engine keeps the resource.`,
        resource: ref(cover),
        location: where(cover),
      });
      continue;
    }
    removed.push(r);
  }
  const covering = new Set(coveredBy.values());
  const added = [...headByUrn.values()].filter((r) => !baseByUrn.has(r.urn!) && !covering.has(r));
  const perNode = new Map<unknown, number>();
  for (const r of head.resources) perNode.set(r.node, (perNode.get(r.node) ?? 0) + 1);

  // A resource whose URN is not predicted may be the one that disappeared: say so, never assume it.
  const maybe = (type: string): string => {
    const candidates = head.resources.filter((r) => !r.urn && (!r.type.ok || r.type.value === type));
    return candidates.length === 0
      ? ""
      : ` Unless it is ${candidates.map((c) => `the resource at ${at(c)}`).join(" or ")}, whose URN cannot be predicted.`;
  };

  // Pairing, per type: same name (a move), then same parent (a rename under it), then same parent chain (a
  // rename); then a child of a paired parent with the name it inherits from the parent's rename (the engine's own
  // rule for children of an aliased parent), repeated down the tree; then one against one.
  const pairs: { base: PredictedResource; head: PredictedResource; unambiguous: boolean }[] = [];
  const ambiguous = new Map<PredictedResource, PredictedResource[]>();
  const types = [...new Set(removed.map((r) => (r.type.ok ? r.type.value : "")))];
  const olds = new Map(types.map((t) => [t, removed.filter((r) => r.type.ok && r.type.value === t)]));
  const news = new Map(types.map((t) => [t, added.filter((r) => r.type.ok && r.type.value === t)]));
  const take = (type: string, o: PredictedResource, n: PredictedResource): void => {
    pairs.push({ base: o, head: n, unambiguous: true });
    olds.set(
      type,
      olds.get(type)!.filter((x) => x !== o),
    );
    news.set(
      type,
      news.get(type)!.filter((x) => x !== n),
    );
  };
  const pairBy = (type: string, key: (r: PredictedResource) => string | undefined): void => {
    for (const o of [...olds.get(type)!]) {
      const k = key(o);
      if (k === undefined) continue;
      const matchesNew = news.get(type)!.filter((n) => key(n) === k);
      const matchesOld = olds.get(type)!.filter((x) => key(x) === k);
      if (matchesNew.length === 1 && matchesOld.length === 1) take(type, o, matchesNew[0]!);
    }
  };
  for (const type of types) {
    pairBy(type, (r) => (r.name.ok ? r.name.value : undefined));
    pairBy(type, parentUrnOf);
    pairBy(type, (r) => r.typeChain);
  }
  for (let progress = true; progress;) {
    progress = false;
    const pairOfBase = new Map(pairs.map((p) => [p.base, p]));
    for (const type of types) {
      for (const o of [...olds.get(type)!]) {
        const parentPair = o.parent.kind === "resource" ? pairOfBase.get(o.parent.resource) : undefined;
        if (!parentPair || !o.name.ok) continue;
        const name = inheritedName(o.name.value, parentPair.base.name, parentPair.head.name);
        const matches = news
          .get(type)!
          .filter(
            (n) =>
              n.parent.kind === "resource" &&
              n.parent.resource === parentPair.head &&
              n.name.ok &&
              n.name.value === name,
          );
        if (matches.length === 1) {
          take(type, o, matches[0]!);
          progress = true;
        }
      }
    }
  }
  for (const type of types) {
    const o = olds.get(type)!;
    const n = news.get(type)!;
    if (o.length === 1 && n.length === 1) take(type, o[0]!, n[0]!);
    for (const old of olds.get(type)!) {
      const candidates = news.get(type)!;
      if (candidates.length > 0) ambiguous.set(old, candidates);
      else if (catalog.isStateful(type)) {
        findings.push({
          code: "STATEFUL_REMOVED",
          source: "analyzer",
          rule: RULE,
          severity: "error",
          message: `The stateful ${type} "${old.name.ok ? old.name.value : "?"}" (${old.urn ?? "?"}, at ${at(old)} in the base revision) is no longer registered by the program: the next update deletes it and its data.${maybe(type)}`,
          fix: "Restore the resource; if it moved to another project or stack, remove it from this stack's state first (pulumi state delete --target-dependents is NOT a migration: import it there, then delete it here with protect on).",
          resource: ref(old),
          location: where(old),
        });
      } else {
        findings.push({
          code: "RESOURCE_REMOVED",
          source: "analyzer",
          rule: RULE,
          severity: "note",
          message: `${old.urn ?? "?"} (at ${at(old)} in the base revision) is no longer registered: the next update deletes it.${maybe(type)}`,
          resource: ref(old),
          location: where(old),
        });
      }
    }
  }

  // A child whose parent is itself renamed or moved follows its parent's alias: one fix, on the parent.
  const pairOfHead = new Map(pairs.map((p) => [p.head, p]));
  const folded = new Set<(typeof pairs)[number]>();
  for (const p of pairs) {
    if (p.head.parent.kind !== "resource") continue;
    const parentPair = pairOfHead.get(p.head.parent.resource);
    if (!parentPair?.base.urn || !parentPair.head.name.ok || !parentPair.base.name.ok) continue;
    const newParentName = parentPair.head.name.value;
    const oldParentName = parentPair.base.name.value;
    const name = p.head.name.ok ? p.head.name.value : "";
    const inherited = name.startsWith(newParentName) ? oldParentName + name.slice(newParentName.length) : name;
    const chain = parseUrn(parentPair.base.urn)?.typeChain.join("$");
    if (chain && p.head.type.ok && buildUrn(project, `${chain}$${p.head.type.value}`, inherited) === p.base.urn) {
      folded.add(p);
    }
  }

  for (const p of pairs) {
    const s = suggest(p.base, p.head, project, memo);
    const moved = parentUrnOf(p.base) !== parentUrnOf(p.head);
    const renamed = p.base.name.ok && p.head.name.ok && p.base.name.value !== p.head.name.value;
    const what = moved && renamed ? "renamed and moved" : moved ? "moved" : "renamed";
    const children = [...folded].filter((f) => f.head.parent.kind === "resource" && f.head.parent.resource === p.head);
    if (folded.has(p)) continue;
    const dynamicAliases = p.head.aliases.present && !p.head.aliases.static;
    const unambiguous = p.unambiguous && perNode.get(p.head.node) === 1 && !dynamicAliases;
    const movedText = moved ? ` Its parent changed from ${describeParent(p.base)} to ${describeParent(p.head)}.` : "";
    const childText =
      children.length > 0 ? ` The alias also keeps its ${children.length} child resource(s), which inherit it.` : "";
    findings.push({
      code: dynamicAliases ? "URN_ALIAS_UNVERIFIED" : moved ? "URN_MOVED" : "URN_RENAMED",
      source: "analyzer",
      rule: RULE,
      severity: dynamicAliases ? "warning" : "error",
      message: dynamicAliases
        ? `${p.base.urn ?? "?"} becomes ${p.head.urn ?? "?"} (${what}); its aliases are not static, so whether they map the old URN cannot be checked.`
        : `${p.base.type.ok ? p.base.type.value : "?"} ${what}: ${p.base.urn ?? "?"} becomes ${p.head.urn ?? "?"}, so the engine deletes the resource and creates a new one.${movedText}${childText}`,
      fix: `Add \`aliases: [${s.display}]\` to the options of the resource at ${at(p.head)}${unambiguous ? " (stateguard urn-diff --fix writes it)" : ""}.`,
      resource: ref(p.head),
      location: where(p.head),
    });
    if (!dynamicAliases) suggestions.push({ ...s, unambiguous });
  }

  for (const [o, candidates] of ambiguous) {
    findings.push({
      code: "URN_CHANGED",
      source: "analyzer",
      rule: RULE,
      severity: "error",
      message: `${o.urn ?? "?"} (at ${at(o)} in the base revision) disappears while ${candidates.length} resources of the same type appear (${candidates.map((c) => c.urn ?? "?").join(", ")}): the engine deletes it unless one of them carries an alias for it.`,
      fix: `Add \`aliases: [${JSON.stringify(o.urn ?? "")}]\` (the stack part being the real stack's name) to the one that replaces it.`,
      resource: ref(o),
      location: where(o),
    });
  }

  for (const [revision, inventory] of [
    ["working tree", head],
    ["base revision", base],
  ] as const) {
    for (const r of inventory.resources) {
      if (r.urn) continue;
      const reason = !r.type.ok
        ? r.type.reason
        : !r.name.ok
          ? r.name.reason
          : r.parent.kind === "unknown"
            ? r.parent.reason
            : "its parent's URN is unresolved";
      if (revision === "base revision" && head.resources.some((h) => h.node.getText() === r.node.getText() && !h.urn))
        continue;
      findings.push({
        code: "URN_UNRESOLVED",
        source: "analyzer",
        rule: RULE,
        severity: "warning",
        message: `The URN of ${r.className}(…) at ${at(r)} (${revision}) cannot be predicted: ${reason}. Changes to it are not checked.`,
        resource: ref(r),
        location: where(r),
      });
    }
  }

  return { findings, suggestions, unchanged, aliased };
}
