import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { buildPolicies, type PackEnvironment } from "../../policy/pack.js";
import { POLICIES } from "../../policy/policies/index.js";
import { sdkDeserializeModule, shareDeserializedProps } from "../../policy/shared-props.js";
import { builtinCatalog } from "../../src/core/index.js";

/**
 * The pack's props sharing, against the pinned @pulumi/policy's own analyzer server (server.js): requests built
 * with the SDK's protobuf classes go through its Analyze function, and the test counts how often the SDK's
 * deserializeProperties really runs.
 */
const require = createRequire(import.meta.url);
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb") as {
  AnalyzeRequest: new () => AnalyzeRequest;
  AnalyzerResourceOptions: new () => { setProtect(p: boolean): void };
};
const structPb = require("google-protobuf/google/protobuf/struct_pb") as {
  Struct: { fromJavaScript(v: Record<string, unknown>): object };
};
const server = require("@pulumi/policy/server") as {
  makeAnalyzeRpcFun(
    name: string,
    version: string,
    level: string,
    policies: unknown[],
  ): (call: { request: AnalyzeRequest }, cb: (err: unknown, res?: AnalyzeResponse) => void) => Promise<void>;
};
interface AnalyzeRequest {
  setType(t: string): void;
  setName(n: string): void;
  setUrn(u: string): void;
  setProperties(s: object): void;
  setOptions(o: object): void;
}
interface AnalyzeResponse {
  getDiagnosticsList(): { getPolicyname(): string; getMessage(): string }[];
}

function request(type: string, name: string, props: Record<string, unknown>): AnalyzeRequest {
  const req = new analyzerPb.AnalyzeRequest();
  req.setType(type);
  req.setName(name);
  req.setUrn(`urn:pulumi:acme-prod::orders::${type}::${name}`);
  req.setProperties(structPb.Struct.fromJavaScript(props));
  req.setOptions(new analyzerPb.AnalyzerResourceOptions());
  return req;
}

const env: PackEnvironment = { stack: () => ({ stack: "acme-prod", project: "orders" }), catalog: builtinCatalog };

async function analyze(req: AnalyzeRequest): Promise<AnalyzeResponse> {
  const rpc = server.makeAnalyzeRpcFun("stateguard", "0.1.0", "advisory", buildPolicies(POLICIES, env));
  return new Promise((resolve, reject) => {
    void rpc({ request: req }, (err, res) => {
      if (res) resolve(res);
      else reject(err instanceof Error ? err : new Error(String(err)));
    });
  });
}

describe("sharing one deserialization of props per request", () => {
  it("wraps the SDK's deserializeProperties once, and the SDK's server goes through the wrapper", async () => {
    const module = sdkDeserializeModule();
    expect(module && typeof module.deserializeProperties).toBe("function");
    if (!module?.deserializeProperties) return;
    const original = module.deserializeProperties;
    let calls = 0;
    module.deserializeProperties = (struct: unknown, flag: boolean) => {
      calls++;
      return original(struct, flag);
    };
    try {
      const db = () => request("aws:rds/instance:Instance", "db", { engine: "postgres", deletionProtection: false });
      const before = await analyze(db());
      const unshared = calls;
      // Without sharing the SDK deserializes once per resource policy that reads props (four of them).
      expect(unshared).toBeGreaterThanOrEqual(4);
      expect(shareDeserializedProps(module)).toBe(true);
      expect(shareDeserializedProps(module)).toBe(true);
      calls = 0;
      const after = await analyze(db());
      expect(calls).toBe(1);
      const messages = (r: AnalyzeResponse) => r.getDiagnosticsList().map((d) => [d.getPolicyname(), d.getMessage()]);
      expect(messages(after)).toEqual(messages(before));
      expect(new Set(messages(after).map(([p]) => p))).toEqual(
        new Set(["stateful-resources-protected", "stateful-deletion-protection"]),
      );
      calls = 0;
      await analyze(db());
      expect(calls).toBe(1);
    } finally {
      module.deserializeProperties = original;
    }
  });

  it("keeps requests and the secrets flag apart", () => {
    const results: unknown[] = [];
    const module = {
      deserializeProperties: (struct: unknown, flag: boolean) => {
        const r = { struct, flag };
        results.push(r);
        return r;
      },
    };
    expect(shareDeserializedProps(module)).toBe(true);
    const a = structPb.Struct.fromJavaScript({ x: 1 });
    const b = structPb.Struct.fromJavaScript({ x: 1 });
    expect(module.deserializeProperties(a, false)).toBe(module.deserializeProperties(a, false));
    expect(module.deserializeProperties(a, true)).not.toBe(module.deserializeProperties(a, false));
    expect(module.deserializeProperties(b, false)).not.toBe(module.deserializeProperties(a, false));
    expect(results).toHaveLength(3);
  });

  it("changes nothing when the SDK's module does not look as expected", () => {
    const module: Record<string, unknown> = { deserializeProperties: "not a function" };
    expect(shareDeserializedProps(module)).toBe(false);
    expect(module.deserializeProperties).toBe("not a function");
  });
});
