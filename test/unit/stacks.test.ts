import { describe, expect, it } from "vitest";
import { classifyStack, DEFAULT_SETTINGS } from "../../src/core/index.js";

describe("protected stack classification", () => {
  it.each(["prod", "acme-prod", "eu-production", "PROD"])("treats %s as protected by default", (stack) => {
    expect(classifyStack({ stack }, DEFAULT_SETTINGS).protected).toBe(true);
  });

  it.each(["dev", "staging", "prod-copy", "product"])("treats %s as unprotected by default", (stack) => {
    expect(classifyStack({ stack }, DEFAULT_SETTINGS).protected).toBe(false);
  });

  it("matches org/project/stack patterns against the qualified name", () => {
    const settings = { ...DEFAULT_SETTINGS, protectedStacks: ["acme/payments/*"] };
    expect(classifyStack({ stack: "eu", project: "payments", organization: "acme" }, settings).protected).toBe(true);
    expect(classifyStack({ stack: "eu", project: "search", organization: "acme" }, settings).protected).toBe(false);
  });

  it("marks a stack protected by a tag, given as a map or a record", () => {
    const settings = { protectedStacks: [], protectedStackTags: { environment: ["prod"] } };
    expect(classifyStack({ stack: "blue", tags: new Map([["environment", "prod"]]) }, settings)).toEqual({
      protected: true,
      reason: "stack tag environment=prod marks it protected",
    });
    expect(classifyStack({ stack: "blue", tags: { environment: "dev" } }, settings).protected).toBe(false);
  });

  it("reads tags from the read-only map-like object CrossGuard passes to policies", () => {
    const map = new Map([["environment", "prod"]]);
    const frozen = Object.freeze({ entries: map.entries.bind(map), get: map.get.bind(map), has: map.has.bind(map) });
    const settings = { protectedStacks: [], protectedStackTags: { environment: ["prod"] } };
    expect(
      classifyStack({ stack: "blue", tags: frozen as unknown as ReadonlyMap<string, string> }, settings).protected,
    ).toBe(true);
  });

  it("says which pattern matched", () => {
    expect(classifyStack({ stack: "acme-prod" }, DEFAULT_SETTINGS).reason).toBe(
      'stack "acme-prod" matches protected pattern "*prod"',
    );
  });
});
