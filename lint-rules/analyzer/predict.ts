import { readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import ts from "typescript";
import {
  declarationOf,
  isClassLike,
  isFunctionWithBody,
  resolvedSymbol,
  returnExpressions,
  shortText,
  skipOuter,
} from "../eslint/analysis/ast.js";
import { type ClassNode } from "../eslint/analysis/components.js";
import { conditionsOf } from "../eslint/analysis/conditions.js";
import { describeSource, sourcesOf } from "../eslint/analysis/dataflow.js";
import { isRunNowCallback } from "../eslint/analysis/program.js";
import {
  resourceConstruction,
  resourceTokenOf,
  sdkFunctionName,
  tokenCandidates,
  stringLiteralOf,
  type ResourceKind,
} from "../eslint/pulumi-types.js";
import type { LoadedProject } from "./project.js";
import { withQuickNewExpressions } from "../eslint/analysis/quick-checker.js";

/**
 * Predicts the resources a Pulumi program registers, by walking it from its entry module: module top levels in
 * import order, calls into functions of the project (arguments bound at the call site), component constructors
 * (their `super(...)` chain and their bodies, `this` being the component) and loops over literal arrays (one
 * registration per element). Resource detection, component detection, conditions and value sources come from
 * the lint helpers (lint-rules/eslint); this module only adds the interpretation of the program. A value that is
 * not static (configuration, a lookup, an output, a mutable variable) stays unresolved: nothing is guessed.
 */

export const STACK_PLACEHOLDER = "<stack>";

/** The type tokens a provider package's compiled file declares, per declaration file (read once per process). */
const publishedTokens = new Map<string, Set<string>>();

/** Resources of the SDK itself whose token its constructor passes as a literal (not a static `__pulumiType`). */
const SDK_TOKENS: Readonly<Record<string, string>> = { StackReference: "pulumi:pulumi:StackReference" };

/** Whether the compiled JavaScript next to a declaration file registers `token` (`__pulumiType = '...'`). */
function published(declarationFile: string, token: string): boolean {
  if (!/\.d\.ts$/.test(declarationFile)) return false;
  let tokens = publishedTokens.get(declarationFile);
  if (!tokens) {
    tokens = new Set();
    try {
      const js = readFileSync(declarationFile.replace(/\.d\.ts$/, ".js"), "utf8");
      for (const m of js.matchAll(/__pulumiType\s*=\s*(["'])([^"'\n]+)\1/g)) tokens.add(m[2]!);
    } catch {
      // No compiled file next to the declarations: the token stays unknown.
    }
    publishedTokens.set(declarationFile, tokens);
  }
  return tokens.has(token);
}

export type Val = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: string };

export type ParentRef =
  | { readonly kind: "root" }
  | { readonly kind: "resource"; readonly resource: PredictedResource }
  | { readonly kind: "unknown"; readonly reason: string };

/** One entry of `aliases`, as far as it is static. Unset fields default to the resource's current ones. */
export interface AliasEntry {
  readonly urn?: string;
  readonly name?: string;
  readonly type?: string;
  readonly project?: string;
  readonly stack?: string;
  /** `parent: pulumi.rootStackResource` (root), a resource of the program, or a parent URN string. */
  readonly parent?: ParentRef;
  readonly parentUrn?: string;
}

export interface AliasesInfo {
  readonly present: boolean;
  /** Every entry is known statically (otherwise `entries` holds only what is). */
  readonly static: boolean;
  readonly entries: readonly AliasEntry[];
}

export interface SourcePosition {
  /** Relative to the project directory, with `/`. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface PredictedResource {
  readonly id: number;
  readonly kind: ResourceKind;
  readonly className: string;
  /** The type token; unresolved when not static. */
  readonly type: Val;
  readonly name: Val;
  readonly parent: ParentRef;
  readonly aliases: AliasesInfo;
  readonly protect: boolean | "dynamic";
  /** The kinds of condition it is created under (if, ternary, loop...), outer calls included; empty: always. */
  readonly conditional: readonly string[];
  /** The same, within the function (or module top level) whose code creates it: outer calls not included. */
  readonly ownConditional: readonly string[];
  readonly location: SourcePosition;
  /** `parentTypes$type`, when the type and the whole parent chain are known. */
  readonly typeChain: string | undefined;
  /** The predicted URN (stack `<stack>`), when type, name and parent chain are all known. */
  readonly urn: string | undefined;
  /** Syntax behind it, for `--fix`: the `new` expression, its options argument and the `aliases` initializer. */
  readonly node: ts.NewExpression;
  /** The logical name argument, when there is one. */
  readonly nameArg: ts.Expression | undefined;
  readonly optsArg: ts.Expression | undefined;
  /** Index of the options parameter in the constructor's signature (-1 when unknown). */
  readonly optsIndex: number;
  readonly aliasesNode: ts.Expression | undefined;
  /** The run of code that registers it (which call, which loop iteration), for the whole-program checks. */
  readonly activation: Activation;
}

/**
 * One run of a piece of code during the walk: a module's top level, a function or constructor called from a
 * site, or one iteration of a loop over a literal array. Two registrations happen in the same run of the program
 * unless they lie in exclusive branches of the code of their nearest common activation.
 */
export interface Activation {
  readonly id: number;
  readonly parent: Activation | undefined;
  /** The node of the parent activation that started this one: a call, a `new`, a loop (undefined: a module). */
  readonly site: ts.Node | undefined;
  /** The element index, for an iteration of a loop. */
  readonly iteration: number | undefined;
  /** The code run: a source file, a function, a method or a constructor (an iteration: its loop's). */
  readonly root: ts.Node;
  /** Where conditions of nodes of this activation stop: the root, or for an iteration its loop (`site`). */
  readonly stop: ts.Node;
  /** The component being constructed, for its constructor and the methods it calls on `this`. */
  readonly component: PredictedResource | undefined;
  readonly depth: number;
}

/** A call into a function of the project that the walk followed (or cut, against recursion). */
export interface FollowedCall {
  readonly node: ts.CallExpression;
  /** The caller's activation. */
  readonly activation: Activation;
  readonly callee: ts.FunctionLikeDeclaration;
  /** How many resources were registered while walking it (0 when the walk was cut), from index `first` on. */
  readonly registered: number;
  readonly first: number;
}

export interface Inventory {
  readonly project: string;
  readonly dir: string;
  /** The entry module, relative to the project directory. */
  readonly entry: string;
  readonly resources: readonly PredictedResource[];
  /** The calls into the project's functions the walk followed. */
  readonly calls: readonly FollowedCall[];
}

export interface PredictOptions {
  /** The directory source positions are relative to (default: the project's). */
  readonly relativeTo?: string;
}

type Binding =
  | { readonly expr: ts.Expression; readonly env: Env }
  | { readonly value: Val }
  | { readonly resource: PredictedResource };

interface Frame {
  readonly component: PredictedResource;
  readonly fields: Map<string, Binding>;
}

interface Env {
  readonly bindings: Map<ts.Symbol, Binding>;
  readonly outer: Env | undefined;
  readonly frame: Frame | undefined;
  readonly conditional: readonly string[];
  /** Where conditions stop being looked for: the function or file being walked. */
  readonly root: ts.Node;
  /** Functions in progress, against recursion. */
  readonly active: readonly ts.Node[];
  readonly activation: Activation;
}

const MAX_DEPTH = 40;
const MAX_EXPANSION = 200;

type Resolved =
  | { readonly expr: ts.Expression; readonly env: Env }
  | { readonly value: Val }
  | { readonly resource: PredictedResource };

/** A source file of the project itself: not a declaration file, not an installed package. */
export function isProjectFile(file: ts.SourceFile): boolean {
  return !file.isDeclarationFile && !/[\\/]node_modules[\\/]/.test(file.fileName);
}

function ok(value: string): Val {
  return { ok: true, value };
}

function unresolved(reason: string): Val {
  return { ok: false, reason };
}

/** The value of a parameter no argument is passed for: `undefined` (no options, no parent, not a name). */
const ABSENT: Val = { ok: false, reason: "undefined: no argument is passed for it" };

function isAbsent(resolved: Resolved): boolean {
  return "value" in resolved && resolved.value === ABSENT;
}

export function buildUrn(project: string, typeChain: string, name: string, stack = STACK_PLACEHOLDER): string {
  return `urn:pulumi:${stack}::${project}::${typeChain}::${name}`;
}

class Predictor {
  private readonly resources: PredictedResource[] = [];
  readonly calls: FollowedCall[] = [];
  private readonly byNode = new Map<ts.Node, PredictedResource[]>();
  private readonly modulesDone = new Set<ts.SourceFile>();
  private readonly checker: ts.TypeChecker;
  private activations = 0;

  constructor(
    private readonly project: LoadedProject,
    private readonly base: string,
  ) {
    this.checker = withQuickNewExpressions(project.checker);
  }

  run(): PredictedResource[] {
    const entry = this.project.program.getSourceFile(this.project.entry);
    if (entry) this.module(entry);
    return this.resources;
  }

  private activation(
    parent: Activation | undefined,
    site: ts.Node | undefined,
    root: ts.Node,
    component: PredictedResource | undefined,
    iteration?: number,
  ): Activation {
    return {
      id: this.activations++,
      parent,
      site,
      iteration,
      root,
      stop: iteration !== undefined && site ? site : root,
      component,
      depth: parent ? parent.depth + 1 : 0,
    };
  }

  // ---------------------------------------------------------------- walking

  private module(file: ts.SourceFile): void {
    if (this.modulesDone.has(file)) return;
    this.modulesDone.add(file);
    // Imported modules run first, in import order (re-exports included).
    for (const statement of file.statements) {
      const specifier =
        ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) ? statement.moduleSpecifier : undefined;
      if (
        !specifier ||
        (ts.isImportDeclaration(statement) && statement.importClause?.phaseModifier === ts.SyntaxKind.TypeKeyword)
      )
        continue;
      const target = this.checker.getSymbolAtLocation(specifier)?.valueDeclaration;
      if (target && ts.isSourceFile(target) && isProjectFile(target)) this.module(target);
    }
    const env: Env = {
      bindings: new Map(),
      outer: undefined,
      frame: undefined,
      conditional: [],
      root: file,
      active: [],
      activation: this.activation(undefined, undefined, file, undefined),
    };
    for (const statement of file.statements) this.visit(statement, env);
  }

  private visit = (node: ts.Node, env: Env): void => {
    if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (isClassLike(node)) return;
    if (isFunctionWithBody(node)) {
      if (isRunNowCallback(this.checker, node)) this.callback(node, env);
      return;
    }
    if (ts.isNewExpression(node)) {
      this.newExpression(node, env);
      return;
    }
    if (ts.isVariableDeclaration(node)) {
      this.variable(node, env);
      return;
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      this.assignment(node, env);
      return;
    }
    if (ts.isForOfStatement(node)) {
      this.forOf(node, env);
      return;
    }
    ts.forEachChild(node, (n) => {
      this.visit(n, env);
    });
    if (ts.isCallExpression(node)) this.call(node, env);
  };

  private variable(node: ts.VariableDeclaration, env: Env): void {
    if (!node.initializer) return;
    const init = skipOuter(node.initializer);
    if (ts.isNewExpression(init)) {
      const resource = this.newExpression(init, env);
      const symbol = ts.isIdentifier(node.name) ? this.checker.getSymbolAtLocation(node.name) : undefined;
      if (resource && symbol) env.bindings.set(symbol, { resource });
      return;
    }
    this.visit(node.initializer, env);
  }

  private assignment(node: ts.BinaryExpression, env: Env): void {
    const left = skipOuter(node.left);
    const right = skipOuter(node.right);
    if (ts.isNewExpression(right)) {
      const resource = this.newExpression(right, env);
      if (
        resource &&
        env.frame &&
        ts.isPropertyAccessExpression(left) &&
        left.expression.kind === ts.SyntaxKind.ThisKeyword
      ) {
        env.frame.fields.set(left.name.text, { resource });
      }
      return;
    }
    if (env.frame && ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword) {
      env.frame.fields.set(left.name.text, { expr: node.right, env });
    }
    this.visit(node.left, env);
    this.visit(node.right, env);
  }

  private forOf(node: ts.ForOfStatement, env: Env): void {
    this.visit(node.expression, env);
    const elements = this.literalArray(node.expression, env);
    const declaration = ts.isVariableDeclarationList(node.initializer) ? node.initializer.declarations[0] : undefined;
    if (!elements || !declaration) {
      this.visit(node.statement, env);
      return;
    }
    elements.forEach((element, index) => {
      const inner = this.child(env, env.frame, env.conditional, env.root, env.active, this.iteration(node, env, index));
      this.bindName(declaration.name, element, inner);
      this.visit(node.statement, inner);
    });
  }

  private iteration(site: ts.Node, env: Env, index: number): Activation {
    return this.activation(env.activation, site, env.root, env.activation.component, index);
  }

  /** An array-method callback run in place: over a literal array, once per element with the element bound. */
  private callback(fn: ts.FunctionLikeDeclaration, env: Env): void {
    if (!fn.body) return;
    const call = fn.parent as ts.CallExpression;
    const callee = skipOuter(call.expression);
    const elements =
      ts.isPropertyAccessExpression(callee) && callee.name.text !== "then" && callee.name.text !== "apply"
        ? this.literalArray(callee.expression, env)
        : undefined;
    if (!elements) {
      this.visit(fn.body, env);
      return;
    }
    elements.forEach((element, index) => {
      const inner = this.child(env, env.frame, env.conditional, env.root, env.active, this.iteration(call, env, index));
      const [item, indexParam] = fn.parameters;
      if (item) this.bindName(item.name, element, inner);
      if (indexParam && ts.isIdentifier(indexParam.name)) {
        const symbol = this.checker.getSymbolAtLocation(indexParam.name);
        if (symbol) inner.bindings.set(symbol, { value: ok(String(index)) });
      }
      this.visit(fn.body!, inner);
    });
  }

  /** The elements of an array that is a literal (through constants and bound arguments), with their env. */
  private literalArray(expression: ts.Expression, env: Env): Binding[] | undefined {
    const resolved = this.resolve(expression, env);
    if (!("expr" in resolved)) return undefined;
    const array = skipOuter(resolved.expr);
    if (!ts.isArrayLiteralExpression(array) || array.elements.length > MAX_EXPANSION) return undefined;
    if (array.elements.some((e) => ts.isSpreadElement(e) || ts.isOmittedExpression(e))) return undefined;
    return array.elements.map((e) => ({ expr: e, env: resolved.env }));
  }

  private child(
    outer: Env,
    frame: Frame | undefined,
    conditional: readonly string[],
    root: ts.Node,
    active: readonly ts.Node[],
    activation: Activation,
  ): Env {
    return { bindings: new Map(), outer, frame, conditional, root, active, activation };
  }

  /** Binds a parameter or variable name (identifier or destructuring) to a value. */
  private bindName(name: ts.BindingName, value: Binding | undefined, env: Env, initializer?: ts.Expression): void {
    const effective = value ?? (initializer ? { expr: initializer, env } : undefined);
    if (ts.isIdentifier(name)) {
      const symbol = this.checker.getSymbolAtLocation(name);
      if (symbol && effective) env.bindings.set(symbol, effective);
      return;
    }
    if (ts.isObjectBindingPattern(name)) {
      for (const element of name.elements) {
        if (element.dotDotDotToken) continue;
        const key = element.propertyName
          ? ts.isIdentifier(element.propertyName) || ts.isStringLiteral(element.propertyName)
            ? element.propertyName.text
            : undefined
          : ts.isIdentifier(element.name)
            ? element.name.text
            : undefined;
        if (key === undefined) continue;
        const property = effective ? this.property(effective, key) : undefined;
        this.bindName(element.name, property, env, element.initializer);
      }
    }
  }

  /** A property of a bound value, when the value is an object literal. */
  private property(binding: Binding, key: string): Binding | undefined {
    if (!("expr" in binding)) return undefined;
    const resolved = this.resolve(binding.expr, binding.env);
    if (!("expr" in resolved)) return undefined;
    const object = skipOuter(resolved.expr);
    if (!ts.isObjectLiteralExpression(object)) return undefined;
    for (let i = object.properties.length - 1; i >= 0; i--) {
      const p = object.properties[i]!;
      if (ts.isSpreadAssignment(p)) {
        const inner = this.property({ expr: p.expression, env: resolved.env }, key);
        if (inner) return inner;
        continue;
      }
      const name = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : undefined;
      if (name !== key) continue;
      if (ts.isPropertyAssignment(p)) return { expr: p.initializer, env: resolved.env };
      if (ts.isShorthandPropertyAssignment(p)) return { expr: p.name, env: resolved.env };
      return undefined;
    }
    return undefined;
  }

  private lookup(symbol: ts.Symbol, env: Env | undefined): Binding | undefined {
    for (let e = env; e; e = e.outer) {
      const b = e.bindings.get(symbol);
      if (b) return b;
    }
    return undefined;
  }

  /** Follows identifiers, constants, bound arguments and property reads of object literals to an expression. */
  private resolve(expression: ts.Expression, env: Env, depth = 0): Resolved {
    if (depth > MAX_DEPTH) return { expr: expression, env };
    const e = skipOuter(expression);
    if (ts.isIdentifier(e)) {
      const symbol = resolvedSymbol(this.checker, e);
      if (!symbol) return { expr: e, env };
      const bound = this.lookup(symbol, env);
      if (bound) return "expr" in bound ? this.resolveBinding(bound, depth) : bound;
      const declaration = declarationOf(symbol);
      if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
        const list = declaration.parent;
        const loop =
          ts.isVariableDeclarationList(list) && (ts.isForOfStatement(list.parent) || ts.isForInStatement(list.parent));
        if (
          !loop &&
          ts.isVariableDeclarationList(list) &&
          list.flags & ts.NodeFlags.Const &&
          ts.isIdentifier(declaration.name)
        ) {
          return this.resolve(declaration.initializer, env, depth + 1);
        }
      }
      if (declaration && ts.isParameter(declaration) && declaration.initializer) {
        return this.resolve(declaration.initializer, env, depth + 1);
      }
      return { expr: e, env };
    }
    if (
      ts.isPropertyAccessExpression(e) ||
      (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression))
    ) {
      const key = ts.isPropertyAccessExpression(e) ? e.name.text : (e.argumentExpression as ts.StringLiteralLike).text;
      if (e.expression.kind === ts.SyntaxKind.ThisKeyword && env.frame) {
        const field = this.frameOf(env)?.fields.get(key);
        if (field) return "expr" in field ? this.resolveBinding(field, depth) : field;
        return { expr: e, env };
      }
      if (e.questionDotToken && isAbsent(this.resolve(e.expression, env, depth + 1))) return { value: ABSENT };
      const property = this.property({ expr: e.expression, env }, key);
      if (property && "expr" in property) return this.resolveBinding(property, depth);
      return { expr: e, env };
    }
    return { expr: e, env };
  }

  private resolveBinding(binding: { expr: ts.Expression; env: Env }, depth: number): Resolved {
    return this.resolve(binding.expr, binding.env, depth + 1);
  }

  private frameOf(env: Env): Frame | undefined {
    return env.frame;
  }

  // ---------------------------------------------------------------- values

  private str(expression: ts.Expression, env: Env, depth = 0): Val {
    if (depth > MAX_DEPTH) return unresolved(`\`${shortText(expression)}\` is too deep to follow`);
    const resolved = this.resolve(expression, env);
    if (isAbsent(resolved))
      return unresolved(`\`${shortText(expression)}\` is undefined (no argument is passed for it)`);
    if ("value" in resolved) return resolved.value;
    if ("resource" in resolved) return unresolved(`\`${shortText(expression)}\` is a resource, not a string`);
    const e = skipOuter(resolved.expr);
    const at = resolved.env;
    if (ts.isStringLiteralLike(e)) return ok(e.text);
    if (ts.isNumericLiteral(e)) return ok(String(Number(e.text)));
    if (ts.isTemplateExpression(e)) {
      let text = e.head.text;
      for (const span of e.templateSpans) {
        const part = this.str(span.expression, at, depth + 1);
        if (!part.ok) return part;
        text += part.value + span.literal.text;
      }
      return ok(text);
    }
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const left = this.str(e.left, at, depth + 1);
      if (!left.ok) return left;
      const right = this.str(e.right, at, depth + 1);
      return right.ok ? ok(left.value + right.value) : right;
    }
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      const symbol = resolvedSymbol(
        this.checker,
        ts.isIdentifier(e) ? e : ts.isPropertyAccessExpression(e) ? e.name : e,
      );
      const declaration = declarationOf(symbol);
      if (declaration && ts.isEnumMember(declaration)) {
        const constant = this.checker.getConstantValue(declaration);
        if (constant !== undefined) return ok(String(constant));
      }
    }
    if (ts.isCallExpression(e)) {
      const returned = this.returnedString(e, at, depth);
      if (returned) return returned;
    }
    const literal = stringLiteralOf(this.checker, e);
    if (literal !== undefined) return ok(literal);
    const type = this.checker.getTypeAtLocation(e);
    if (type.isNumberLiteral()) return ok(String(type.value));
    return unresolved(this.why(e));
  }

  /**
   * The string a call of a project function returns, when the function has a single `return` (a naming helper
   * such as `childName(name, "logs")`): its parameters bound to the call's arguments. Nothing is walked, so no
   * resource is registered; undefined when the function has several returns or is not the project's.
   */
  private returnedString(call: ts.CallExpression, env: Env, depth: number): Val | undefined {
    const callee = skipOuter(call.expression);
    const symbolNode = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    let declaration: ts.Node | undefined = declarationOf(resolvedSymbol(this.checker, symbolNode));
    if (!declaration || !isProjectFile(declaration.getSourceFile())) return undefined;
    if (
      (ts.isVariableDeclaration(declaration) || ts.isPropertyAssignment(declaration)) &&
      declaration.initializer !== undefined
    ) {
      declaration = skipOuter(declaration.initializer);
    }
    if (!isFunctionWithBody(declaration) || ts.isConstructorDeclaration(declaration)) return undefined;
    const fn = declaration;
    if (env.active.includes(fn) || env.active.length > MAX_DEPTH) return undefined;
    const { expressions, bare } = returnExpressions(fn);
    const returned = expressions[0];
    if (!returned || expressions.length > 1 || bare > 0) return undefined;
    const viaThis = ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword;
    const args: Binding[] = call.arguments.map((a) => ({ expr: a, env }));
    const inner = this.child(
      env,
      viaThis ? env.frame : undefined,
      env.conditional,
      fn,
      [...env.active, fn],
      env.activation,
    );
    fn.parameters.forEach((p, i) => {
      this.bindName(p.name, argument(args, i, p), inner, p.initializer);
    });
    return this.str(returned, inner, depth + 1);
  }

  /** Why a value is not static, naming what it depends on when the data flow can tell. */
  private why(e: ts.Expression): string {
    let sources: ReturnType<typeof sourcesOf> = [];
    try {
      sources = sourcesOf(this.checker, e);
    } catch {
      sources = [];
    }
    const source = sources.find((s) => s.kind !== "argument") ?? sources[0];
    return source
      ? `\`${shortText(e)}\` depends on ${describeSource(source)}`
      : `\`${shortText(e)}\` is not a static value`;
  }

  private parent(expression: ts.Expression, env: Env): ParentRef {
    const resolved = this.resolve(expression, env);
    if ("resource" in resolved) return { kind: "resource", resource: resolved.resource };
    if (isAbsent(resolved)) return { kind: "root" };
    if ("value" in resolved) return { kind: "unknown", reason: `\`${shortText(expression)}\` is not a resource` };
    const e = skipOuter(resolved.expr);
    if (e.kind === ts.SyntaxKind.ThisKeyword) {
      const frame = resolved.env.frame;
      return frame
        ? { kind: "resource", resource: frame.component }
        : { kind: "unknown", reason: "`this` outside a component" };
    }
    if (ts.isIdentifier(e) && e.text === "undefined") return { kind: "root" };
    if (ts.isPropertyAccessExpression(e) && e.name.text === "rootStackResource") {
      const declaration = declarationOf(resolvedSymbol(this.checker, e.name));
      if (declaration && /[\\/]@pulumi[\\/]pulumi[\\/]/.test(declaration.getSourceFile().fileName))
        return { kind: "root" };
    }
    if (ts.isNewExpression(e)) {
      const records = this.byNode.get(e);
      if (records?.length === 1) return { kind: "resource", resource: records[0]! };
    }
    return { kind: "unknown", reason: `parent \`${shortText(expression)}\` is not static` };
  }

  private options(expression: ts.Expression | undefined, env: Env, depth = 0): Options {
    if (!expression || depth > MAX_DEPTH) return {};
    const resolved = this.resolve(expression, env);
    if (isAbsent(resolved)) return {};
    if (!("expr" in resolved)) return { parent: { kind: "unknown", reason: "options are not static" }, dynamic: true };
    const e = skipOuter(resolved.expr);
    const at = resolved.env;
    if (ts.isIdentifier(e) && e.text === "undefined") return {};
    if (ts.isObjectLiteralExpression(e)) {
      let result: Options = {};
      for (const p of e.properties) {
        if (ts.isSpreadAssignment(p)) {
          result = merge(result, this.options(p.expression, at, depth + 1));
          continue;
        }
        const name = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : undefined;
        const value = ts.isPropertyAssignment(p)
          ? p.initializer
          : ts.isShorthandPropertyAssignment(p)
            ? p.name
            : undefined;
        if (!value) continue;
        if (name === "parent") result = { ...result, parent: this.parent(value, at) };
        else if (name === "aliases") result = { ...result, aliases: this.aliases(value, at), aliasesNode: value };
        else if (name === "protect") result = { ...result, protect: this.bool(value, at) };
      }
      return result;
    }
    if (ts.isCallExpression(e) && sdkFunctionName(this.checker, e) === "mergeOptions") {
      const [a, b] = e.arguments;
      return merge(this.options(a, at, depth + 1), this.options(b, at, depth + 1));
    }
    return {
      parent: { kind: "unknown", reason: `options \`${shortText(expression)}\` are not static` },
      dynamic: true,
    };
  }

  private bool(expression: ts.Expression, env: Env): boolean | "dynamic" {
    const resolved = this.resolve(expression, env);
    if (isAbsent(resolved)) return false;
    if (!("expr" in resolved)) return "dynamic";
    const e = skipOuter(resolved.expr);
    if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
    return "dynamic";
  }

  private aliases(expression: ts.Expression, env: Env): AliasesInfo {
    const resolved = this.resolve(expression, env);
    if (!("expr" in resolved)) return { present: true, static: false, entries: [] };
    const e = skipOuter(resolved.expr);
    if (!ts.isArrayLiteralExpression(e)) return { present: true, static: false, entries: [] };
    const entries: AliasEntry[] = [];
    let isStatic = true;
    for (const element of e.elements) {
      if (ts.isSpreadElement(element)) {
        isStatic = false;
        continue;
      }
      const entry = this.aliasEntry(element, resolved.env);
      if (entry) entries.push(entry);
      else isStatic = false;
    }
    return { present: true, static: isStatic, entries };
  }

  private aliasEntry(expression: ts.Expression, env: Env): AliasEntry | undefined {
    const resolved = this.resolve(expression, env);
    if (!("expr" in resolved)) return undefined;
    const e = skipOuter(resolved.expr);
    if (!ts.isObjectLiteralExpression(e)) {
      const urn = this.str(e, resolved.env);
      return urn.ok ? { urn: urn.value } : undefined;
    }
    const entry: { -readonly [K in keyof AliasEntry]: AliasEntry[K] } = {};
    for (const p of e.properties) {
      if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) return undefined;
      const name = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : undefined;
      const value = ts.isPropertyAssignment(p) ? p.initializer : p.name;
      if (name === "parent") {
        const parent = this.parent(value, resolved.env);
        if (parent.kind !== "unknown") entry.parent = parent;
        else {
          const urn = this.str(value, resolved.env);
          if (!urn.ok) return undefined;
          entry.parentUrn = urn.value;
        }
      } else if (name === "parentUrn") {
        const urn = this.str(value, resolved.env);
        if (!urn.ok) return undefined;
        entry.parentUrn = urn.value;
      } else if (name === "noParent") {
        if (this.bool(value, resolved.env) !== true) return undefined;
        entry.parent = { kind: "root" };
      } else if (name === "name" || name === "type" || name === "project" || name === "stack") {
        const v = this.str(value, resolved.env);
        if (!v.ok) return undefined;
        entry[name] = v.value;
      } else {
        return undefined;
      }
    }
    return entry;
  }

  // ---------------------------------------------------------------- resources and calls

  private newExpression(node: ts.NewExpression, env: Env): PredictedResource | undefined {
    node.arguments?.forEach((a) => {
      this.visit(a, env);
    });
    let construction;
    try {
      construction = resourceConstruction(this.checker, node);
    } catch {
      construction = undefined;
    }
    if (!construction) return undefined;
    const args: (Binding | undefined)[] = (node.arguments ?? []).map((a) => ({ expr: a, env }));
    const classDecl = this.projectClass(node.expression);
    const chain = classDecl ? this.constructClass(classDecl, args, env, 0) : undefined;
    let type: Val | undefined = chain?.type;
    let nameIndex = construction.nameIndex;
    if (!type || !type.ok) {
      const token =
        resourceTokenOf(this.checker, node, (t) => this.publishedToken(node, t)) ?? this.exportedClassToken(node);
      if (token) {
        type = ok(token.token);
        nameIndex = token.nameIndex;
      }
    }
    if (!type) {
      const first = node.arguments?.[0];
      const classType = this.checker.getTypeAtLocation(node.expression);
      const staticToken = classType.getProperty("__pulumiType");
      const tokenType = staticToken ? this.checker.getTypeOfSymbolAtLocation(staticToken, node.expression) : undefined;
      if (tokenType?.isStringLiteral()) type = ok(tokenType.value);
      else if (first && construction.nameIndex === 1) type = this.str(first, env);
      else type = unresolved(`the type token of \`${construction.className}\` is not static`);
    }
    if (construction.kind === "provider" && type.ok && !type.value.startsWith("pulumi:providers:")) {
      type = ok(`pulumi:providers:${type.value}`);
    }
    const nameArg = nameIndex >= 0 ? node.arguments?.[nameIndex] : undefined;
    const name = nameArg ? this.str(nameArg, env) : unresolved("no logical name argument");
    const options = this.options(construction.optsArg, env);
    const parent: ParentRef = options.parent ?? { kind: "root" };
    const ownConditional = this.conditions(node, env);
    const conditional = [...env.conditional, ...ownConditional];
    const typeChain = this.typeChain(type, parent);
    const start = node.getStart();
    const file = node.getSourceFile();
    const { line, character } = file.getLineAndCharacterOfPosition(start);
    const resource: PredictedResource = {
      id: this.resources.length,
      kind: construction.kind,
      className: construction.className.replace(/\s+/g, ""),
      type,
      name,
      parent,
      aliases: options.aliases ?? { present: false, static: true, entries: [] },
      protect: options.protect ?? false,
      conditional,
      ownConditional,
      location: {
        file: relative(this.base, file.fileName).split(sep).join("/"),
        line: line + 1,
        column: character + 1,
      },
      typeChain,
      urn: typeChain !== undefined && name.ok ? buildUrn(this.project.name, typeChain, name.value) : undefined,
      node,
      nameArg,
      optsArg: construction.optsArg,
      optsIndex: construction.optsIndex,
      aliasesNode: options.aliasesNode,
      activation: env.activation,
    };
    this.resources.push(resource);
    const list = this.byNode.get(node) ?? [];
    list.push(resource);
    this.byNode.set(node, list);
    if (chain && construction.kind === "component") {
      const frame: Frame = { component: resource, fields: new Map() };
      for (const walk of chain.walks) this.walkFunction(walk.fn, walk.bind, env, frame, conditional, node);
    }
    return resource;
  }

  /**
   * Whether a provider SDK class registers `token`: its declaration file does not say (`__pulumiType` is
   * internal), its compiled JavaScript next to it does (`static __pulumiType = 'aws:s3/bucket:Bucket'`).
   */
  private publishedToken(node: ts.NewExpression, token: string): boolean {
    const file = declarationOf(resolvedSymbol(this.checker, node.expression))?.getSourceFile().fileName;
    return file !== undefined && published(file, token);
  }

  /**
   * The token of a provider class the package exports as a constant (`export declare const Queue: typeof
   * import("./queue").Queue`, how provider SDKs load their modules lazily): the class is found through the
   * constructor the call resolves to.
   */
  private exportedClassToken(node: ts.NewExpression): { token: string; nameIndex: number } | undefined {
    let signature: ts.Signature | undefined;
    try {
      signature = this.checker.getResolvedSignature(node);
    } catch {
      return undefined;
    }
    const ctor = signature?.getDeclaration();
    const cls = ctor && ts.isConstructorDeclaration(ctor) ? ctor.parent : undefined;
    if (!cls || !ts.isClassDeclaration(cls) || !cls.name) return undefined;
    const file = cls.getSourceFile().fileName;
    const token = /[\\/]@pulumi[\\/]pulumi[\\/]/.test(file)
      ? SDK_TOKENS[cls.name.text]
      : tokenCandidates(file, cls.name.text).find((t) => published(file, t));
    if (token === undefined) return undefined;
    const nameIndex = signature!.getParameters().findIndex((p) => p.getName() === "name");
    return { token, nameIndex };
  }

  private typeChain(type: Val, parent: ParentRef): string | undefined {
    if (!type.ok) return undefined;
    if (parent.kind === "root") return type.value;
    if (parent.kind === "resource" && parent.resource.typeChain !== undefined) {
      return `${parent.resource.typeChain}$${type.value}`;
    }
    return undefined;
  }

  private conditions(node: ts.Node, env: Env): string[] {
    try {
      return conditionsOf(this.checker, node, { loops: true, stopAt: (n) => n === env.root })
        .filter((c) => c.kind !== "guard" || c.sources.length > 0)
        .map((c) => c.kind);
    } catch {
      return [];
    }
  }

  /** The project's own class a `new` or `extends` names (not one from a package). */
  private projectClass(expression: ts.Expression): ClassNode | undefined {
    const declaration = declarationOf(resolvedSymbol(this.checker, skipOuter(expression)));
    if (!declaration || !isClassLike(declaration) || !isProjectFile(declaration.getSourceFile())) return undefined;
    return declaration;
  }

  /**
   * A class of the project constructed with `args`: the type token its `super(...)` chain passes to the SDK, and
   * the constructors to walk (base first), each with its parameters bound.
   */
  private constructClass(
    cls: ClassNode,
    args: readonly (Binding | undefined)[],
    env: Env,
    depth: number,
  ): { type: Val | undefined; walks: { fn: ts.ConstructorDeclaration; bind: (inner: Env) => void }[] } {
    if (depth > 10) return { type: undefined, walks: [] };
    const ctor = cls.members.find(
      (m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined,
    );
    const heritage = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    const base = heritage ? this.projectClass(heritage.expression) : undefined;
    const bind = (inner: Env): void => {
      ctor?.parameters.forEach((p, i) => {
        this.bindName(p.name, argument(args, i, p), inner, p.initializer);
      });
    };
    if (!ctor) {
      if (base) return this.constructClass(base, args, env, depth + 1);
      const first = args[0];
      const firstParam = heritage ? this.firstSuperParameter(heritage) : undefined;
      const type = first && "expr" in first && firstParam ? this.str(first.expr, first.env) : undefined;
      return { type, walks: [] };
    }
    const superCall = this.superCall(ctor);
    if (!superCall) return { type: undefined, walks: [{ fn: ctor, bind }] };
    const ctorEnv = this.child(env, undefined, env.conditional, ctor, env.active, env.activation);
    bind(ctorEnv);
    const superArgs: Binding[] = superCall.arguments.map((a) => ({ expr: a, env: ctorEnv }));
    if (base) {
      const inherited = this.constructClass(base, superArgs, env, depth + 1);
      return { type: inherited.type, walks: [...inherited.walks, { fn: ctor, bind }] };
    }
    const params =
      this.checker
        .getResolvedSignature(superCall)
        ?.getParameters()
        .map((p) => p.getName()) ?? [];
    const first = superCall.arguments[0];
    const type = first && (params[0] === "t" || params[0] === "type") ? this.str(first, ctorEnv) : undefined;
    return { type, walks: [{ fn: ctor, bind }] };
  }

  private firstSuperParameter(heritage: ts.ExpressionWithTypeArguments): string | undefined {
    const type = this.checker.getTypeAtLocation(heritage.expression);
    const signature = type.getConstructSignatures()[0];
    const name = signature?.getParameters()[0]?.getName();
    return name === "t" || name === "type" ? name : undefined;
  }

  private superCall(ctor: ts.ConstructorDeclaration): ts.CallExpression | undefined {
    let found: ts.CallExpression | undefined;
    const walk = (n: ts.Node): void => {
      if (found || isClassLike(n) || (isFunctionWithBody(n) && !ts.isArrowFunction(n))) return;
      if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.SuperKeyword) found = n;
      else ts.forEachChild(n, walk);
    };
    if (ctor.body) ts.forEachChild(ctor.body, walk);
    return found;
  }

  private walkFunction(
    fn: ts.FunctionLikeDeclaration,
    bind: (inner: Env) => void,
    caller: Env,
    frame: Frame | undefined,
    conditional: readonly string[],
    site: ts.Node,
  ): void {
    if (!fn.body || caller.active.includes(fn) || caller.active.length > MAX_DEPTH) return;
    const activation = this.activation(caller.activation, site, fn, frame?.component);
    const inner = this.child(caller, frame, conditional, fn, [...caller.active, fn], activation);
    bind(inner);
    this.visit(fn.body, inner);
  }

  /** Follows a call into a function or method of the project, its parameters bound to the arguments. */
  private call(node: ts.CallExpression, env: Env): void {
    if (node.expression.kind === ts.SyntaxKind.SuperKeyword) return;
    const callee = skipOuter(node.expression);
    const symbolNode = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    let declaration: ts.Node | undefined = declarationOf(resolvedSymbol(this.checker, symbolNode));
    if (!declaration || !isProjectFile(declaration.getSourceFile())) return;
    if (
      (ts.isVariableDeclaration(declaration) ||
        ts.isPropertyAssignment(declaration) ||
        ts.isPropertyDeclaration(declaration)) &&
      declaration.initializer
    ) {
      declaration = skipOuter(declaration.initializer);
    }
    if (!isFunctionWithBody(declaration) || ts.isConstructorDeclaration(declaration)) return;
    const fn = declaration;
    const viaThis = ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword;
    const args: Binding[] = node.arguments.map((a) => ({ expr: a, env }));
    const conditional = [...env.conditional, ...this.conditions(node, env)];
    const before = this.resources.length;
    this.walkFunction(
      fn,
      (inner) => {
        fn.parameters.forEach((p, i) => {
          this.bindName(p.name, argument(args, i, p), inner, p.initializer);
        });
      },
      env,
      viaThis ? env.frame : undefined,
      conditional,
      node,
    );
    this.calls.push({
      node,
      activation: env.activation,
      callee: fn,
      registered: this.resources.length - before,
      first: before,
    });
  }
}

/** The argument bound to parameter `i`: none passed (and no default) is `undefined`, unless arguments are spread. */
function argument(
  args: readonly (Binding | undefined)[],
  i: number,
  parameter: ts.ParameterDeclaration,
): Binding | undefined {
  if (parameter.dotDotDotToken) return undefined;
  if (i < args.length) return args[i];
  if (parameter.initializer || args.some((a) => a && "expr" in a && ts.isSpreadElement(a.expr))) return undefined;
  return { value: ABSENT };
}

interface Options {
  readonly parent?: ParentRef;
  readonly aliases?: AliasesInfo;
  readonly aliasesNode?: ts.Expression;
  readonly protect?: boolean | "dynamic";
  readonly dynamic?: boolean;
}

function merge(a: Options, b: Options): Options {
  return {
    ...a,
    ...Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined)),
  };
}

/** Predicts every resource registration of a loaded project. */
export function predictResources(project: LoadedProject, options: PredictOptions = {}): Inventory {
  const base = options.relativeTo ?? project.dir;
  const predictor = new Predictor(project, base);
  const resources = predictor.run();
  return {
    project: project.name,
    dir: project.dir,
    entry: relative(base, project.entry).split(sep).join("/"),
    resources,
    calls: predictor.calls,
  };
}
