import ts from "typescript";
import { memoizedPerChecker } from "./ast.js";

/**
 * The checker the predictor asks, with one shortcut: the signature and the type of a `new X(...)` whose class has
 * exactly one construct signature, not generic, are that signature and its return type, read without checking the
 * arguments. The checker would give the same answers (with one non-generic candidate, overload resolution returns
 * that candidate whether the arguments fit or not, and the instance type is its return type), but it gets them by
 * checking every argument against the constructor's parameters: for a provider SDK's resource, the whole args object
 * literal against its `pulumi.Input<...>` types. That is most of what `tsc --noEmit` checks in a Pulumi program, and
 * the analyzer needs none of it: it reads the instance type (is it a resource, of which kind) and the parameters'
 * names and declared types (where the name and the options are). Generic classes, overloaded constructors and
 * everything else go to the checker.
 */
export function withQuickNewExpressions(checker: ts.TypeChecker): ts.TypeChecker {
  const single = new Map<ts.Node, ts.Signature | null>();
  const quick = (node: ts.Node): ts.Signature | undefined => {
    if (!ts.isNewExpression(node)) return undefined;
    let signature = single.get(node);
    if (signature === undefined) {
      signature = null;
      try {
        const classType =
          typeThroughNamespaceImport(checker, node.expression) ?? checker.getTypeAtLocation(node.expression);
        const signatures = classType.getConstructSignatures();
        const only = signatures.length === 1 ? signatures[0]! : undefined;
        const declaration = only?.getDeclaration();
        if (
          only &&
          (only.getTypeParameters()?.length ?? 0) === 0 &&
          (declaration === undefined ||
            ts.isConstructorDeclaration(declaration) ||
            ts.isConstructSignatureDeclaration(declaration) ||
            ts.isConstructorTypeNode(declaration))
        ) {
          signature = only;
        }
      } catch {
        signature = null;
      }
      single.set(node, signature);
    }
    return signature ?? undefined;
  };
  return {
    ...checker,
    getResolvedSignature: (node, candidatesOutArray, argumentCount) =>
      (candidatesOutArray === undefined && argumentCount === undefined ? quick(node) : undefined) ??
      checker.getResolvedSignature(node, candidatesOutArray, argumentCount),
    getTypeAtLocation: (node) => quick(node)?.getReturnType() ?? checker.getTypeAtLocation(node),
  };
}

/**
 * The symbol `ns.a.B` names when `ns` is a namespace import (`import * as ns from "m"`), found by walking the
 * modules' exports from the import's module specifier, aliases followed. The checker finds the same symbol, but to
 * resolve `ns` it first asks whether module `m` as a whole has call signatures (for esModuleInterop), which resolves
 * every export of `m`: for a provider SDK, thousands of re-exports, once per program, for every program. Undefined
 * when the expression is not such a chain or a step does not resolve: the caller asks the checker.
 */
export function symbolThroughNamespaceImport(
  checker: ts.TypeChecker,
  expression: ts.Expression,
): ts.Symbol | undefined {
  const names: string[] = [];
  let e = expression;
  while (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.name)) {
    names.unshift(e.name.text);
    e = e.expression;
  }
  if (!ts.isIdentifier(e) || names.length === 0) return undefined;
  // Alias in the meaning: the import is found without resolving it; a local value of the same name shadows it.
  const root = checker.resolveName(e.text, e, ts.SymbolFlags.Value | ts.SymbolFlags.Alias, false);
  if (!root || !(root.flags & ts.SymbolFlags.Alias)) return undefined;
  let symbol = followAliases(checker, root);
  for (const name of names) {
    if (!symbol || !(symbol.flags & ts.SymbolFlags.ValueModule)) return undefined;
    const member = checker.tryGetMemberInModuleExports(name, symbol);
    symbol = member && followAliases(checker, member);
  }
  return symbol && !(symbol.flags & ts.SymbolFlags.Alias) ? symbol : undefined;
}

/** The type of `ns.a.B` when `ns` is a namespace import (see `symbolThroughNamespaceImport`). */
export function typeThroughNamespaceImport(checker: ts.TypeChecker, expression: ts.Expression): ts.Type | undefined {
  const symbol = symbolThroughNamespaceImport(checker, expression);
  return symbol && checker.getTypeOfSymbol(symbol);
}

/** The module a namespace import or namespace export alias stands for (`import * as m`, `export * as m`). */
function moduleOfNamespaceAlias(checker: ts.TypeChecker, alias: ts.Symbol): ts.Symbol | undefined {
  if (!(alias.flags & ts.SymbolFlags.Alias)) return undefined;
  const declaration = alias.declarations?.[0];
  return declaration && namespaceModule(checker, declaration);
}

/** Per checker and declaration: resolving a module specifier costs lookups. */
const namespaceModule = memoizedPerChecker(namespaceModuleOf);

function namespaceModuleOf(checker: ts.TypeChecker, declaration: ts.Declaration): ts.Symbol | undefined {
  let specifier: ts.Expression | undefined;
  if (ts.isNamespaceImport(declaration)) specifier = declaration.parent.parent.moduleSpecifier;
  else if (ts.isNamespaceExport(declaration)) specifier = declaration.parent.moduleSpecifier;
  if (!specifier) return undefined;
  const module = checker.getSymbolAtLocation(specifier);
  return module && module.flags & ts.SymbolFlags.ValueModule ? module : undefined;
}

/** Follows re-exports one step at a time, stopping at a namespace alias's module; undefined past 20 steps. */
function followAliases(checker: ts.TypeChecker, start: ts.Symbol): ts.Symbol | undefined {
  let symbol: ts.Symbol | undefined = start;
  for (let i = 0; i < 20 && symbol; i++) {
    if (!(symbol.flags & ts.SymbolFlags.Alias)) return symbol;
    const module = moduleOfNamespaceAlias(checker, symbol);
    if (module) return module;
    const declaration: ts.Declaration | undefined = symbol.declarations?.[0];
    if (declaration && ts.isExportSpecifier(declaration) && !declaration.parent.parent.moduleSpecifier) {
      // `export { s3 }`: the local `s3`, found without resolving it (the checker would resolve the import first).
      const local: ts.ModuleExportName = declaration.propertyName ?? declaration.name;
      symbol = ts.isIdentifier(local)
        ? checker.resolveName(local.text, declaration, ts.SymbolFlags.Value | ts.SymbolFlags.Alias, false)
        : undefined;
      continue;
    }
    symbol = checker.getImmediateAliasedSymbol(symbol);
  }
  return undefined;
}
