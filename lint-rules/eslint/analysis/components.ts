import ts from "typescript";
import {
  someDescendant,
  declarationOf,
  forEachDescendant,
  isClassLike,
  isFunctionWithBody,
  resolvedSymbol,
  skipOuter,
  staticName,
} from "./ast.js";
import {
  derivesFromSdkClass,
  isComponentMember,
  isResourceOptionsType,
  resourceConstruction,
  sdkFunctionName,
  type ResourceConstruction,
} from "../pulumi-types.js";

/**
 * ComponentResource classes: which code runs while one is constructed, and what parent the resources it creates
 * get. Pure over the TypeScript AST and checker.
 */

export type ClassNode = ts.ClassDeclaration | ts.ClassExpression;

/** The instance type of a class node. */
function instanceTypeOf(checker: ts.TypeChecker, node: ClassNode): ts.Type | undefined {
  const symbol = node.name ? checker.getSymbolAtLocation(node.name) : checker.getTypeAtLocation(node).getSymbol();
  return symbol ? checker.getDeclaredTypeOfSymbol(symbol) : undefined;
}

/** True when the class derives from the SDK's ComponentResource. */
export function isComponentClass(checker: ts.TypeChecker, node: ClassNode): boolean {
  const type = instanceTypeOf(checker, node);
  return type !== undefined && derivesFromSdkClass(checker, type, "ComponentResource");
}

/** `this.x(...)` calls in a body, not counting nested non-arrow functions and classes (their `this` differs). */
function thisCalls(body: ts.Node): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  forEachDescendant(body, (n) => {
    if (isClassLike(n) || (isFunctionWithBody(n) && !ts.isArrowFunction(n))) return false;
    if (ts.isCallExpression(n)) {
      const callee = skipOuter(n.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) calls.push(n);
    }
    return undefined;
  });
  return calls;
}

