import ts from "typescript";

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
        const signatures = checker.getTypeAtLocation(node.expression).getConstructSignatures();
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
