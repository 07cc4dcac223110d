import ts from "typescript";
import { forEachDescendant, isClassLike, isFunctionWithBody, skipOuter } from "./ast.js";
import { sourcesOf, type Source } from "./dataflow.js";
import { isRunNowCallback } from "./program.js";

/**
 * The conditions under which a piece of code runs, found by walking up from it: if/else branches, ternaries,
 * `&&`/`||`/`??` right-hand sides, switch cases, catch blocks, early-return guards before it and, optionally,
 * loops. Each comes with the sources its test depends on (see dataflow.ts). Pure over the TypeScript AST.
 *
 * Not conditions: a guard that only throws (validation: nothing is created and the deployment fails), the
 * component rehydration guard (`if (opts?.urn) return;`, whose test reads only the SDK's `opts.urn`), and a
 * branch when the other branch creates the same resource (same class, same name as written).
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

/** The conditions `target` runs under, innermost first. */
export function conditionsOf(checker: ts.TypeChecker, target: ts.Node, options: ConditionOptions = {}): Condition[] {
  const found: Condition[] = [];
  const add = (kind: ConditionKind, test: ts.Node): void => {
    found.push({ kind, test, sources: sourcesOf(checker, test, { ignoreUrn: true }) });
  };
  let child = target;
  for (let parent = target.parent as ts.Node | undefined; parent; child = parent, parent = parent.parent) {
    if (ts.isSourceFile(parent) || options.stopAt?.(parent)) break;

    if (ts.isIfStatement(parent) && child !== parent.expression) {
      const other = child === parent.thenStatement ? parent.elseStatement : parent.thenStatement;
      if (!other || !creates(other, options.sameAs)) add("if", parent.expression);
    } else if (ts.isConditionalExpression(parent) && child !== parent.condition) {
      const other = child === parent.whenTrue ? parent.whenFalse : parent.whenTrue;
      if (!creates(other, options.sameAs)) add("ternary", parent.condition);
    } else if (ts.isBinaryExpression(parent) && child === parent.right && LOGICAL.has(parent.operatorToken.kind)) {
      add("logical", parent.left);
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
    } else if (options.loops) {
      if ((ts.isForOfStatement(parent) || ts.isForInStatement(parent)) && child === parent.statement) {
        add("loop", parent.expression);
      } else if (ts.isForStatement(parent) && child === parent.statement && parent.condition) {
        add("loop", parent.condition);
      } else if ((ts.isWhileStatement(parent) || ts.isDoStatement(parent)) && child === parent.statement) {
        add("loop", parent.expression);
      } else if (isFunctionWithBody(child) && isRunNowCallback(checker, child) && ts.isCallExpression(parent)) {
        const callee = skipOuter(parent.expression);
        if (ts.isPropertyAccessExpression(callee) && callee.name.text !== "then" && callee.name.text !== "apply") {
          add("loop", callee.expression);
        }
      }
    }

    const statements = statementsOf(parent);
    if (statements) {
      for (const statement of statements) {
        if (statement === child) break;
        if (!ts.isIfStatement(statement)) continue;
        const thenLeaves = leaves(statement.thenStatement);
        const elseLeaves = statement.elseStatement !== undefined && leaves(statement.elseStatement);
        if (thenLeaves !== elseLeaves) add("guard", statement.expression);
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
  if (condition.kind === "catch") return condition.sources.length === 0;
  if (condition.sources.length === 0) return false;
  return condition.kind === "loop" || condition.sources.some((s) => s.kind !== "lookup");
}
