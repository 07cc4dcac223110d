import picomatch from "picomatch";

/**
 * Which stacks are protected (production): there stateguard's policies are mandatory, elsewhere advisory.
 * A stack is protected when its name matches one of the glob patterns, or one of its tags has a listed value.
 */
export interface ProtectedStackSettings {
  /** Glob patterns matched against the stack name (and against `org/project/stack` when given). */
  readonly protectedStacks: readonly string[];
  /** Tag name -> values that mark a stack as protected, e.g. { "environment": ["prod"] }. */
  readonly protectedStackTags: Readonly<Record<string, readonly string[]>>;
}

export const DEFAULT_PROTECTED_STACKS: readonly string[] = Object.freeze(["*prod", "*production"]);

export interface StackIdentity {
  readonly stack: string;
  readonly project?: string;
  readonly organization?: string;
  readonly tags?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
}

export interface ProtectionVerdict {
  readonly protected: boolean;
  /** Why, for messages: the pattern or tag that matched, or what was checked. */
  readonly reason: string;
}

function isMapLike(tags: NonNullable<StackIdentity["tags"]>): tags is ReadonlyMap<string, string> {
  // CrossGuard hands policies a frozen map-like object, not a Map instance.
  return typeof (tags as Partial<ReadonlyMap<string, string>>).entries === "function";
}

function tagEntries(tags: StackIdentity["tags"]): [string, string][] {
  if (!tags) return [];
  return isMapLike(tags) ? [...tags.entries()] : Object.entries(tags);
}

const matchers = new Map<string, (name: string) => boolean>();

/** Compiled once per pattern: the pack classifies the stack on every policy call. */
function matcherFor(pattern: string): (name: string) => boolean {
  let isMatch = matchers.get(pattern);
  if (!isMatch) {
    isMatch = picomatch(pattern, { nocase: true, dot: true });
    matchers.set(pattern, isMatch);
  }
  return isMatch;
}

export function classifyStack(identity: StackIdentity, settings: ProtectedStackSettings): ProtectionVerdict {
  const qualified = [identity.organization, identity.project, identity.stack].filter(Boolean).join("/");
  for (const pattern of settings.protectedStacks) {
    const isMatch = matcherFor(pattern);
    if (isMatch(identity.stack) || (pattern.includes("/") && isMatch(qualified))) {
      return { protected: true, reason: `stack "${identity.stack}" matches protected pattern "${pattern}"` };
    }
  }
  for (const [tag, value] of tagEntries(identity.tags)) {
    const wanted = settings.protectedStackTags[tag];
    if (wanted?.includes(value)) {
      return { protected: true, reason: `stack tag ${tag}=${value} marks it protected` };
    }
  }
  return {
    protected: false,
    reason: `stack "${identity.stack}" matches none of the protected patterns (${settings.protectedStacks.join(", ") || "none"})`,
  };
}
