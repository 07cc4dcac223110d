import ts from "typescript";
import {
  ancestors,
  bindingRoot,
  contains,
  declarationOf,
  forEachDescendant,
  isClassLike,
  isFunctionWithBody,
  resolvedSymbol,
  returnExpressions,
  skipOuter,
  staticName,
} from "./ast.js";
import {
  expressionIsSdkClass,
  isCloudSdkCall,
  isInvokeCall,
  isResourceGetCall,
  isResourceOptionsUrn,
  isResourceType,
  isStackNameCall,
  isStackReferenceRead,
} from "../pulumi-types.js";
import { isRunNowCallback, PROMISE_METHODS } from "./program.js";

/**
 * Where the value of an expression comes from, followed through local variables, destructuring, `this.x`
 * fields, imports and the return values of functions declared in the project. Pure over the TypeScript AST and
 * checker.
 *
 * - argument: a parameter of an enclosing function (the caller decides it), or a component field set from one;
 * - config: `pulumi.Config`, `process.env`, `pulumi.getStack()`/`getProject()`;
 * - lookup: live state read at deploy time: a provider invoke, `Resource.get`, a cloud SDK call, a StackReference.
 */

export type SourceKind = "argument" | "config" | "lookup";

export interface Source {
  readonly kind: SourceKind;
  /** The expression that brings the value in, for the message. */
  readonly node: ts.Node;
  /**
   * A lookup that reads another stack's outputs (a StackReference) rather than the state of infrastructure: it
   * changes when that stack is updated, not when a resource appears or goes, so it never decides "if missing".
   */
  readonly stackOutput?: boolean;
}

/** A lookup of infrastructure itself: an invoke, `Resource.get` or a cloud SDK call, not another stack's outputs. */
export function isInfrastructureLookup(source: Source): boolean {
  return source.kind === "lookup" && source.stackOutput !== true;
}

export interface SourceOptions {
  /** Do not count the SDK's `opts.urn` (the rehydration guard of a component is not a decision). */
  readonly ignoreUrn?: boolean;
}

/** A live-state read: invoke, `Resource.get`, cloud SDK call. */
export function isLookupCall(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  return isInvokeCall(checker, call) || isResourceGetCall(checker, call) || isCloudSdkCall(checker, call);
}

/** The array-method callback a parameter belongs to, and the array it iterates. */
export function iteratedArrayOf(
  checker: ts.TypeChecker,
  parameter: ts.ParameterDeclaration,
): ts.Expression | undefined {
  const fn = parameter.parent;
  if (!isRunNowCallback(checker, fn)) return undefined;
  const call = fn.parent as ts.CallExpression;
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || PROMISE_METHODS.has(callee.name.text)) return undefined;
  return callee.expression;
}

