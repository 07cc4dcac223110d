import { PolicyPack } from "@pulumi/policy";
import { buildPolicies } from "./pack.js";
import { POLICIES } from "./policies/index.js";

// The pack's entry point (package.json `main`). Constructing PolicyPack starts the analyzer's gRPC server at once,
// so nothing else may import this file.
new PolicyPack("stateguard", { policies: buildPolicies(POLICIES) });
