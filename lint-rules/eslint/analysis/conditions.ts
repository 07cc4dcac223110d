import ts from "typescript";
import {
  isNothingLiteral,
  declarationOf,
  forEachDescendant,
  isClassLike,
  isFunctionWithBody,
  resolvedSymbol,
  skipOuter,
  someDescendant,
} from "./ast.js";
import { isInfrastructureLookup, sourcesOf, type Source } from "./dataflow.js";
import { ARRAY_METHODS, isRunNowCallback } from "./program.js";

/**
 * The conditions under which a piece of code runs, found by walking up from it: if/else branches, ternaries,
 * `&&`/`||`/`??` right-hand sides, switch cases, catch blocks (and a Promise's `.catch` callbacks), early-return
 * guards before it and, optionally, loops. Each comes with the sources its test depends on (see dataflow.ts). Pure over the TypeScript AST.
 *
 * Not conditions: a guard that only throws (validation: nothing is created and the deployment fails), the
 * component rehydration guard (`if (opts?.urn) return;`, whose test reads only the SDK's `opts.urn`), a branch
 * when the other branch creates the same resource (same class, same name as written), a cache check whose code
 * stores into the cache it checks (`if (key in cache) return cache[key]; ... cache[key] = x;`: created once per
 * key, on every run), and a test outside a loop on the list the loop iterates (`if (list) list.map(...)`,
 * `if (list.length === 0) return;` before `for (const x of list)`): it only says whether there are items, so it
 * is part of the loop (a `loop` condition, reported only where loops are). A test on the current item inside the
 * loop (`if (!item.keep) continue;`) is a condition like any other.
 */

export type ConditionKind = "if" | "ternary" | "logical" | "switch" | "catch" | "guard" | "loop";

export interface Condition {
  readonly kind: ConditionKind;
  /** What decides: the test, the switch's discriminant, the loop's iterable, or the try block for a catch. */
  readonly test: ts.Node;
  /** Where the test's value comes from (for a catch: the lookups in the try block). */
  readonly sources: readonly Source[];
}

export interface ConditionOptions {
  /** Count loops (and array-method callbacks) whose iterations come from a source. */
  readonly loops?: boolean;
  /** Stop walking up at this ancestor (exclusive), e.g. where program code starts. */
  readonly stopAt?: (node: ts.Node) => boolean;
  /** The same creation written elsewhere: a branch whose sibling does this is not conditional. */
  readonly sameAs?: (node: ts.NewExpression) => boolean;
}

/** The statement leaves the rest of its block: return, continue, break (throw is validation, not a branch). */
export function leaves(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isContinueStatement(statement) || ts.isBreakStatement(statement)) {
    return true;
  }
  if (ts.isBlock(statement)) return statement.statements.some(leaves);
  if (ts.isIfStatement(statement)) {
    return statement.elseStatement !== undefined && leaves(statement.thenStatement) && leaves(statement.elseStatement);
  }
  return false;
}

function creates(node: ts.Node, sameAs: ((n: ts.NewExpression) => boolean) | undefined): boolean {
  if (!sameAs) return false;
  if (ts.isNewExpression(node) && sameAs(node)) return true;
  let found = false;
  forEachDescendant(node, (n) => {
    if (found || isFunctionWithBody(n) || isClassLike(n)) return false;
    if (ts.isNewExpression(n) && sameAs(n)) found = true;
    return !found;
  });
  return found;
}

const LOGICAL = new Set([
  ts.SyntaxKind.AmpersandAmpersandToken,
  ts.SyntaxKind.BarBarToken,
  ts.SyntaxKind.QuestionQuestionToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
]);

function statementsOf(node: ts.Node): readonly ts.Statement[] | undefined {
  if (ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) {
    return node.statements;
  }
  return undefined;
}

/** Text of an expression for comparing two mentions of the same value: no spaces, `?.` and `!` dropped. */
function valueText(node: ts.Node): string {
  return node
    .getText()
    .replace(/\s+/g, "")
    .replace(/\?\./g, ".")
    .replace(/!(?=[.[)]|$)/g, "");
}

/**
 * The container a test looks a key up in, as text: `key in C`, `C.has(key)`, `C.get(key)`, `C[key]`, negated or
 * compared with `undefined`/`null`.
 */
