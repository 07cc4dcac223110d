import { main } from "@pulumi/pulumi/provider/index.js";
import { createStandInProvider } from "./provider.js";

// Started by the engine through a `pulumi-resource-<package>` wrapper; the version is the one the wrapper
// advertises (any version satisfies a program that does not pin one).
const version = process.env.STATEGUARD_STAND_IN_VERSION ?? "7.0.0";
main(createStandInProvider(version), process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`stand-in provider failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
