import ts from "typescript";
import {
  isNothingLiteral,
  declarationOf,
  nodesOf,
  functionName,
  resolvedSymbol,
  returnExpressions,
  shortText,
  skipOuter,
} from "../analysis/ast.js";
import { isOwnedResourceRead } from "../analysis/dataflow.js";
import { isRunNowCallback } from "../analysis/program.js";
import { createRule } from "../create-rule.js";
import { isInfrastructureInvoke, isResourceGetCall, isResourceType } from "../pulumi-types.js";
import { runCheck, type CheckInput, type Finding } from "../ts-rule.js";

type MessageIds = "getter";

/** A variable declared at the top level of its module (a registry or a singleton holder). */
function moduleLevelVariable(checker: ts.TypeChecker, node: ts.Expression): ts.VariableDeclaration | undefined {
  const e = skipOuter(node);
  if (!ts.isIdentifier(e)) return undefined;
  const declaration = declarationOf(resolvedSymbol(checker, e));
  if (!declaration || !ts.isVariableDeclaration(declaration)) return undefined;
  const statement = declaration.parent.parent;
  return ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent) ? declaration : undefined;
}

/**
 * How a returned expression hands back an existing resource, or undefined when it does not. With `lookupsOnly`,
 * only reads by id and invokes count: a property of a looked-up value (`getVpcOutput().id`) is the lookup's,
 * while a property of a module-level resource is plain data.
 */
function howReturned(
  checker: ts.TypeChecker,
  expression: ts.Expression,
  depth = 0,
  lookupsOnly = false,
): string | undefined {
  if (depth > 10) return undefined;
  let e = skipOuter(expression);
  if (ts.isAwaitExpression(e)) e = skipOuter(e.expression);
  const fromRegistry = (holder: ts.Expression): string | undefined => {
    if (lookupsOnly) return undefined;
    const registry = moduleLevelVariable(checker, holder);
    if (!registry || !isResourceType(checker, checker.getTypeAtLocation(e))) return undefined;
    return `the module-level \`${registry.name.getText()}\``;
  };
  if (ts.isCallExpression(e)) {
    // Reads of the deployment's context (`getRegion`) and of a resource the code holds hand back nothing found.
    if (isResourceGetCall(checker, e)) {
      return isOwnedResourceRead(checker, e) ? undefined : `\`${shortText(e.expression)}(...)\` reads it by id`;
    }
    if (isInfrastructureInvoke(checker, e)) {
      return isOwnedResourceRead(checker, e) ? undefined : `the lookup \`${shortText(e.expression)}(...)\``;
    }
    const callee = skipOuter(e.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    if (method === "then" || method === "apply") return howReturned(checker, callee.expression, depth + 1, true);
    return fromRegistry(callee.expression);
  }
  if (ts.isPropertyAccessExpression(e)) return howReturned(checker, e.expression, depth + 1, true);
  if (ts.isElementAccessExpression(e)) return fromRegistry(e.expression);
  if (!ts.isIdentifier(e)) return undefined;
  const held = fromRegistry(e);
  if (held) return held;
  const declaration = declarationOf(resolvedSymbol(checker, e));
  if (
    declaration &&
    ts.isVariableDeclaration(declaration) &&
    declaration.initializer &&
    ts.isVariableDeclarationList(declaration.parent) &&
    declaration.parent.flags & ts.NodeFlags.Const
  ) {
    return howReturned(checker, declaration.initializer, depth + 1, lookupsOnly);
  }
  return undefined;
}

/** Named functions and methods whose every returned value is an existing resource found elsewhere. */
export function checkResourceGetters({
  sourceFile,
  checker,
}: CheckInput<Record<string, never>>): Finding<MessageIds>[] {
  const found: Finding<MessageIds>[] = [];
  for (const node of nodesOf(sourceFile).functions) {
    if (ts.isConstructorDeclaration(node) || ts.isSetAccessorDeclaration(node)) continue;
    if (isRunNowCallback(checker, node)) continue;
    const name = functionName(node);
    if (!name) continue;
    const returned = returnExpressions(node).expressions.filter((e) => !isNothingLiteral(e));
    if (returned.length === 0) continue;
    const hows = returned.map((e) => howReturned(checker, e));
    const how = hows[0];
    if (how === undefined || hows.some((h) => h === undefined)) continue;
    found.push({ node: name, messageId: "getter", data: { name: name.getText(), how } });
  }
  return found;
}

export const noResourceGetter = createRule<[], MessageIds>({
  name: "no-resource-getter",
  meta: {
    type: "suggestion",
    docs: {
      description:
        "Disallow functions that hand back an existing resource (by `.get`, a lookup or a module-level registry) instead of receiving it",
      requiresTypeChecking: true,
      preset: "strict",
    },
    messages: {
      getter:
        "`{{name}}` hands back an existing resource ({{how}}) for other code to use: the resources that use it get a hidden input, the program cannot see what depends on what, a lookup changes or fails with the infrastructure, and a registry makes results depend on call order. Take the resource (or the values needed from it) as a parameter and let the top-level program pass it in.",
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    return runCheck(context, {}, checkResourceGetters);
  },
});