function keyedContainer(checker: ts.TypeChecker, test: ts.Expression, depth = 0): string | undefined {
  const e = skipOuter(test);
  if (depth > 5) return undefined;
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken)
    return keyedContainer(checker, e.operand, depth + 1);
  if (ts.isBinaryExpression(e)) {
    if (e.operatorToken.kind === ts.SyntaxKind.InKeyword) return valueText(skipOuter(e.right));
    if (EQUALITY.has(e.operatorToken.kind)) {
      if (isNothingLiteral(e.right)) return keyedContainer(checker, e.left, depth + 1);
      if (isNothingLiteral(e.left)) return keyedContainer(checker, e.right, depth + 1);
    }
    return undefined;
  }
  if (ts.isCallExpression(e)) {
    const callee = skipOuter(e.expression);
    if (ts.isPropertyAccessExpression(callee) && (callee.name.text === "has" || callee.name.text === "get")) {
      return valueText(skipOuter(callee.expression));
    }
    return undefined;
  }
  if (ts.isElementAccessExpression(e)) return valueText(skipOuter(e.expression));
  if (ts.isIdentifier(e)) {
    // `let cached = cache.get(key); if (!cached) { ... }`: the variable holds what the lookup found.
    const declaration = declarationOf(resolvedSymbol(checker, e));
    return declaration && ts.isVariableDeclaration(declaration) && declaration.initializer
      ? keyedContainer(checker, declaration.initializer, depth + 1)
      : undefined;
  }
  return undefined;
}

/** Some code in `nodes` stores into the container: `C[key] = x` (or `??=`, `||=`), `C.set(key, x)`, `C.add(x)`. */
function storesInto(nodes: readonly ts.Node[], container: string): boolean {
  const stores = (n: ts.Node): boolean => {
    if (ts.isBinaryExpression(n) && STORES.has(n.operatorToken.kind)) {
      const target = skipOuter(n.left);
      return ts.isElementAccessExpression(target) && valueText(skipOuter(target.expression)) === container;
    }
    if (ts.isCallExpression(n)) {
      const callee = skipOuter(n.expression);
      return (
        ts.isPropertyAccessExpression(callee) &&
        (callee.name.text === "set" || callee.name.text === "add") &&
        valueText(skipOuter(callee.expression)) === container
      );
    }
    return false;
  };
  return nodes.some((node) => stores(node) || someDescendant(node, stores, (n) => isFunctionWithBody(n)));
}

/** A cache check: the test looks a key up in a container that `code` then stores into. */
function isCacheCheck(checker: ts.TypeChecker, test: ts.Expression, code: readonly ts.Node[]): boolean {
  const container = keyedContainer(checker, test);
  return container !== undefined && storesInto(code, container);
}

const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

const STORES = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
]);

/** The statement around an expression, for a logical expression's cache check. */
function statementOf(node: ts.Node): ts.Node {
  for (let n: ts.Node = node; ; n = n.parent) {
    if (ts.isExpressionStatement(n) || ts.isReturnStatement(n) || ts.isVariableStatement(n) || ts.isSourceFile(n))
      return n;
  }
}

/** `child` is the callback of a Promise's `.catch(...)`: it runs when the chain before it fails. */
function isPromiseCatchCallback(checker: ts.TypeChecker, call: ts.CallExpression, child: ts.Node): boolean {
  const callee = skipOuter(call.expression);
  return (
    ts.isPropertyAccessExpression(callee) &&
    callee.name.text === "catch" &&
    call.arguments[0] === child &&
    isRunNowCallback(checker, child)
  );
}

/**
 * What a loop around `child` iterates: a `for...of`/`for...in` list, the list of a counting `for` up to its
 * `length`, or the array an array method runs over.
 */
function iteratedBy(checker: ts.TypeChecker, parent: ts.Node, child: ts.Node): ts.Expression | undefined {
  if ((ts.isForOfStatement(parent) || ts.isForInStatement(parent)) && child === parent.statement) {
    return parent.expression;
  }
  // `for (let i = 0; i < list.length; i++)`
  if (ts.isForStatement(parent) && child === parent.statement && parent.condition) {
    const test = skipOuter(parent.condition);
    if (
      ts.isBinaryExpression(test) &&
      (test.operatorToken.kind === ts.SyntaxKind.LessThanToken ||
        test.operatorToken.kind === ts.SyntaxKind.LessThanEqualsToken)
    ) {
      const bound = skipOuter(test.right);
      if (ts.isPropertyAccessExpression(bound) && bound.name.text === "length") return bound.expression;
    }
  }
  if (isFunctionWithBody(child) && ts.isCallExpression(parent) && parent.arguments.some((a) => a === child)) {
    const callee = skipOuter(parent.expression);
    if (!ts.isPropertyAccessExpression(callee) || !ARRAY_METHODS.has(callee.name.text)) return undefined;
    // An array method on a value whose type is unknown (`any`) is still read as the loop it almost always is.
    const receiver = checker.getTypeAtLocation(callee.expression);
    if (isRunNowCallback(checker, child) || receiver.flags & ts.TypeFlags.Any) return callee.expression;
  }
  return undefined;
}

