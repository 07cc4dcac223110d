import ts from "typescript";

/**
 * How the lint rules recognise Pulumi resources through the type checker: by the SDK's own classes, never by
 * names in the source.
 */

function declaredInPulumiSdk(symbol: ts.Symbol | undefined): boolean {
  return (symbol?.declarations ?? []).some((d) => /[\\/]@pulumi[\\/]pulumi[\\/]/.test(d.getSourceFile().fileName));
}

/** True when `type` is (or derives from) the SDK's class of the given name, e.g. "CustomResource". */
export function derivesFromSdkClass(checker: ts.TypeChecker, type: ts.Type, className: string, depth = 0): boolean {
  if (depth > 20) return false;
  const symbol = type.getSymbol();
  if (symbol?.getName() === className && declaredInPulumiSdk(symbol)) return true;
  if (!type.isClassOrInterface()) return false;
  return checker.getBaseTypes(type).some((base) => derivesFromSdkClass(checker, base, className, depth + 1));
}

/** The string literal a node evaluates to, by its type: a literal, a const, a template without holes. */
export function stringLiteralOf(checker: ts.TypeChecker, node: ts.Node): string | undefined {
  const type = checker.getTypeAtLocation(node);
  return type.isStringLiteral() ? type.value : undefined;
}

/**
 * The Pulumi type token a `new X(...)` registers, when it can be known statically:
 * - a class with a static `__pulumiType` of a literal type (how provider SDKs declare it), or
 * - a generic CustomResource subclass whose first constructor parameter is the type token, given as a literal.
 * Returns the index of the `opts` parameter as well, since it differs between the two shapes.
 */
export function resourceTokenOf(
  checker: ts.TypeChecker,
  expression: ts.NewExpression,
): { token: string; nameIndex: number; optsIndex: number } | undefined {
  const instanceType = checker.getTypeAtLocation(expression);
  if (!derivesFromSdkClass(checker, instanceType, "CustomResource")) return undefined;
  const signature = checker.getResolvedSignature(expression);
  const params = signature?.getParameters().map((p) => p.getName()) ?? [];
  const optsIndex = params.indexOf("opts");
  if (optsIndex < 0) return undefined;

  const classType = checker.getTypeAtLocation(expression.expression);
  const staticToken = classType.getProperty("__pulumiType");
  if (staticToken) {
    const tokenType = checker.getTypeOfSymbolAtLocation(staticToken, expression.expression);
    if (tokenType.isStringLiteral()) return { token: tokenType.value, nameIndex: params.indexOf("name"), optsIndex };
  }
  const first = expression.arguments?.[0];
  if ((params[0] === "t" || params[0] === "type") && first) {
    const token = stringLiteralOf(checker, first);
    if (token !== undefined) return { token, nameIndex: 1, optsIndex };
  }
  return undefined;
}
