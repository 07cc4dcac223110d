import { AST_NODE_TYPES, ESLintUtils, type TSESTree } from "@typescript-eslint/utils";
import ts from "typescript";
import { builtinCatalog } from "../../../src/core/index.js";
import { findAncestor, isClassLike, skipOuter, staticName } from "../analysis/ast.js";
import { isComponentClass, ownOptionsOf, ParentAnalysis } from "../analysis/components.js";
import { sourcesOf } from "../analysis/dataflow.js";
import { createRule } from "../create-rule.js";
import { isResourceType, resourceTokenOf, stringLiteralOf } from "../pulumi-types.js";
import { quickChecker } from "../ts-rule.js";

type MessageIds = "missingProtect" | "protectFalse" | "addProtect";

function propertyName(property: TSESTree.Property): string | undefined {
  if (property.computed) return undefined;
  if (property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  if (typeof property.key.value === "string") return property.key.value;
  return undefined;
}

/** What a type says about `protect`: definitely set, definitely false, or unknowable here. */
function protectInType(checker: ts.TypeChecker, type: ts.Type, at: ts.Node): "set" | "false" | "absent" | "unknown" {
  // `opts?: CustomResourceOptions` is `CustomResourceOptions | undefined`: its properties are the options'.
  const symbol = checker.getNonNullableType(type).getProperty("protect");
  if (!symbol) return "absent";
  const valueType = checker.getTypeOfSymbolAtLocation(symbol, at);
  if (valueType.flags & ts.TypeFlags.BooleanLiteral && checker.typeToString(valueType) === "false") return "false";
  return symbol.flags & ts.SymbolFlags.Optional ? "unknown" : "set";
}

/**
 * The resource is a child of the component it is created in (`parent: this`, or a resource of the component): a
 * child without `protect` of its own inherits the parent's, which the component's caller sets (the SDK copies
 * `protect` from the parent when it is undefined).
 */
function inheritsProtect(checker: ts.TypeChecker, construction: ts.Node, opts: ts.Node | undefined): boolean {
  if (opts && ts.isExpression(opts) && hasResourceParent(checker, opts)) return true;
  const component = findAncestor(construction, isClassLike);
  if (!component || !isComponentClass(checker, component) || !opts || !ts.isExpression(opts)) return false;
  return new ParentAnalysis(checker, ownOptionsOf(checker, component)).options(opts) === "ok";
}

/** A value that is `undefined` whatever happens: the keyword, `void 0`, or a value of type `undefined`. */
function isNothing(checker: ts.TypeChecker, value: ts.Expression): boolean {
  const e = skipOuter(value);
  if (
    (ts.isIdentifier(e) && e.text === "undefined") ||
    ts.isVoidExpression(e) ||
    e.kind === ts.SyntaxKind.NullKeyword
  ) {
    return true;
  }
  return (checker.getTypeAtLocation(e).flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) !== 0;
}

/** A resource handed in by the caller (a parameter, `opts.parent`, a field set from one), not `undefined` itself. */
function isCallersResource(checker: ts.TypeChecker, value: ts.Expression): boolean {
  if (isNothing(checker, value) || !isResourceType(checker, checker.getTypeAtLocation(value))) return false;
  return sourcesOf(checker, value).some((s) => s.kind === "argument");
}

/**
 * The options give a `parent` that the caller hands in, a resource by type (`{ parent: opts.parent }`,
 * `{ parent }` from a parameter typed `pulumi.Resource`), possibly undefined but not `undefined` itself: a child
 * without `protect` of its own inherits the parent's (the SDK copies it), which that caller chooses. With no
 * parent after all, the caller left it out too. A parent the code constructs itself decides nothing for the
 * caller: the child is reported as any other.
 */
function hasResourceParent(checker: ts.TypeChecker, opts: ts.Expression): boolean {
  const e = skipOuter(opts);
  if (ts.isObjectLiteralExpression(e)) {
    const parent = e.properties.find(
      (p): p is ts.PropertyAssignment | ts.ShorthandPropertyAssignment =>
        (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && staticName(p.name) === "parent",
    );
    if (!parent) return false;
    return isCallersResource(checker, ts.isPropertyAssignment(parent) ? parent.initializer : parent.name);
  }
  return false;
}

export const requireProtectStateful = createRule<[], MessageIds>({
  name: "require-protect-stateful",
  meta: {
    type: "problem",
    docs: {
      description: "Require the `protect` resource option on every resource of a stateful type",
      requiresTypeChecking: true,
      preset: "recommended",
    },
    hasSuggestions: true,
    messages: {
      missingProtect:
        "{{type}} {{name}} ({{why}}) is created without `protect`: a delete or a replacement destroys its data. Add `protect: true` (or a value from config) to its resource options.",
      protectFalse:
        "{{type}} {{name}} ({{why}}) sets `protect: false`: a delete or a replacement destroys its data. Use `protect: true`, and `pulumi state unprotect` in a reviewed change when it really must go.",
      addProtect: "Add `protect: true` to the resource options.",
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    const services = ESLintUtils.getParserServices(context);
    const checker = quickChecker(services.program.getTypeChecker());

    return {
      NewExpression(node) {
        const tsNode = services.esTreeNodeToTSNodeMap.get(node);
        const resource = resourceTokenOf(checker, tsNode, (token) => builtinCatalog.lookup(token) !== undefined);
        if (!resource) return;
        // Arguments spread into the call (`new Bucket(...args)`) may carry the options, and `protect` with them.
        const spreadAt = node.arguments.findIndex((a) => a.type === AST_NODE_TYPES.SpreadElement);
        if (spreadAt >= 0 && spreadAt <= resource.optsIndex) return;
        const entry = builtinCatalog.lookup(resource.token);
        if (!entry) return;
        const nameArg = node.arguments[resource.nameIndex];
        // The message's data, asked of the checker only for a finding.
        const data = (): Record<string, string> => {
          const literal = nameArg ? stringLiteralOf(checker, services.esTreeNodeToTSNodeMap.get(nameArg)) : undefined;
          const name = literal !== undefined ? `"${literal}"` : nameArg ? context.sourceCode.getText(nameArg) : "";
          return { type: resource.token, name, why: entry.why };
        };
        const opts = node.arguments[resource.optsIndex];

        if (!opts) {
          const last = node.arguments[node.arguments.length - 1];
          const canAppend = last !== undefined && node.arguments.length === resource.optsIndex;
          context.report({
            node,
            messageId: "missingProtect",
            data: data(),
            suggest: canAppend
              ? [{ messageId: "addProtect", fix: (fixer) => fixer.insertTextAfter(last, ", { protect: true }") }]
              : [],
          });
          return;
        }

        const tsOpts = services.esTreeNodeToTSNodeMap.get(opts);
        if (opts.type === AST_NODE_TYPES.ObjectExpression) {
          const explicit = opts.properties.find(
            (p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && propertyName(p) === "protect",
          );
          if (explicit) {
            if (explicit.value.type === AST_NODE_TYPES.Literal && explicit.value.value === false) {
              context.report({ node: explicit, messageId: "protectFalse", data: data() });
            }
            return;
          }
          if (inheritsProtect(checker, tsNode, tsOpts)) return;
          const spreads = opts.properties.filter((p) => p.type === AST_NODE_TYPES.SpreadElement);
          const fromSpreads = spreads.map((s) => {
            const tsSpread = services.esTreeNodeToTSNodeMap.get(s.argument);
            return protectInType(checker, checker.getTypeAtLocation(tsSpread), tsSpread);
          });
          // A spread that may carry protect (an optional property) cannot be judged here: no false alarm.
          if (fromSpreads.some((v) => v === "set" || v === "unknown")) return;
          const insertAt = opts.properties.length > 0 ? opts.properties[opts.properties.length - 1] : undefined;
          context.report({
            node: opts,
            messageId: "missingProtect",
            data: data(),
            suggest: [
              {
                messageId: "addProtect",
                fix: (fixer) =>
                  insertAt
                    ? fixer.insertTextAfter(insertAt, ", protect: true")
                    : fixer.replaceText(opts, "{ protect: true }"),
              },
            ],
          });
          return;
        }

        const verdict = protectInType(checker, checker.getTypeAtLocation(tsOpts), tsOpts);
        if (verdict === "absent" && !inheritsProtect(checker, tsNode, tsOpts)) {
          context.report({ node: opts, messageId: "missingProtect", data: data() });
        } else if (verdict === "false") context.report({ node: opts, messageId: "protectFalse", data: data() });
      },
    };
  },
});