class SourceFinder {
  private readonly sources: Source[] = [];
  /** What was followed, in each mode: everything, or only lookups (see `lookupsOnly`). */
  private readonly seen = { all: new Set<ts.Symbol | ts.Node>(), lookups: new Set<ts.Symbol | ts.Node>() };
  /** Inside a resource's outputs only lookups count (a resource read from live state); its arguments do not. */
  private lookupsOnly = 0;
  /** Functions whose parameters are bound inside what is analysed (callbacks in it, functions followed). */
  private readonly bound: ts.Node[] = [];

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly options: SourceOptions,
  ) {}

  run(root: ts.Node): Source[] {
    this.bound.push(root);
    this.visit(root);
    return this.sources;
  }

  /** Marks a symbol or function as followed; false when it already was in this mode (or in the wider one). */
  private firstVisit(key: ts.Symbol | ts.Node): boolean {
    if (this.seen.all.has(key) || (this.lookupsOnly > 0 && this.seen.lookups.has(key))) return false;
    (this.lookupsOnly > 0 ? this.seen.lookups : this.seen.all).add(key);
    return true;
  }

  private add(kind: SourceKind, node: ts.Node, stackOutput = false): void {
    if (this.lookupsOnly > 0 && kind !== "lookup") return;
    if (this.sources.some((s) => s.kind === kind && s.node === node)) return;
    this.sources.push(stackOutput ? { kind, node, stackOutput } : { kind, node });
  }

  private isBound(declaration: ts.Node): boolean {
    return this.bound.some((b) => contains(b, declaration));
  }

  private visit = (node: ts.Node): void => {
    if (ts.isTypeNode(node) || ts.isTypeParameterDeclaration(node)) return;
    if (ts.isIdentifier(node)) {
      this.identifier(node);
      return;
    }
    if (ts.isPropertyAccessExpression(node)) {
      this.propertyAccess(node);
      return;
    }
    if (ts.isCallExpression(node)) {
      this.call(node);
      return;
    }
    if (ts.isNewExpression(node)) {
      if (expressionIsSdkClass(this.checker, node, "Config")) this.add("config", node);
      else if (expressionIsSdkClass(this.checker, node, "StackReference")) this.add("lookup", node, true);
      // A new resource is an object whatever its arguments: a test on a variable holding one (`if (!cached)`)
      // does not depend on them. Whether it was created at all is decided, and reported, where it is created.
      else if (!isResourceType(this.checker, this.checker.getTypeAtLocation(node))) node.arguments?.forEach(this.visit);
      return;
    }
    if (ts.isPropertyAssignment(node)) {
      if (ts.isComputedPropertyName(node.name)) this.visit(node.name);
      this.visit(node.initializer);
      return;
    }
    if (isFunctionWithBody(node)) {
      // A callback inside what is analysed: its own parameters are bound to data counted elsewhere.
      this.bound.push(node);
      if (node.body) this.visit(node.body);
      return;
    }
    if (isClassLike(node)) return;
    ts.forEachChild(node, this.visit);
  };

  private propertyAccess(node: ts.PropertyAccessExpression): void {
    const { checker } = this;
    if (this.options.ignoreUrn && isResourceOptionsUrn(checker, node)) return;
    if (isStackReferenceRead(checker, node)) {
      this.add("lookup", node, true);
      return;
    }
    const target = skipOuter(node.expression);
    if (ts.isIdentifier(target) && target.text === "process" && node.name.text === "env") {
      const declaration = declarationOf(resolvedSymbol(checker, target));
      if (!declaration || declaration.getSourceFile().isDeclarationFile) {
        this.add("config", node);
        return;
      }
    }
    if (target.kind === ts.SyntaxKind.ThisKeyword) {
      this.thisProperty(node);
      return;
    }
    // A property of an object literal of the project: only that property's value, not its siblings'.
    const member = declarationOf(checker.getSymbolAtLocation(node.name));
    if (
      member &&
      (ts.isPropertyAssignment(member) || ts.isShorthandPropertyAssignment(member)) &&
      !member.getSourceFile().isDeclarationFile
    ) {
      if (this.firstVisit(member)) this.visit(ts.isPropertyAssignment(member) ? member.initializer : member.name);
      return;
    }
    const literal = constObjectLiteral(checker, node.expression);
    if (literal && !literal.properties.some((p) => staticName(p.name) === node.name.text)) {
      // Not one of the literal's own properties: it can only come from what the literal spreads.
      if (!this.firstVisit(literal)) return;
      for (const p of literal.properties) if (ts.isSpreadAssignment(p)) this.visit(p.expression);
      return;
    }
    if (isResourceType(checker, checker.getTypeAtLocation(node.expression))) {
      // A resource's outputs (`bucket.arn`, `uuid.result`) are the provider's data, not the caller's: only a
      // resource that was itself read from live state makes them a source.
      this.lookupsOnly++;
      this.visit(node.expression);
      this.lookupsOnly--;
      return;
    }
    this.visit(node.expression);
  }

  private thisProperty(node: ts.PropertyAccessExpression): void {
    const symbol = this.checker.getSymbolAtLocation(node.name);
    if (!symbol || !this.firstVisit(symbol)) return;
    const declaration = declarationOf(symbol);
    if (!declaration) return;
    if (ts.isParameter(declaration)) {
      this.add("argument", node);
      return;
    }
    if (ts.isGetAccessorDeclaration(declaration)) {
      this.followFunction(declaration);
      return;
    }
    if (!ts.isPropertyDeclaration(declaration)) return;
    if (declaration.initializer) this.visit(declaration.initializer);
    const owner = declaration.parent;
    forEachDescendant(owner, (n) => {
      if (
        ts.isBinaryExpression(n) &&
        isAssignment(n.operatorToken.kind) &&
        ts.isPropertyAccessExpression(skipOuter(n.left)) &&
        this.checker.getSymbolAtLocation((skipOuter(n.left) as ts.PropertyAccessExpression).name) === symbol
      ) {
        this.visit(n.right);
      }
    });
  }

  private call(node: ts.CallExpression): void {
    const { checker } = this;
    if (isLookupCall(checker, node)) {
      this.add("lookup", node);
      return;
    }
    if (isStackNameCall(checker, node)) {
      this.add("config", node);
      return;
    }
    this.visit(node.expression);
    node.arguments.forEach(this.visit);
    const callee = declarationOf(resolvedSymbol(checker, skipOuter(node.expression)));
    if (!callee || callee.getSourceFile().isDeclarationFile) return;
    const fn = ts.isVariableDeclaration(callee) && callee.initializer ? skipOuter(callee.initializer) : callee;
    if (isFunctionWithBody(fn)) this.followFunction(fn);
  }

  /** What a function of the project returns, its own parameters bound to the arguments already counted. */
  private followFunction(fn: ts.Node): void {
    if (!isFunctionWithBody(fn) || !this.firstVisit(fn)) return;
    this.bound.push(fn);
    for (const e of returnExpressions(fn).expressions) this.visit(e);
  }

  private identifier(node: ts.Identifier): void {
    const { checker } = this;
    const symbol = resolvedSymbol(checker, node);
    const declaration = declarationOf(symbol);
    if (!symbol || !declaration || !this.firstVisit(symbol)) return;
    if (ts.isParameter(declaration)) {
      this.parameter(declaration, node);
      return;
    }
    if (ts.isBindingElement(declaration)) {
      const root = bindingRoot(declaration);
      if (root && ts.isParameter(root)) this.parameter(root, node);
      else if (root) this.variable(root, symbol);
      return;
    }
    if (ts.isVariableDeclaration(declaration)) this.variable(declaration, symbol);
  }

  private parameter(declaration: ts.ParameterDeclaration, at: ts.Identifier): void {
    if (this.isBound(declaration)) return;
    const array = iteratedArrayOf(this.checker, declaration);
    if (array) {
      this.visit(array);
      return;
    }
    this.add("argument", widestAccess(at));
  }

  private variable(declaration: ts.VariableDeclaration, symbol: ts.Symbol): void {
    const list = declaration.parent;
    const statement = ts.isVariableDeclarationList(list) ? list.parent : undefined;
    if (statement && (ts.isForOfStatement(statement) || ts.isForInStatement(statement))) {
      this.visit(statement.expression);
      return;
    }
    if (ts.isCatchClause(list)) return;
    if (declaration.initializer) this.visit(declaration.initializer);
    if (ts.isVariableDeclarationList(list) && !(list.flags & ts.NodeFlags.Const)) {
      const scope = scopeOf(declaration);
      forEachDescendant(scope, (n) => {
        if (
          ts.isBinaryExpression(n) &&
          isAssignment(n.operatorToken.kind) &&
          ts.isIdentifier(skipOuter(n.left)) &&
          resolvedSymbol(this.checker, skipOuter(n.left)) === symbol
        ) {
          this.visit(n.right);
        }
      });
    }
  }
}