/** `a` is `b`, or a part of it (`list.length`, `list[0]`). */
function partOf(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`);
}

/**
 * A source the iterated lists cover: the same value, a part of it (`list.length`) or what holds it (`args` for
 * `args.items`).
 */
function coveredBy(source: Source, listSources: readonly Source[]): boolean {
  if (source.kind === "lookup") return false;
  const text = valueText(source.node);
  return listSources.some((l) => {
    if (l.kind !== source.kind) return false;
    const list = valueText(l.node);
    return partOf(text, list) || partOf(list, text);
  });
}

/** The conditions `target` runs under, innermost first. */
export function conditionsOf(checker: ts.TypeChecker, target: ts.Node, options: ConditionOptions = {}): Condition[] {
  const found: Condition[] = [];
  /** Where the lists iterated by the loops between the target and the current node come from. */
  const listSources: Source[] = [];
  const add = (kind: ConditionKind, test: ts.Node): void => {
    const sources = sourcesOf(checker, test, { ignoreUrn: true });
    // A test outside a loop on the list it iterates (`if (list) list.map(...)`) only says whether there are
    // items: it is part of the loop, which is reported as such.
    if (kind !== "loop" && sources.length > 0 && sources.every((s) => coveredBy(s, listSources))) return;
    found.push({ kind, test, sources });
  };
  let child = target;
  for (let parent = target.parent as ts.Node | undefined; parent; child = parent, parent = parent.parent) {
    if (ts.isSourceFile(parent) || options.stopAt?.(parent)) break;

    const list = iteratedBy(checker, parent, child);
    if (list) listSources.push(...sourcesOf(checker, list, { ignoreUrn: true }));

    if (ts.isIfStatement(parent) && child !== parent.expression) {
      const other = child === parent.thenStatement ? parent.elseStatement : parent.thenStatement;
      if ((!other || !creates(other, options.sameAs)) && !isCacheCheck(checker, parent.expression, [child])) {
        add("if", parent.expression);
      }
    } else if (ts.isConditionalExpression(parent) && child !== parent.condition) {
      const other = child === parent.whenTrue ? parent.whenFalse : parent.whenTrue;
      if (!creates(other, options.sameAs) && !isCacheCheck(checker, parent.condition, [child])) {
        add("ternary", parent.condition);
      }
    } else if (ts.isBinaryExpression(parent) && child === parent.right && LOGICAL.has(parent.operatorToken.kind)) {
      if (!isCacheCheck(checker, parent.left, [statementOf(parent)])) add("logical", parent.left);
    } else if (
      (ts.isCaseClause(parent) || ts.isDefaultClause(parent)) &&
      child !== (parent as ts.CaseClause).expression
    ) {
      add("switch", parent.parent.parent.expression);
    } else if (ts.isCatchClause(parent) && child === parent.block) {
      const tryBlock = parent.parent.tryBlock;
      found.push({
        kind: "catch",
        test: tryBlock,
        sources: sourcesOf(checker, tryBlock).filter((s) => s.kind === "lookup"),
      });
    } else if (ts.isCallExpression(parent) && isPromiseCatchCallback(checker, parent, child)) {
      // `lookup().then(...).catch(() => new X(...))`: the promise chain is the try block.
      const chain = (skipOuter(parent.expression) as ts.PropertyAccessExpression).expression;
      found.push({
        kind: "catch",
        test: chain,
        sources: sourcesOf(checker, chain).filter((s) => s.kind === "lookup"),
      });
    } else if (options.loops) {
      if (list) {
        add("loop", list);
      } else if (ts.isForStatement(parent) && child === parent.statement && parent.condition) {
        add("loop", parent.condition);
      } else if ((ts.isWhileStatement(parent) || ts.isDoStatement(parent)) && child === parent.statement) {
        add("loop", parent.expression);
      }
    }

    const statements = statementsOf(parent);
    if (statements) {
      for (const [index, statement] of statements.entries()) {
        if (statement === child) break;
        if (!ts.isIfStatement(statement)) continue;
        const thenLeaves = leaves(statement.thenStatement);
        const elseLeaves = statement.elseStatement !== undefined && leaves(statement.elseStatement);
        if (thenLeaves === elseLeaves || isCacheCheck(checker, statement.expression, statements.slice(index + 1)))
          continue;
        add("guard", statement.expression);
      }
    }
  }
  return found;
}

/**
 * A condition that decides on data, as no-conditional-resource reports it: its test depends on arguments,
 * configuration or live state (a test that reads only lookups is no-create-if-missing's case), or it is a
 * `catch` that does not hinge on a lookup.
 */
export function decidesOnData(condition: Condition): boolean {
  if (condition.kind === "catch") return !condition.sources.some(isInfrastructureLookup);
  if (condition.sources.length === 0) return false;
  return condition.kind === "loop" || condition.sources.some((s) => !isInfrastructureLookup(s));
}
