import ts from "typescript";
import {
  isNothingLiteral,
  ancestors,
  declarationOf,
  isFunctionWithBody,
  nodesOf,
  resolvedSymbol,
  shortText,
  skipOuter,
} from "../analysis/ast.js";
import { isConstantName, nameOrigin } from "../analysis/names.js";
import { isInsideFunctionOrClass } from "../analysis/program.js";
import { createRule } from "../create-rule.js";
import { resourceConstruction } from "../pulumi-types.js";
import { runCheck, type CheckInput, type Finding } from "../ts-rule.js";

type MessageIds = "constantName" | "stackName";

/**
 * The module-level variable a `new` expression is assigned to (`cache = new X()`, `cache ??= new X()`), with the
 * assignment's operator, if any.
 */
function assignedModuleVariable(
  checker: ts.TypeChecker,
  node: ts.NewExpression,
): { variable: ts.Symbol; operator: ts.SyntaxKind } | undefined {
  let value: ts.Node = node;
  while (ts.isParenthesizedExpression(value.parent) || ts.isAsExpression(value.parent)) value = value.parent;
  const assignment = value.parent;
  if (!ts.isBinaryExpression(assignment) || assignment.right !== value) return undefined;
  const operator = assignment.operatorToken.kind;
  if (!SINGLETON_ASSIGNMENTS.has(operator) || !ts.isIdentifier(assignment.left)) return undefined;
  const variable = resolvedSymbol(checker, assignment.left);
  const declaration = declarationOf(variable);
  const statement = declaration?.parent.parent;
  return variable &&
    declaration &&
    ts.isVariableDeclaration(declaration) &&
    statement &&
    ts.isSourceFile(statement.parent)
    ? { variable, operator }
    : undefined;
}

const SINGLETON_ASSIGNMENTS = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
]);

/** `!x`, `x === undefined`, `x == null` and the like: a test that `x` holds nothing yet. */
function testsEmpty(checker: ts.TypeChecker, test: ts.Expression, variable: ts.Symbol): boolean {
  const e = skipOuter(test);
  const isVariable = (x: ts.Expression): boolean => {
    const v = skipOuter(x);
    return ts.isIdentifier(v) && resolvedSymbol(checker, v) === variable;
  };
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return isVariable(e.operand);
  if (!ts.isBinaryExpression(e)) return false;
  const op = e.operatorToken.kind;
  if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken) return false;
  return (isVariable(e.left) && isNothingLiteral(e.right)) || (isNothingLiteral(e.left) && isVariable(e.right));
}

/**
 * A module-level singleton filled when empty (`if (!cluster) cluster = new Cluster("default")`, `cluster ??= new
 * Cluster("default")`): the resource is created once per process however often the code runs, so its constant
 * name cannot collide.
 */
function isSingletonFill(checker: ts.TypeChecker, node: ts.NewExpression): boolean {
  const assigned = assignedModuleVariable(checker, node);
  if (!assigned) return false;
  if (assigned.operator !== ts.SyntaxKind.EqualsToken) return true;
  const { variable } = assigned;
  for (const n of ancestors(node)) {
    if (isFunctionWithBody(n)) return false;
    if (ts.isIfStatement(n) && testsEmpty(checker, n.expression, variable) && n.thenStatement.pos <= node.pos) {
      return n.thenStatement.end >= node.end;
    }
  }
  return false;
}

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
    if (isSingletonFill(checker, node)) continue;
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
