import ts from "typescript";

/**
 * Small helpers over the TypeScript AST shared by the analyses. Pure functions of TypeScript nodes, so the
 * ESLint rules and the project analyzer use them alike.
 */

/** A function-like node with a body: declarations, expressions, arrows, methods, accessors, constructors. */
export type FunctionWithBody =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

export function isFunctionWithBody(node: ts.Node): node is FunctionWithBody {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

export function isClassLike(node: ts.Node): node is ts.ClassDeclaration | ts.ClassExpression {
  return ts.isClassDeclaration(node) || ts.isClassExpression(node);
}

/**
 * `compute` with its answers kept per checker and node (a node's answer is asked by every rule; `undefined` is an
 * answer too). Nodes are weak keys: answers go with the program.
 */
export function memoizedPerChecker<N extends object, V>(
  compute: (checker: ts.TypeChecker, node: N) => V,
): (checker: ts.TypeChecker, node: N) => V {
  const answers = new WeakMap<ts.TypeChecker, WeakMap<N, { readonly value: V }>>();
  return (checker, node) => {
    let known = answers.get(checker);
    if (!known) {
      known = new WeakMap();
      answers.set(checker, known);
    }
    let answer = known.get(node);
    if (!answer) {
      answer = { value: compute(checker, node) };
      known.set(node, answer);
    }
    return answer.value;
  };
}

/** `null` or `undefined` written out. */
export function isNothingLiteral(expression: ts.Expression): boolean {
  const e = skipOuter(expression);
  return e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === "undefined");
}

/** Strips what does not change a value: parentheses, type assertions, `!`, `satisfies`. */
export function skipOuter(expression: ts.Expression): ts.Expression {
  let e = expression;
  for (;;) {
    if (
      ts.isParenthesizedExpression(e) ||
      ts.isAsExpression(e) ||
      ts.isNonNullExpression(e) ||
      ts.isSatisfiesExpression(e) ||
      ts.isTypeAssertionExpression(e)
    ) {
      e = e.expression;
    } else {
      return e;
    }
  }
}

/** The nodes of a file the rules start from, in document order, collected by one walk shared by every rule. */
export interface FileNodes {
  readonly newExpressions: readonly ts.NewExpression[];
  readonly calls: readonly ts.CallExpression[];
  readonly propertyAccesses: readonly ts.PropertyAccessExpression[];
  readonly functions: readonly FunctionWithBody[];
  readonly classes: readonly (ts.ClassDeclaration | ts.ClassExpression)[];
}

const fileNodes = new WeakMap<ts.SourceFile, FileNodes>();

/** The file's `FileNodes`, walked once per file whatever the number of rules asking. */
export function nodesOf(file: ts.SourceFile): FileNodes {
  let nodes = fileNodes.get(file);
  if (!nodes) {
    const found = {
      newExpressions: [] as ts.NewExpression[],
      calls: [] as ts.CallExpression[],
      propertyAccesses: [] as ts.PropertyAccessExpression[],
      functions: [] as FunctionWithBody[],
      classes: [] as (ts.ClassDeclaration | ts.ClassExpression)[],
    };
    forEachDescendant(file, (n) => {
      if (ts.isNewExpression(n)) found.newExpressions.push(n);
      else if (ts.isCallExpression(n)) found.calls.push(n);
      else if (ts.isPropertyAccessExpression(n)) found.propertyAccesses.push(n);
      else if (isFunctionWithBody(n)) found.functions.push(n);
      else if (isClassLike(n)) found.classes.push(n);
    });
    nodes = found;
    fileNodes.set(file, nodes);
  }
  return nodes;
}

/** Visits every descendant of `node` (not `node` itself); `visit` returns false to skip a subtree. */
export function forEachDescendant(node: ts.Node, visit: (n: ts.Node) => unknown): void {
  const walk = (n: ts.Node): void => {
    if (visit(n) === false) return;
    ts.forEachChild(n, walk);
  };
  ts.forEachChild(node, walk);
}

/** The ancestors of a node, nearest first. */
export function* ancestors(node: ts.Node): Generator<ts.Node> {
  for (let n = node.parent as ts.Node | undefined; n; n = n.parent as ts.Node | undefined) yield n;
}

/** Whether some descendant of `node` satisfies `test`; `skip` prunes subtrees. */
export function someDescendant(
  node: ts.Node,
  test: (n: ts.Node) => boolean,
  skip: (n: ts.Node) => boolean = () => false,
): boolean {
  let found = false;
  forEachDescendant(node, (n) => {
    if (found || skip(n)) return false;
    found = test(n);
    return !found;
  });
  return found;
}

/** True when `inner` is `outer` or lies inside it. */
export function contains(outer: ts.Node, inner: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end && inner.getSourceFile() === outer.getSourceFile();
}

/** The nearest ancestor (not the node itself) that satisfies `test`. */
export function findAncestor<T extends ts.Node>(node: ts.Node, test: (n: ts.Node) => n is T): T | undefined {
  for (const n of ancestors(node)) if (test(n)) return n;
  return undefined;
}

/** The symbol an identifier refers to, through imports and `{ x }` shorthand properties. */
export function resolvedSymbol(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  let symbol =
    ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node
      ? checker.getShorthandAssignmentValueSymbol(node.parent)
      : checker.getSymbolAtLocation(node);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) {
    try {
      symbol = checker.getAliasedSymbol(symbol);
    } catch {
      return symbol;
    }
  }
  return symbol;
}

export function declarationOf(symbol: ts.Symbol | undefined): ts.Declaration | undefined {
  return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
}

/** The variable declaration a binding element (`const { a } = x`) belongs to, and whether it is a parameter. */
export function bindingRoot(node: ts.BindingElement): ts.VariableDeclaration | ts.ParameterDeclaration | undefined {
  let n: ts.Node = node;
  while (ts.isBindingElement(n) || ts.isObjectBindingPattern(n) || ts.isArrayBindingPattern(n)) n = n.parent;
  return ts.isVariableDeclaration(n) || ts.isParameter(n) ? n : undefined;
}

/** The source text of a node on one line, shortened for a message. */
export function shortText(node: ts.Node, max = 60): string {
  const text = node.getText().replace(/\s+/g, " ").trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The name a property access, element access with a literal key, or identifier ends in. */
export function memberName(expression: ts.Expression): string | undefined {
  const e = skipOuter(expression);
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) {
    return e.argumentExpression.text;
  }
  if (ts.isIdentifier(e)) return e.text;
  return undefined;
}

/** The static name of a property-like declaration's name node, when it has one. */
export function staticName(name: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

/** The return expressions of a function, not counting nested functions; an arrow's expression body is one. */
export function returnExpressions(fn: FunctionWithBody): { expressions: ts.Expression[]; bare: number } {
  const expressions: ts.Expression[] = [];
  let bare = 0;
  const body = fn.body;
  if (!body) return { expressions, bare };
  if (!ts.isBlock(body)) return { expressions: [body], bare };
  forEachDescendant(body, (n) => {
    if (isFunctionWithBody(n) || isClassLike(n)) return false;
    if (ts.isReturnStatement(n)) {
      if (n.expression) expressions.push(n.expression);
      else bare++;
    }
    return undefined;
  });
  return { expressions, bare };
}

/** The name a function is known by: its own, or the variable or property it is assigned to. */
export function functionName(fn: FunctionWithBody): ts.Node | undefined {
  if (ts.isConstructorDeclaration(fn)) return fn.getFirstToken();
  if (fn.name) return fn.name;
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name;
  if (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name;
  return undefined;
}
