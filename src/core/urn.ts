/**
 * Pulumi URNs: urn:pulumi:<stack>::<project>::<parent-type$...$type>::<name>.
 * Globs over URNs use `*` for any run of characters (including `/`, `:` and `$`, which type tokens contain).
 */
export function urnGlobMatch(pattern: string, urn: string): boolean {
  if (!pattern.includes("*")) return pattern === urn;
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`, "s").test(urn);
}

export interface ParsedUrn {
  readonly stack: string;
  readonly project: string;
  /** The full type chain, parents first. */
  readonly typeChain: readonly string[];
  readonly type: string;
  readonly name: string;
}

export function parseUrn(urn: string): ParsedUrn | undefined {
  const m = /^urn:pulumi:([^:]*)::([^:]*)::(.*?)::(.*)$/s.exec(urn);
  if (!m) return undefined;
  const typeChain = m[3]!.split("$");
  return { stack: m[1]!, project: m[2]!, typeChain, type: typeChain[typeChain.length - 1]!, name: m[4]! };
}
