import ts from "typescript";
import { bindingRoot, declarationOf, resolvedSymbol, skipOuter } from "./ast.js";
import { isStackNameCall } from "../pulumi-types.js";
import { iteratedArrayOf } from "./dataflow.js";

/**
 * Where a logical name comes from, followed through the data flow: a parameter of the function or component
 * (the caller chooses it, so two calls can differ), constants of the code (the same on every call: literals,
 * constants, imported constants, enum members, loop indices), the stack or project name, or something this
 * analysis cannot see (then nothing is reported).
 */

export interface NameOrigin {
  /** Some part comes from a parameter: two calls can give two names. */
  readonly parameter: boolean;
  /** Some part is `pulumi.getStack()`, `getProject()` or `getOrganization()`; the first such call. */
  readonly stack: ts.CallExpression | undefined;
  /** Some part is unknown (a call of an unknown function, a value read from elsewhere). */
  readonly unknown: boolean;
}

const CONSTANT: NameOrigin = { parameter: false, stack: undefined, unknown: false };
const UNKNOWN: NameOrigin = { parameter: false, stack: undefined, unknown: true };
const PARAMETER: NameOrigin = { parameter: true, stack: undefined, unknown: false };

function merge(origins: readonly NameOrigin[]): NameOrigin {
  return {
    parameter: origins.some((o) => o.parameter),
    stack: origins.find((o) => o.stack)?.stack,
    unknown: origins.some((o) => o.unknown),
  };
}

/** True when every part of the name is a constant of the code. */
export function isConstantName(origin: NameOrigin): boolean {
  return !origin.parameter && !origin.unknown && !origin.stack;
}

function isLiteralType(type: ts.Type): boolean {
  return (type.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.NumberLiteral | ts.TypeFlags.EnumLiteral)) !== 0;
}

/** Methods of the standard library that compute a string from their receiver and arguments only. */
function isStandardLibrary(declaration: ts.Declaration | undefined): boolean {
  const file = declaration?.getSourceFile().fileName ?? "";
  return /[\\/]typescript[\\/]lib[\\/]lib\.[^\\/]*\.d\.ts$/.test(file);
}

class NameTracer {
  private readonly seen = new Set<ts.Node>();

  constructor(private readonly checker: ts.TypeChecker) {}

  origin(node: ts.Expression): NameOrigin {
    if (this.seen.has(node)) return UNKNOWN;
    this.seen.add(node);
    const e = skipOuter(node);
    if (ts.isStringLiteralLike(e) || ts.isNumericLiteral(e)) return CONSTANT;
    if (ts.isTemplateExpression(e)) return merge(e.templateSpans.map((s) => this.origin(s.expression)));
    if (ts.isBinaryExpression(e)) {
      if (e.operatorToken.kind === ts.SyntaxKind.PlusToken) return merge([this.origin(e.left), this.origin(e.right)]);
      if (
        e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        e.operatorToken.kind === ts.SyntaxKind.BarBarToken
      ) {
        return merge([this.origin(e.left), this.origin(e.right)]);
      }
      return UNKNOWN;
    }
    if (ts.isConditionalExpression(e)) {
      return merge([this.origin(e.condition), this.origin(e.whenTrue), this.origin(e.whenFalse)]);
    }
    if (ts.isIdentifier(e)) return this.identifier(e);
    if (ts.isPropertyAccessExpression(e)) return this.property(e);
    if (ts.isElementAccessExpression(e)) {
      const object = this.origin(e.expression);
      if (object.parameter) return object;
      return merge([object, this.origin(e.argumentExpression)]);
    }
    if (ts.isCallExpression(e)) return this.call(e);
    if (ts.isArrayLiteralExpression(e)) {
      return merge(e.elements.map((x) => (ts.isSpreadElement(x) ? this.origin(x.expression) : this.origin(x))));
    }
    if (isLiteralType(this.checker.getTypeAtLocation(e))) return CONSTANT;
    return UNKNOWN;
  }

