import { nodesOf, shortText } from "../analysis/ast.js";
import { conditionsOf, decidesOnData } from "../analysis/conditions.js";
import { describeSource, isInfrastructureLookup } from "../analysis/dataflow.js";
import { createRule } from "../create-rule.js";
import { describeConstruction, resourceConstruction, sameResource } from "../pulumi-types.js";
import { runCheck, type CheckInput, type Finding } from "../ts-rule.js";

type MessageIds = "conditional" | "inCatch" | "loop";

export interface NoConditionalResourceOptions {
  /** Also report loops whose number of iterations comes from arguments, config or state. */
  checkLoops?: boolean;
}

export function checkConditionalResources({
  sourceFile,
  checker,
  code,
  options,
}: CheckInput<NoConditionalResourceOptions>): Finding<MessageIds>[] {
  const found: Finding<MessageIds>[] = [];
  for (const node of nodesOf(sourceFile).newExpressions) {
    if (!code.mayBeLibrary(node)) continue;
    const construction = resourceConstruction(checker, node);
    if (!construction) continue;
    const conditions = conditionsOf(checker, node, {
      loops: options.checkLoops === true,
      stopAt: (n) => !code.mayBeLibrary(n),
      sameAs: (other) => {
        const o = resourceConstruction(checker, other);
        return o !== undefined && sameResource(construction, o);
      },
    });
    const condition = conditions.find(decidesOnData);
    if (!condition || !code.isLibrary(node)) continue;
    const resource = describeConstruction(construction);
    const source = condition.sources.find((s) => !isInfrastructureLookup(s)) ?? condition.sources[0];
    if (condition.kind === "catch") {
      found.push({ node, messageId: "inCatch", data: { resource } });
    } else {
      found.push({
        node,
        messageId: condition.kind === "loop" ? "loop" : "conditional",
        data: { resource, condition: shortText(condition.test), source: source ? describeSource(source) : "" },
      });
    }
  }
  return found;
}

export const noConditionalResource = createRule<[NoConditionalResourceOptions], MessageIds>({
  name: "no-conditional-resource",
  meta: {
    type: "problem",
    docs: {
      description:
        "Disallow creating resources in library code under a condition that depends on arguments, config or live state",
      requiresTypeChecking: true,
      preset: "recommended",
    },
    messages: {
      conditional:
        "Whether {{resource}} is created depends on `{{condition}}`, which comes from {{source}}. Library code that creates resources conditionally makes the stack's contents follow the caller's data: when that value changes, the next `pulumi up` deletes the resource and its data. Create it unconditionally here and make the decision in the top-level program (call this code, or not, from there).",
      inCatch:
        "{{resource}} is created in a `catch` block, so it exists only when the code in the `try` fails at deploy time; when that code succeeds on a later run, `pulumi up` deletes the resource and its data. Create it unconditionally and let the failure fail the deployment.",
      loop: "{{resource}} is created once per iteration over `{{condition}}`, which comes from {{source}}: when an item goes away the next `pulumi up` deletes its resource and data, and names built from positions shift onto other items. Loop over an explicit list in the top-level program, and name each resource by a stable key of its item.",
    },
    schema: [
      {
        type: "object",
        properties: {
          checkLoops: {
            type: "boolean",
            description: "Also report loops whose number of iterations comes from arguments, config or state.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkLoops: false }],
  },
  create(context, [options]) {
    return runCheck(context, options, checkConditionalResources);
  },
});
