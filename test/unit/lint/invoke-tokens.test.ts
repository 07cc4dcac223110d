import { beforeAll, describe, expect, it } from "vitest";
import { COMPUTING_INVOKES, CONTEXT_INVOKES } from "../../../lint-rules/eslint/pulumi-types.js";
import { ensureProviderIndexes, type ProviderIndex } from "../../../scripts/fetch-provider-types.js";

/**
 * The lint rules' lists of invokes by type token (those that only compute, those that read the deployment's
 * context) checked against the provider SDKs pinned in package.json (stateguard.providerVersions), fetched by
 * scripts/fetch-provider-types.ts into the cache: a token with a typo, or one the SDK dropped, fails here. A failed
 * fetch fails the tests.
 */

const PACKAGE_OF: Record<string, string> = {
  aws: "@pulumi/aws",
  "aws-native": "@pulumi/aws-native",
  azure: "@pulumi/azure",
  "azure-native": "@pulumi/azure-native",
  gcp: "@pulumi/gcp",
  tls: "@pulumi/tls",
};

describe("the invoke lists of the lint rules against the pinned provider SDKs", () => {
  let indexes: ReadonlyMap<string, ProviderIndex> = new Map();
  let fetchError: string | undefined;

  beforeAll(async () => {
    try {
      indexes = (await ensureProviderIndexes()).indexes;
    } catch (e) {
      fetchError = e instanceof Error ? e.message : JSON.stringify(e);
    }
  }, 600_000);

  const lists = { COMPUTING_INVOKES, CONTEXT_INVOKES };
  for (const [list, tokens] of Object.entries(lists)) {
    it(`every token of ${list} is an invoke of its pinned SDK`, () => {
      expect(fetchError).toBeUndefined();
      const missing = [...tokens].filter((token) => {
        const pkg = PACKAGE_OF[token.slice(0, token.indexOf(":"))];
        const index = pkg === undefined ? undefined : indexes.get(pkg);
        return !index?.invokes.includes(token);
      });
      expect(missing).toEqual([]);
    });
  }

  it("no invoke is in both lists", () => {
    expect([...CONTEXT_INVOKES].filter((t) => COMPUTING_INVOKES.has(t))).toEqual([]);
  });
});
