import { isDeepStrictEqual } from "node:util";
import type { ResourceChange } from "./changes.js";

/**
 * Pairs deletes with creates of the same type whose inputs are (nearly) the same: the signature of a logical
 * rename or a move between parents done without an alias. Physical names derived from the logical name
 * (auto-naming) differ by construction and are left out of the comparison. Weak or ambiguous evidence gives no
 * pairing: the gate never guesses silently.
 */

export interface Rename {
  readonly from: ResourceChange;
  readonly to: ResourceChange;
  /** Share of compared inputs that are equal, 0..1. */
  readonly score: number;
  readonly parentChanged: boolean;
}

export interface AmbiguousRename {
  readonly from: ResourceChange;
  readonly candidates: readonly ResourceChange[];
}

export const RENAME_THRESHOLD = 0.8;

/** True when a value is the resource's own logical name plus an auto-naming suffix, or exactly its name. */
function looksAutoNamed(value: unknown, logicalName: string): boolean {
  return typeof value === "string" && value.toLowerCase().includes(logicalName.toLowerCase());
}

export function similarity(from: ResourceChange, to: ResourceChange): { score: number; compared: number } {
  const a = from.old?.inputs ?? {};
  const b = to.new?.inputs ?? {};
  let compared = 0;
  let equal = 0;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (key.startsWith("__")) continue;
    if (looksAutoNamed(a[key], from.name) && looksAutoNamed(b[key], to.name)) continue;
    compared++;
    if (isDeepStrictEqual(a[key], b[key])) equal++;
  }
  return { score: compared === 0 ? 0 : equal / compared, compared };
}

/**
 * Above this many delete x create pairs of one type, only resources whose inputs are identical (apart from
 * auto-names) are compared: near matches would cost a comparison per pair, and a change set that large is a
 * migration, not a rename.
 */
export const PAIRWISE_LIMIT = 20_000;

/** The inputs without the values derived from the resource's own logical name, as a comparable string. */
function signature(inputs: Readonly<Record<string, unknown>>, logicalName: string): string {
  const kept = Object.keys(inputs)
    .filter((k) => !k.startsWith("__") && !looksAutoNamed(inputs[k], logicalName))
    .sort()
    .map((k) => [k, inputs[k]]);
  return JSON.stringify(kept);
}

function groupByType(changes: readonly ResourceChange[]): Map<string, ResourceChange[]> {
  const groups = new Map<string, ResourceChange[]>();
  for (const c of changes) {
    const list = groups.get(c.type);
    if (list) list.push(c);
    else groups.set(c.type, [c]);
  }
  return groups;
}

export function detectRenames(changes: readonly ResourceChange[]): { renames: Rename[]; ambiguous: AmbiguousRename[] } {
  const deletes = changes.filter((c) => c.kind === "delete" && c.old);
  const creates = changes.filter((c) => c.kind === "create" && c.new);
  const createsByType = groupByType(creates);
  const scored: { from: ResourceChange; to: ResourceChange; score: number }[] = [];
  for (const [type, froms] of groupByType(deletes)) {
    const tos = createsByType.get(type) ?? [];
    if (tos.length === 0) continue;
    let candidates: (from: ResourceChange) => readonly ResourceChange[] = () => tos;
    if (froms.length * tos.length > PAIRWISE_LIMIT) {
      const bySignature = new Map<string, ResourceChange[]>();
      for (const to of tos) {
        const key = signature(to.new?.inputs ?? {}, to.name);
        const list = bySignature.get(key);
        if (list) list.push(to);
        else bySignature.set(key, [to]);
      }
      candidates = (from) => bySignature.get(signature(from.old?.inputs ?? {}, from.name)) ?? [];
    }
    for (const from of froms) {
      for (const to of candidates(from)) {
        const { score, compared } = similarity(from, to);
        if (compared > 0 && score >= RENAME_THRESHOLD) scored.push({ from, to, score });
      }
    }
  }
  const scoredByFrom = new Map<ResourceChange, typeof scored>();
  const scoredByTo = new Map<ResourceChange, typeof scored>();
  for (const s of scored) {
    (scoredByFrom.get(s.from) ?? scoredByFrom.set(s.from, []).get(s.from)!).push(s);
    (scoredByTo.get(s.to) ?? scoredByTo.set(s.to, []).get(s.to)!).push(s);
  }
  const renames: Rename[] = [];
  const ambiguous: AmbiguousRename[] = [];
  const taken = new Set<string>();
  const undecidable = new Set<string>();
  for (const from of deletes) {
    const mine = scoredByFrom.get(from) ?? [];
    if (mine.length === 0) continue;
    const best = Math.max(...mine.map((s) => s.score));
    const top = mine.filter((s) => s.score === best);
    // The best create must be this delete's alone, and no other delete may claim it as strongly.
    const rivals =
      top.length === 1 ? scored.filter((s) => s.to === top[0]!.to && s.from !== from && s.score >= best) : [];
    if (top.length > 1 || rivals.length > 0) {
      ambiguous.push({ from, candidates: top.map((s) => s.to) });
      for (const s of top) undecidable.add(s.to.urn);
      continue;
    }
    const to = top[0]!.to;
    if (taken.has(to.urn) || undecidable.has(to.urn)) continue;
    taken.add(to.urn);
    renames.push({ from, to, score: best, parentChanged: (from.old?.parent ?? "") !== (to.new?.parent ?? "") });
  }
  return { renames, ambiguous };
}

function isStackUrn(urn: string | undefined): boolean {
  return urn !== undefined && urn.includes("::pulumi:pulumi:Stack::");
}

/** The resource option to paste into the new resource so that the engine treats it as the old one. */
export function aliasCode(rename: Rename): { byName: string; byUrn: string } {
  const byUrn = `aliases: [${JSON.stringify(rename.from.urn)}]`;
  const oldParent = rename.from.old?.parent;
  const nameChanged = rename.from.name !== rename.to.name;
  const parts: string[] = [];
  if (nameChanged) parts.push(`name: ${JSON.stringify(rename.from.name)}`);
  if (rename.parentChanged) {
    // A parent is a resource object in code; the root stack has a well-known one, other parents only a URN.
    if (isStackUrn(oldParent) || !oldParent) parts.push("parent: pulumi.rootStackResource");
    else return { byName: byUrn, byUrn };
  }
  return { byName: `aliases: [{ ${parts.join(", ")} }]`, byUrn };
}
