import { nodesOf, shortText } from "../analysis/ast.js";
import { conditionsOf } from "../analysis/conditions.js";
import { decidesExistence } from "../analysis/dataflow.js";
import { createRule } from "../create-rule.js";
import { describeConstruction, resourceConstruction, sameResource } from "../pulumi-types.js";
import { runCheck, type CheckInput, type Finding } from "../ts-rule.js";

type MessageIds = "createIfMissing" | "createInCatch";

/** Resources whose creation is decided by a live lookup, in any code (program code too). */
export function checkCreateIfMissing({
  sourceFile,
  checker,
}: CheckInput<Record<string, never>>): Finding<MessageIds>[] {
  const found: Finding<MessageIds>[] = [];
  for (const node of nodesOf(sourceFile).newExpressions) {
    const construction = resourceConstruction(checker, node);
    if (!construction) continue;
    const conditions = conditionsOf(checker, node, {
      sameAs: (other) => {
        const o = resourceConstruction(checker, other);
        return o !== undefined && sameResource(construction, o);
      },
    });
    for (const condition of conditions) {
      // Another stack's outputs decide like configuration does: not whether a resource is there. Nor does a test on
      // an item of a lookup's results (`zones.forEach((zone) => { if (zone.x) ... })`): it shapes how many.
      const lookup = condition.sources.find(decidesExistence);
      if (!lookup) continue;
      const data = { resource: describeConstruction(construction), lookup: shortText(lookup.node) };
      found.push(
        condition.kind === "catch"
          ? { node, messageId: "createInCatch", data }
          : { node, messageId: "createIfMissing", data: { ...data, condition: shortText(condition.test) } },
      );
      break;
    }
  }
  return found;
}

export const noCreateIfMissing = createRule<[], MessageIds>({
  name: "no-create-if-missing",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow creating a resource depending on whether a lookup of live infrastructure finds it",
      requiresTypeChecking: true,
      preset: "recommended",
    },
    messages: {
      createIfMissing:
        '{{resource}} is created depending on `{{condition}}`, which comes from the live lookup `{{lookup}}`: whether it exists follows the state of the infrastructure ("create it if it does not exist"). When the answer changes (typically because the resource now exists), the next `pulumi up` skips the creation and Pulumi deletes it and its data. Always declare the resource; to adopt one that exists, use the `import` resource option once; to use one owned elsewhere, pass it in.',
      createInCatch:
        '{{resource}} is created when the lookup `{{lookup}}` fails ("create it if it does not exist"): the first `pulumi up` creates it; the next one finds it, skips the creation, and Pulumi deletes it and its data. Always declare the resource; to adopt one that exists, use the `import` resource option once; to use one owned elsewhere, pass it in.',
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    return runCheck(context, {}, checkCreateIfMissing);
  },
});