/** The object literal a `const` is initialized with, when `expression` names such a const. */
function constObjectLiteral(
  checker: ts.TypeChecker,
  expression: ts.Expression,
): ts.ObjectLiteralExpression | undefined {
  const e = skipOuter(expression);
  if (!ts.isIdentifier(e)) return undefined;
  const declaration = declarationOf(resolvedSymbol(checker, e));
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  if (!(ts.isVariableDeclarationList(declaration.parent) && declaration.parent.flags & ts.NodeFlags.Const)) {
    return undefined;
  }
  const init = skipOuter(declaration.initializer);
  return ts.isObjectLiteralExpression(init) ? init : undefined;
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** The function body or source file a declaration is scoped to. */
function scopeOf(node: ts.Node): ts.Node {
  for (const n of ancestors(node)) {
    if (isFunctionWithBody(n) || ts.isSourceFile(n)) return n;
  }
  return node.getSourceFile();
}

/** `args` in `args.network.enabled` widened to the whole access, for the message. */
function widestAccess(node: ts.Node): ts.Node {
  let n = node;
  while (
    (ts.isPropertyAccessExpression(n.parent) || ts.isElementAccessExpression(n.parent)) &&
    n.parent.expression === n &&
    !(ts.isCallExpression(n.parent.parent) && n.parent.parent.expression === n.parent)
  ) {
    n = n.parent;
  }
  return n;
}

/** Where the value of `expression` comes from; empty when it is a constant of the code. */
export function sourcesOf(checker: ts.TypeChecker, expression: ts.Node, options: SourceOptions = {}): Source[] {
  return new SourceFinder(checker, options).run(expression);
}

/** A short phrase naming a source, for messages: "the argument `args.enabled`". */
export function describeSource(source: Source): string {
  const text = source.node.getText().replace(/\s+/g, " ");
  const shown = text.length > 50 ? `${text.slice(0, 49)}…` : text;
  switch (source.kind) {
    case "argument":
      return `the argument \`${shown}\``;
    case "config":
      return `the configuration \`${shown}\``;
    case "lookup":
      return `the live lookup \`${shown}\``;
  }
}
