import ts from "typescript";
import { declarationOf, forEachDescendant, isClassLike, skipOuter, type FunctionWithBody } from "../analysis/ast.js";
import { ParentAnalysis } from "../analysis/components.js";
import { createRule } from "../create-rule.js";
import { resourceConstruction, type ResourceConstruction } from "../pulumi-types.js";
import { runCheck, type CheckInput, type Finding } from "../ts-rule.js";

type MessageIds = "preferComponent";

/** The functions a module exports (declarations, and variables holding a function), with the exported name. */
function exportedFunctions(
  checker: ts.TypeChecker,
  sourceFile: ts.SourceFile,
): { name: string; fn: FunctionWithBody }[] {
  const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
  if (!moduleSymbol) return [];
  const result: { name: string; fn: FunctionWithBody }[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    let symbol = exported;
    if (symbol.flags & ts.SymbolFlags.Alias) {
      try {
        symbol = checker.getAliasedSymbol(symbol);
      } catch {
        continue;
      }
    }
    const declaration = declarationOf(symbol);
    if (!declaration || declaration.getSourceFile() !== sourceFile) continue;
    let fn: ts.Node | undefined = declaration;
    if (ts.isVariableDeclaration(declaration)) fn = declaration.initializer && skipOuter(declaration.initializer);
    if (fn && (ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isArrowFunction(fn)) && fn.body) {
      result.push({ name: exported.getName(), fn });
    }
  }
  return result;
}

/** Resource constructions in a function, nested callbacks included, nested classes not. */
function constructionsOf(checker: ts.TypeChecker, fn: FunctionWithBody): ResourceConstruction[] {
  const found: ResourceConstruction[] = [];
  if (!fn.body) return found;
  forEachDescendant(fn.body, (n) => {
    if (isClassLike(n)) return false;
    if (ts.isNewExpression(n)) {
      const c = resourceConstruction(checker, n);
      if (c) found.push(c);
    }
    return undefined;
  });
  return found;
}

export function checkPreferComponent({
  sourceFile,
  checker,
}: CheckInput<Record<string, never>>): Finding<MessageIds>[] {
  const found: Finding<MessageIds>[] = [];
  for (const { name, fn } of exportedFunctions(checker, sourceFile)) {
    const constructions = constructionsOf(checker, fn);
    if (constructions.length < 2) continue;
    // A helper that parents what it creates under a resource it is given is a component's helper: fine.
    const parentless = (c: ResourceConstruction): boolean =>
      !c.spreadArguments && new ParentAnalysis(checker, undefined).options(c.optsArg) === "missing";
    if (!constructions.every(parentless)) continue;
    const at = fn.name ?? (ts.isVariableDeclaration(fn.parent) ? fn.parent.name : fn);
    found.push({ node: at, messageId: "preferComponent", data: { name, count: constructions.length } });
  }
  return found;
}

export const preferComponentResource = createRule<[], MessageIds>({
  name: "prefer-component-resource",
  meta: {
    type: "suggestion",
    docs: {
      description: "Enforce a ComponentResource instead of an exported function that creates several resources",
      requiresTypeChecking: true,
      preset: "strict",
    },
    messages: {
      preferComponent:
        "Exported function `{{name}}` creates {{count}} resources loose at the top of the stack: callers cannot give them options (providers, protect, dependsOn) as one, the stack does not show them as a unit, and turning the function into a component later changes every URN (replacements unless aliased). Make it a class extending `pulumi.ComponentResource` that creates them with `{ parent: this }` and calls `this.registerOutputs()`.",
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    return runCheck(context, {}, checkPreferComponent);
  },
});
