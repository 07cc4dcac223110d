import { parseUrn } from "../../src/core/urn.js";
import { buildUrn, STACK_PLACEHOLDER, type PredictedResource } from "./predict.js";

/**
 * The URNs a predicted resource answers to: its own, and those its `aliases` (and its ancestors' aliases, which
 * the SDK passes down to children) map to it. Stacks are compared through the `<stack>` placeholder.
 */

const MAX_ALIASES = 64;

/** A URN with its stack replaced by the placeholder, for comparison across stacks. */
export function normalizeUrn(urn: string): string {
  const parsed = parseUrn(urn);
  if (!parsed) return urn;
  return buildUrn(parsed.project, parsed.typeChain.join("$"), parsed.name, STACK_PLACEHOLDER);
}

function typeChainOfUrn(urn: string): string | undefined {
  const parsed = parseUrn(urn);
  return parsed ? parsed.typeChain.join("$") : undefined;
}

/**
 * Every URN the resource is known by (its own first), when its own URN is known. Follows the SDK: an alias's
 * unset fields take the resource's current values; a child also answers to its name under each alias of its
 * parent, with the parent's name prefix replaced by the alias's name.
 */
export function knownUrns(resource: PredictedResource, project: string, memo = new Map<number, string[]>()): string[] {
  const cached = memo.get(resource.id);
  if (cached) return cached;
  if (!resource.urn || !resource.type.ok || !resource.name.ok) return [];
  const type = resource.type.value;
  const name = resource.name.value;
  const urns = new Set<string>([resource.urn]);
  const parentUrns: (string | undefined)[] =
    resource.parent.kind === "resource" ? knownUrns(resource.parent.resource, project, memo) : [undefined];
  const parentResource = resource.parent.kind === "resource" ? resource.parent.resource : undefined;
  const chainUnder = (parentUrn: string | undefined, t: string): string | undefined => {
    if (parentUrn === undefined) return t;
    const chain = typeChainOfUrn(parentUrn);
    return chain === undefined ? undefined : `${chain}$${t}`;
  };
  for (const alias of resource.aliases.entries) {
    if (alias.urn !== undefined) {
      urns.add(normalizeUrn(alias.urn));
      continue;
    }
    const aliasName = alias.name ?? name;
    const aliasType = alias.type ?? type;
    const aliasProject = alias.project ?? project;
    let parents: (string | undefined)[];
    if (alias.parentUrn !== undefined) parents = [normalizeUrn(alias.parentUrn)];
    else if (alias.parent?.kind === "root") parents = [undefined];
    else if (alias.parent?.kind === "resource") parents = knownUrns(alias.parent.resource, project, memo);
    else parents = parentUrns;
    for (const p of parents) {
      const chain = chainUnder(p, aliasType);
      if (chain !== undefined) urns.add(buildUrn(aliasProject, chain, aliasName));
    }
  }
  // Aliases inherited from the parent: the child under each former URN of its parent.
  if (parentResource?.name.ok) {
    for (const p of parentUrns.slice(1)) {
      if (p === undefined || urns.size >= MAX_ALIASES) continue;
      const parentName = parentResource.name.value;
      const oldParentName = parseUrn(p)?.name ?? parentName;
      const childName = name.startsWith(parentName) ? oldParentName + name.slice(parentName.length) : name;
      const chain = chainUnder(p, type);
      if (chain !== undefined) urns.add(buildUrn(project, chain, childName));
    }
  }
  const result = [...urns].slice(0, MAX_ALIASES);
  memo.set(resource.id, result);
  return result;
}
