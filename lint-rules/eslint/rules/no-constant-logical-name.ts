import { nodesOf, shortText } from "../analysis/ast.js";
import { isConstantName, nameOrigin } from "../analysis/names.js";
import { isInsideFunctionOrClass } from "../analysis/program.js";
import { createRule } from "../create-rule.js";
import { resourceConstruction } from "../pulumi-types.js";
import { runCheck, type CheckInput, type Finding } from "../ts-rule.js";

type MessageIds = "constantName" | "stackName";

/**
 * Logical names in library code that can run more than once (inside a function or class): a name that is the
 * same on every call collides on the second call; a name built from the stack or project name changes with it.
 * Module top-level code runs once per process, so it is not checked.
 */
export function checkConstantLogicalNames({
  sourceFile,
  checker,
  code,
}: CheckInput<Record<string, never>>): Finding<MessageIds>[] {
  const found: Finding<MessageIds>[] = [];
  for (const node of nodesOf(sourceFile).newExpressions) {
    if (!code.mayBeLibrary(node) || !isInsideFunctionOrClass(checker, node)) continue;
    const construction = resourceConstruction(checker, node);
    const nameArg = construction?.nameArg;
    if (!nameArg || !code.isLibrary(node)) continue;
    const origin = nameOrigin(checker, nameArg);
    if (origin.stack) {
      found.push({
        node: nameArg,
        messageId: "stackName",
        data: { name: shortText(nameArg), call: shortText(origin.stack) },
      });
    } else if (isConstantName(origin)) {
      found.push({ node: nameArg, messageId: "constantName", data: { name: shortText(nameArg) } });
    }
  }
  return found;
}

export const noConstantLogicalName = createRule<[], MessageIds>({
  name: "no-constant-logical-name",
  meta: {
    type: "problem",
    docs: {
      description:
        "Disallow logical names in library code that are the same on every call or built from the stack or project name",
      requiresTypeChecking: true,
      preset: "strict",
    },
    messages: {
      constantName:
        "The logical name `{{name}}` is the same every time this code runs: a second call (a second instance of the component, or the function called twice in one stack) registers the same URN again and the deployment fails, and fixing it then renames (replaces) the first one. Build the name from the function's or component's `name` parameter, e.g. `${name}-bucket`.",
      stackName:
        "The logical name `{{name}}` is built from `{{call}}`: the URN already holds the stack and the project, and renaming the stack or the project changes this name, which replaces the resource (deleting the old one with its data). Leave the stack and project out of logical names (put them in physical names if you must) and build the name from the `name` parameter.",
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    return runCheck(context, {}, checkConstantLogicalNames);
  },
});
