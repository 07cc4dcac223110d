// Loads the gRPC stubs that @pulumi/pulumi ships for the engine <-> language host protocol.
//
// The stubs are generated CommonJS (protoc + grpc-tools), so this ESM module loads them with
// `createRequire`; only their types come in through `import type`. Using the SDK's own stubs (instead
// of generating ours) keeps the wire format exactly the one @pulumi/pulumi 3.259.0 speaks.

import { createRequire } from "node:module";

import type * as LanguageGrpc from "@pulumi/pulumi/proto/language_grpc_pb.js";
import type * as LanguagePb from "@pulumi/pulumi/proto/language_pb.js";
import type * as PluginPb from "@pulumi/pulumi/proto/plugin_pb.js";
import type * as AnalyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb.js";
import type * as AnalyzerPb from "@pulumi/pulumi/proto/analyzer_pb.js";
import type * as EmptyPb from "google-protobuf/google/protobuf/empty_pb.js";

const require = createRequire(import.meta.url);

export const languageGrpc = require("@pulumi/pulumi/proto/language_grpc_pb.js") as typeof LanguageGrpc;
export const languagePb = require("@pulumi/pulumi/proto/language_pb.js") as typeof LanguagePb;
export const pluginPb = require("@pulumi/pulumi/proto/plugin_pb.js") as typeof PluginPb;
export const analyzerGrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb.js") as typeof AnalyzerGrpc;
export const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb.js") as typeof AnalyzerPb;
// The Empty class must be the very instance the stubs were generated against: their serializers check
// `instanceof`, so resolve google-protobuf from @pulumi/pulumi's location, not from ours.
const requireFromSdk = createRequire(require.resolve("@pulumi/pulumi/proto/language_grpc_pb.js"));
export const emptyPb = requireFromSdk("google-protobuf/google/protobuf/empty_pb.js") as typeof EmptyPb;

export type { LanguageGrpc, LanguagePb, PluginPb, AnalyzerGrpc, AnalyzerPb, EmptyPb };

/** The version of @pulumi/pulumi this host was installed with; reported as the plugin's version. */
export function sdkVersion(): string {
  const pkg = require("@pulumi/pulumi/package.json") as { version?: string };
  return pkg.version ?? "3.259.0";
}
