import ts from "typescript";
import {
  contains,
  findAncestor,
  nodesOf,
  isClassLike,
  isFunctionWithBody,
  skipOuter,
  someDescendant,
  staticName,
} from "../analysis/ast.js";
import {
  callsRegisterOutputs,
  constructionBodies,
  constructionsIn,
  isComponentClass,
  ownOptionsOf,
  ParentAnalysis,
  type ClassNode,
} from "../analysis/components.js";
import { createRule } from "../create-rule.js";
import { describeConstruction, type ResourceConstruction } from "../pulumi-types.js";
import { runCheck, type CheckInput, type Edit, type Finding } from "../ts-rule.js";

type MessageIds = "missingParent" | "callersParent" | "noRegisterOutputs" | "addParent";

/** Edits that make the options of `construction` carry `parent: this`. */
function addParentEdits(
  construction: ResourceConstruction,
  ownOptions: ts.Symbol | undefined,
  checker: ts.TypeChecker,
): Edit[] | undefined {
  const { node, optsArg, optsIndex } = construction;
  if (!optsArg) {
    const args = node.arguments;
    const last = args?.[args.length - 1];
    if (!args || !last || args.length > optsIndex) return undefined;
    const fillers = ", undefined".repeat(optsIndex - args.length);
    return [{ start: last.getEnd(), end: last.getEnd(), text: `${fillers}, { parent: this }` }];
  }
  const opts = skipOuter(optsArg);
  if (ts.isObjectLiteralExpression(opts)) {
    const explicit = opts.properties.find(
      (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && staticName(p.name) === "parent",
    );
    if (explicit) return [{ start: explicit.initializer.getStart(), end: explicit.initializer.getEnd(), text: "this" }];
    const shorthand = opts.properties.find(
      (p): p is ts.ShorthandPropertyAssignment => ts.isShorthandPropertyAssignment(p) && p.name.text === "parent",
    );
    if (shorthand) return [{ start: shorthand.getStart(), end: shorthand.getEnd(), text: "parent: this" }];
    const last = opts.properties[opts.properties.length - 1];
    if (!last) return [{ start: opts.getStart(), end: opts.getEnd(), text: "{ parent: this }" }];
    return [{ start: last.getEnd(), end: last.getEnd(), text: ", parent: this" }];
  }
  if (ts.isIdentifier(opts) && ownOptions && checker.getSymbolAtLocation(opts) === ownOptions) {
    return [{ start: optsArg.getStart(), end: optsArg.getEnd(), text: "{ parent: this }" }];
  }
  return [{ start: optsArg.getStart(), end: optsArg.getEnd(), text: `{ ...${optsArg.getText()}, parent: this }` }];
}

/** The node is in a constructor, in a statement before the one that calls `super(...)`. */
function beforeSuper(node: ts.Node): boolean {
  const ctor = findAncestor(node, ts.isConstructorDeclaration);
  const statements = ctor?.body?.statements;
  if (!statements) return false;
  const callsSuper = (statement: ts.Statement): boolean =>
    someDescendant(
      statement,
      (n) => ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.SuperKeyword,
      (n) => isFunctionWithBody(n) || isClassLike(n),
    );
  const superAt = statements.findIndex(callsSuper);
  if (superAt < 0) return false;
  const at = statements.findIndex((statement) => contains(statement, node));
  return at >= 0 && at < superAt;
}

function checkComponent(checker: ts.TypeChecker, component: ClassNode, found: Finding<MessageIds>[]): void {
  const componentName = component.name?.text ?? "(anonymous class)";
  const ownOptions = ownOptionsOf(checker, component);
  const reported = new Set<ts.Node>();
  for (const body of constructionBodies(checker, component)) {
    if (!body.body) continue;
    for (const construction of constructionsIn(checker, body.body)) {
      if (construction.spreadArguments || construction.optsIndex < 0 || reported.has(construction.node)) continue;
      const verdict = new ParentAnalysis(checker, ownOptions).options(construction.optsArg);
      if (verdict !== "missing" && verdict !== "callers") continue;
      reported.add(construction.node);
      // Before `super(...)`, `this` cannot be used: the fix is to create the resource after it, not a suggestion.
      const edits = beforeSuper(construction.node) ? undefined : addParentEdits(construction, ownOptions, checker);
      found.push({
        node: construction.node,
        messageId: verdict === "missing" ? "missingParent" : "callersParent",
        data: { resource: describeConstruction(construction), component: componentName },
        suggest: edits ? [{ messageId: "addParent", edits }] : [],
      });
    }
  }
  const isAbstract = ts.getCombinedModifierFlags(component) & ts.ModifierFlags.Abstract;
  if (!isAbstract && !callsRegisterOutputs(checker, component)) {
    found.push({
      node: component.name ?? component.getFirstToken() ?? component,
      messageId: "noRegisterOutputs",
      data: { component: componentName },
    });
  }
}

export function checkComponentParents({
  sourceFile,
  checker,
}: CheckInput<Record<string, never>>): Finding<MessageIds>[] {
  const found: Finding<MessageIds>[] = [];
  for (const node of nodesOf(sourceFile).classes) {
    if (isComponentClass(checker, node)) checkComponent(checker, node, found);
  }
  return found;
}

export const requireComponentParent = createRule<[], MessageIds>({
  name: "require-component-parent",
  meta: {
    type: "problem",
    docs: {
      description:
        "Require `parent: this` on every resource a ComponentResource creates, and a `registerOutputs` call in every component",
      requiresTypeChecking: true,
      preset: "recommended",
    },
    hasSuggestions: true,
    messages: {
      missingParent:
        "{{resource}} is created by component {{component}} without `parent: this`: it lands at the top of the stack instead of under the component, does not inherit the component's providers and protect, and adding the parent later changes its URN (a replacement, deleting its data, unless aliased). Add `parent: this` to its resource options.",
      callersParent:
        "{{resource}} is given component {{component}}'s own options or parent, so it becomes a sibling of the component under the caller's parent (and inherits options such as aliases meant for the component); adding the right parent later changes its URN (a replacement unless aliased). Give it `{ parent: this }` instead.",
      noRegisterOutputs:
        "Component {{component}} never calls `this.registerOutputs(...)`: its outputs are never recorded in the stack's state (the SDK registers an empty set on its own), so `pulumi stack` and tools that read the state cannot see them. End the constructor with `this.registerOutputs({ ... })` listing its outputs.",
      addParent: "Give the resource `parent: this`.",
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    return runCheck(context, {}, checkComponentParents);
  },
});
