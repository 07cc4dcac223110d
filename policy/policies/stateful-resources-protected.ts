import { Type } from "@sinclair/typebox";
import { compliant, notApplicable, urnGlobMatch, violations } from "../../src/core/index.js";
import { defineResourcePolicy } from "../define-policy.js";

export const statefulResourcesProtected = defineResourcePolicy({
  name: "stateful-resources-protected",
  description: "Require `protect: true` on every resource of a stateful type.",
  configSchema: Type.Object(
    {
      excludeUrns: Type.Optional(
        Type.Array(Type.String({ minLength: 1 }), {
          description:
            "URNs (globs allowed) exempt from this policy, e.g. scratch data stores. Prefer scoped approvals in the gate for one-off changes.",
          default: [],
        }),
      ),
    },
    { additionalProperties: false },
  ),
  decide(subject, config, context) {
    const entry = context.catalog.lookup(subject.type);
    if (!entry) return notApplicable(`${subject.type} is not a stateful type in the catalog`);
    if ((config.excludeUrns ?? []).some((pattern) => urnGlobMatch(pattern, subject.urn))) {
      return notApplicable(`${subject.urn} is excluded by configuration`);
    }
    if (subject.opts.protect) return compliant;
    const triggers =
      entry.replaceOn.length > 0
        ? ` or changing a property that forces replacement (${entry.replaceOn.join(", ")})`
        : "";
    return violations({
      code: "STATEFUL_NOT_PROTECTED",
      source: "policy",
      rule: "stateful-resources-protected",
      severity: context.protection.protected ? "error" : "warning",
      message:
        `${subject.type} "${subject.name}" (${entry.why}) is not protected: removing it from the program${triggers} ` +
        `deletes it and its data. Protect in the program also closes the engine's gap that lets one update drop ` +
        `protect and replace the resource.`,
      fix: `Add \`protect: true\` to the resource options of "${subject.name}": new ...("${subject.name}", args, { protect: true }).`,
      resource: { urn: subject.urn, type: subject.type, name: subject.name },
    });
  },
});
