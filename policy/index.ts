import { PolicyPack } from "@pulumi/policy";
import { buildPolicies } from "./pack.js";
import { POLICIES } from "./policies/index.js";
import { sdkDeserializeModule, shareDeserializedProps } from "./shared-props.js";

// The pack's entry point (package.json `main`). Constructing PolicyPack starts the analyzer's gRPC server at once,
// so nothing else may import this file.
// Before the server starts: one deserialization of a resource's props per request for all policies (shared-props.ts).
shareDeserializedProps(sdkDeserializeModule() ?? {});
new PolicyPack("stateguard", { policies: buildPolicies(POLICIES) });
