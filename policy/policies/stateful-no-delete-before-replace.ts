import { Type } from "@sinclair/typebox";
import { compliant, notApplicable, urnGlobMatch, violations } from "../../src/core/index.js";
import { defineResourcePolicy } from "../define-policy.js";

const NAME = "stateful-no-delete-before-replace";

export const statefulNoDeleteBeforeReplace = defineResourcePolicy({
  name: NAME,
  description: "Disallow `deleteBeforeReplace: true` on resources of a stateful type.",
  configSchema: Type.Object(
    {
      excludeUrns: Type.Optional(
        Type.Array(Type.String({ minLength: 1 }), {
          description:
            "URNs (globs allowed) exempt from this policy, e.g. a cache that may be emptied when it is replaced.",
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
    // Options are always known, also during preview: this decision is exact.
    if (subject.opts.deleteBeforeReplace !== true) return compliant;
    const triggers = entry.replaceOn.length > 0 ? ` (${entry.replaceOn.join(", ")})` : "";
    return violations({
      code: "STATEFUL_DELETE_BEFORE_REPLACE",
      source: "policy",
      rule: NAME,
      severity: context.protection.protected ? "error" : "warning",
      message:
        `${subject.type} "${subject.name}" (${entry.why}) has \`deleteBeforeReplace: true\`: when a change forces ` +
        `a replacement${triggers}, the engine deletes it and its data first and only then creates the new one, ` +
        `so the service is down in between and the data is gone, even if creating the replacement fails.`,
      fix:
        `Remove \`deleteBeforeReplace: true\` from the resource options of "${subject.name}". If the replacement ` +
        `must reuse the physical name, migrate the data to a new resource with another name instead.`,
      resource: { urn: subject.urn, type: subject.type, name: subject.name },
    });
  },
});
