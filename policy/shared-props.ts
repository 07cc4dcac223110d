import { createRequire } from "node:module";

/**
 * One deserialization of a resource's props per engine request, shared by all of the pack's policies.
 *
 * `@pulumi/policy` (1.21.0, server.js) deserializes a request's props anew for every policy it runs: Analyze calls
 * `deserializeProperties(req.getProperties(), false)` once per validation, AnalyzeStack once per resource per stack
 * policy. That is about 44 µs per policy per resource on the benchmark's mix (bench/README.md), more than all of
 * stateguard's own decisions. The result is a pure function of the request's props Struct and the secrets flag, the
 * Struct is the same object for every policy of one request (google-protobuf caches message fields), and the
 * server reaches the function through its module object at call time. So the pack wraps the module's function
 * with a memo keyed weakly by that Struct: the first policy of a request pays, the others reuse the plain object
 * (each still gets its own unknown-checking proxy from the SDK). Stateguard's decisions never write to props.
 *
 * When the SDK's module does not look as expected, nothing is changed and the pack works as before, only slower.
 */

type Deserialize = (struct: unknown, proxySecrets: boolean) => unknown;

interface DeserializeModule {
  deserializeProperties: Deserialize & { readonly [SHARED]?: true };
}

const SHARED = Symbol.for("stateguard.sharedProps");

/** Wraps `deserializeProperties` of the given module once; returns whether the wrapper is (now) in place. */
export function shareDeserializedProps(module: Partial<DeserializeModule>): boolean {
  const original = module.deserializeProperties;
  if (typeof original !== "function") return false;
  if (original[SHARED]) return true;
  const memo = { plain: new WeakMap<object, unknown>(), secretsKept: new WeakMap<object, unknown>() };
  // The policies of one request run one after another, so the last result answers most lookups; the weak maps
  // cover requests in flight side by side.
  let last: { struct: object; proxySecrets: boolean; result: unknown } | undefined;
  const shared = (struct: unknown, proxySecrets: boolean): unknown => {
    if (typeof struct !== "object" || struct === null) return original(struct, proxySecrets);
    if (last?.struct === struct && last.proxySecrets === proxySecrets) return last.result;
    const cache = proxySecrets ? memo.secretsKept : memo.plain;
    let result: unknown;
    if (cache.has(struct)) result = cache.get(struct);
    else {
      result = original(struct, proxySecrets);
      cache.set(struct, result);
    }
    last = { struct, proxySecrets, result };
    return result;
  };
  Object.defineProperty(shared, SHARED, { value: true });
  module.deserializeProperties = shared;
  return true;
}

/** The SDK's deserialize module, as the analyzer server requires it (the same module instance). */
export function sdkDeserializeModule(): Partial<DeserializeModule> | undefined {
  try {
    return createRequire(import.meta.url)("@pulumi/policy/deserialize") as Partial<DeserializeModule>;
  } catch {
    return undefined;
  }
}
