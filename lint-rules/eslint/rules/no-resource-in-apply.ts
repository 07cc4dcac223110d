import ts from "typescript";
import { ancestors, isFunctionWithBody, nodesOf } from "../analysis/ast.js";
import { createRule } from "../create-rule.js";
import { describeConstruction, isOutputApplyCall, resourceConstruction } from "../pulumi-types.js";
import { runCheck, type CheckInput, type Finding } from "../ts-rule.js";

type MessageIds = "resourceInApply";

/** The `.apply(...)` call whose callback (at any depth) contains `node`. */
export function enclosingApply(checker: ts.TypeChecker, node: ts.Node): ts.CallExpression | undefined {
  for (const n of ancestors(node)) {
    if (!isFunctionWithBody(n)) continue;
    const call = n.parent;
    if (ts.isCallExpression(call) && call.arguments.some((a) => a === n) && isOutputApplyCall(checker, call)) {
      return call;
    }
  }
  return undefined;
}

/** Resources constructed inside an Output's `apply` callback, in any code. */
export function checkResourcesInApply({
  sourceFile,
  checker,
}: CheckInput<Record<string, never>>): Finding<MessageIds>[] {
  const found: Finding<MessageIds>[] = [];
  for (const node of nodesOf(sourceFile).newExpressions) {
    const construction = resourceConstruction(checker, node);
    if (!construction || !enclosingApply(checker, node)) continue;
    found.push({ node, messageId: "resourceInApply", data: { resource: describeConstruction(construction) } });
  }
  return found;
}

export const noResourceInApply = createRule<[], MessageIds>({
  name: "no-resource-in-apply",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow creating resources inside an Output's `.apply()` callback",
      requiresTypeChecking: true,
      preset: "recommended",
    },
    messages: {
      resourceInApply:
        "{{resource}} is created inside an `.apply()` callback: it exists only once the value is known, so `pulumi preview` does not show it (or shows a different plan than `pulumi up`), and when the value is unknown or changes it can disappear from the program and be deleted with its data. Create it outside the callback and pass the Output straight to its inputs (inputs accept Outputs; use `pulumi.interpolate` or `pulumi.all` for derived values).",
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    return runCheck(context, {}, checkResourcesInApply);
  },
});