/** The constructor of the class, and every method of it that the constructor calls, directly or not. */
export function constructionBodies(checker: ts.TypeChecker, node: ClassNode): FunctionLikeWithBody[] {
  const reached: FunctionLikeWithBody[] = [];
  const queue: FunctionLikeWithBody[] = node.members.filter(
    (m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined,
  );
  while (queue.length > 0) {
    const fn = queue.shift()!;
    if (reached.includes(fn)) continue;
    reached.push(fn);
    if (!fn.body) continue;
    for (const call of thisCalls(fn.body)) {
      const declaration = declarationOf(
        checker.getSymbolAtLocation((skipOuter(call.expression) as ts.PropertyAccessExpression).name),
      );
      if (!declaration || declaration.parent !== node) continue;
      if (ts.isMethodDeclaration(declaration) && declaration.body) queue.push(declaration);
      else if (ts.isPropertyDeclaration(declaration) && declaration.initializer) {
        const init = skipOuter(declaration.initializer);
        if (ts.isArrowFunction(init)) queue.push(init);
      }
    }
  }
  return reached;
}

export type FunctionLikeWithBody = ts.ConstructorDeclaration | ts.MethodDeclaration | ts.ArrowFunction;

/** Resource constructions in a body whose `this` is the component (arrows included, other functions not). */
export function constructionsIn(checker: ts.TypeChecker, body: ts.Node): ResourceConstruction[] {
  const found: ResourceConstruction[] = [];
  forEachDescendant(body, (n) => {
    if (isClassLike(n) || (isFunctionWithBody(n) && !ts.isArrowFunction(n))) return false;
    if (ts.isNewExpression(n)) {
      const construction = resourceConstruction(checker, n);
      if (construction) found.push(construction);
    }
    return undefined;
  });
  return found;
}

/**
 * What parent resource options give a child of a component:
 * - ok: `this`, a resource created in the component, or a `this.x` field;
 * - missing: no parent at all;
 * - callers: the component's own options or `opts.parent`, i.e. the caller's parent, not the component;
 * - unknown: cannot be told here (nothing is reported).
 */
export type ParentVerdict = "ok" | "missing" | "callers" | "unknown";

export class ParentAnalysis {
  private readonly seen = new Set<ts.Node>();

  constructor(
    private readonly checker: ts.TypeChecker,
    /** The component's constructor's own options parameter. */
    private readonly ownOptions: ts.Symbol | undefined,
  ) {}

  /** The verdict for a resource's options argument (undefined: no options argument). */
  options(expression: ts.Expression | undefined): ParentVerdict {
    if (!expression) return "missing";
    if (this.seen.has(expression)) return "unknown";
    this.seen.add(expression);
    const e = skipOuter(expression);
    if (ts.isObjectLiteralExpression(e)) return this.objectLiteral(e);
    if (ts.isIdentifier(e)) {
      const symbol = resolvedSymbol(this.checker, e);
      if (symbol && symbol === this.ownOptions) return "callers";
      const initializer = constInitializer(symbol);
      if (initializer) return this.options(initializer);
      return this.byType(e);
    }
    if (ts.isCallExpression(e) && sdkFunctionName(this.checker, e) === "mergeOptions") {
      const [first, second] = e.arguments;
      const later = second ? this.options(second) : "missing";
      if (later !== "missing") return later;
      return first ? this.options(first) : "missing";
    }
    if (ts.isConditionalExpression(e)) {
      const a = this.options(e.whenTrue);
      const b = this.options(e.whenFalse);
      return a === b ? a : "unknown";
    }
    return this.byType(e);
  }

  /** Options whose object we cannot see: only a type without any `parent` says it is missing. */
  private byType(e: ts.Expression): ParentVerdict {
    const type = this.checker.getNonNullableType(this.checker.getTypeAtLocation(e));
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return "unknown";
    if (type.flags & ts.TypeFlags.Never) return "missing";
    return type.getProperty("parent") ? "unknown" : "missing";
  }

  private objectLiteral(e: ts.ObjectLiteralExpression): ParentVerdict {
    for (let i = e.properties.length - 1; i >= 0; i--) {
      const property = e.properties[i]!;
      if (ts.isSpreadAssignment(property)) {
        const spread = this.options(property.expression);
        if (spread !== "missing") return spread;
        continue;
      }
      const name = staticName(property.name);
      if (name === undefined && ts.isComputedPropertyName(property.name)) return "unknown";
      if (name !== "parent") continue;
      if (ts.isPropertyAssignment(property)) return this.value(property.initializer);
      if (ts.isShorthandPropertyAssignment(property)) return this.value(property.name);
      return "unknown";
    }
    return "missing";
  }

  /** The verdict for the value given as `parent`. */
  value(expression: ts.Expression): ParentVerdict {
    if (this.seen.has(expression)) return "unknown";
    this.seen.add(expression);
    const e = skipOuter(expression);
    if (e.kind === ts.SyntaxKind.ThisKeyword) return "ok";
    if (ts.isIdentifier(e) && e.text === "undefined") return "missing";
    if (ts.isPropertyAccessExpression(e)) {
      const target = skipOuter(e.expression);
      if (target.kind === ts.SyntaxKind.ThisKeyword) return "ok";
      const own = this.ownOptions;
      if (own && e.name.text === "parent" && ts.isIdentifier(target) && resolvedSymbol(this.checker, target) === own) {
        return "callers";
      }
      return "unknown";
    }
    if (ts.isIdentifier(e)) {
      const initializer = constInitializer(resolvedSymbol(this.checker, e));
      if (!initializer) return "unknown";
      const init = skipOuter(initializer);
      // A resource created in the component is a descendant of it (if it lacks a parent, it is reported itself).
      if (ts.isNewExpression(init) && resourceConstruction(this.checker, init)) return "ok";
      return this.value(initializer);
    }
    return "unknown";
  }
}

/** The initializer of a `const` (not one destructured, not a loop variable). */
function constInitializer(symbol: ts.Symbol | undefined): ts.Expression | undefined {
  const declaration = declarationOf(symbol);
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  const list = declaration.parent;
  if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const)) return undefined;
  if (ts.isForOfStatement(list.parent) || ts.isForInStatement(list.parent)) return undefined;
  return declaration.initializer;
}

/** The constructor's own options parameter: the one typed with the SDK's resource options. */
export function ownOptionsOf(checker: ts.TypeChecker, node: ClassNode): ts.Symbol | undefined {
  const ctor = node.members.find(ts.isConstructorDeclaration);
  if (!ctor) return undefined;
  for (const parameter of ctor.parameters) {
    if (!ts.isIdentifier(parameter.name)) continue;
    if (isResourceOptionsType(checker, checker.getTypeAtLocation(parameter))) {
      return checker.getSymbolAtLocation(parameter.name);
    }
  }
  return undefined;
}

/** Whether the class, or a class of the project it extends, calls `registerOutputs` (unknown bases count as yes). */
export function callsRegisterOutputs(checker: ts.TypeChecker, node: ClassNode, depth = 0): boolean {
  if (depth > 20) return true;
  const calls = someDescendant(
    node,
    (n) => ts.isPropertyAccessExpression(n) && isComponentMember(checker, n, "registerOutputs"),
  );
  if (calls) return true;
  const heritage = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  if (!heritage) return false;
  const base = declarationOf(resolvedSymbol(checker, heritage.expression));
  if (!base) return true;
  if (base.getSourceFile().isDeclarationFile) {
    // The SDK's own ComponentResource never registers outputs for the subclass; another package's base may.
    return !/[\\/]@pulumi[\\/]pulumi[\\/]/.test(base.getSourceFile().fileName);
  }
  return isClassLike(base) ? callsRegisterOutputs(checker, base, depth + 1) : true;
}