  private call(e: ts.CallExpression): NameOrigin {
    if (isStackNameCall(this.checker, e)) return { parameter: false, stack: e, unknown: false };
    const callee = skipOuter(e.expression);
    const parts = e.arguments.map((a) => this.origin(a));
    if (ts.isPropertyAccessExpression(callee)) parts.push(this.origin(callee.expression));
    const merged = merge(parts);
    if (merged.parameter) return merged;
    const declaration = declarationOf(resolvedSymbol(this.checker, callee));
    return isStandardLibrary(declaration) ? merged : merge([merged, UNKNOWN]);
  }

  private property(e: ts.PropertyAccessExpression): NameOrigin {
    const object = this.origin(e.expression);
    if (object.parameter) return object;
    if (isLiteralType(this.checker.getTypeAtLocation(e))) return CONSTANT;
    const declaration = declarationOf(this.checker.getSymbolAtLocation(e.name));
    if (declaration && ts.isPropertyAssignment(declaration)) return this.origin(declaration.initializer);
    if (declaration && ts.isShorthandPropertyAssignment(declaration)) return this.origin(declaration.name);
    if (declaration && ts.isPropertyDeclaration(declaration) && declaration.initializer) {
      const readonly = ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Readonly;
      if (readonly) return this.origin(declaration.initializer);
    }
    if (e.name.text === "length") return object;
    return UNKNOWN;
  }

  private identifier(e: ts.Identifier): NameOrigin {
    const declaration = declarationOf(resolvedSymbol(this.checker, e));
    if (!declaration) return UNKNOWN;
    if (ts.isParameter(declaration)) return this.parameter(declaration);
    if (ts.isEnumMember(declaration)) return CONSTANT;
    let variable: ts.VariableDeclaration | undefined;
    if (ts.isBindingElement(declaration)) {
      const root = bindingRoot(declaration);
      if (root && ts.isParameter(root)) return this.parameter(root);
      variable = root;
    } else if (ts.isVariableDeclaration(declaration)) {
      variable = declaration;
    }
    if (!variable) return isLiteralType(this.checker.getTypeAtLocation(e)) ? CONSTANT : UNKNOWN;
    const list = variable.parent;
    const statement = ts.isVariableDeclarationList(list) ? list.parent : undefined;
    // A loop index is the same on every call: `bucket-${i}` collides when the code runs twice.
    if (statement && ts.isForStatement(statement)) return CONSTANT;
    if (statement && (ts.isForOfStatement(statement) || ts.isForInStatement(statement))) {
      return this.origin(statement.expression);
    }
    if (ts.isVariableDeclarationList(list) && list.flags & ts.NodeFlags.Const && variable.initializer) {
      return ts.isBindingElement(declaration)
        ? this.bindingFrom(variable.initializer)
        : this.origin(variable.initializer);
    }
    if (variable.getSourceFile().isDeclarationFile && isLiteralType(this.checker.getTypeAtLocation(e))) {
      return CONSTANT;
    }
    return UNKNOWN;
  }

  /** A part destructured from an initializer: a parameter's part is the parameter's; otherwise unknown. */
  private bindingFrom(initializer: ts.Expression): NameOrigin {
    const origin = this.origin(initializer);
    return origin.parameter ? origin : UNKNOWN;
  }

  private parameter(declaration: ts.ParameterDeclaration): NameOrigin {
    const array = iteratedArrayOf(this.checker, declaration);
    if (!array) return PARAMETER;
    const fn = declaration.parent;
    const method = ((fn.parent as ts.CallExpression).expression as ts.PropertyAccessExpression).name.text;
    if (method.startsWith("reduce")) return UNKNOWN;
    // The second parameter of an array callback is the index: constant; the first is an element of the array.
    if (fn.parameters.indexOf(declaration) === 1) return CONSTANT;
    return this.origin(array);
  }
}

/** Where the logical name given by `expression` comes from. */
export function nameOrigin(checker: ts.TypeChecker, expression: ts.Expression): NameOrigin {
  return new NameTracer(checker).origin(expression);
}
