import ts from "typescript";
import {
  ancestors,
  bindingRoot,
  contains,
  declarationOf,
  forEachDescendant,
  isClassLike,
  isFunctionWithBody,
  resolvedSymbol,
  returnExpressions,
  skipOuter,
  staticName,
} from "./ast.js";
import {
  expressionIsSdkClass,
  identifyingArguments,
  isCloudSdkCall,
  isContextInvoke,
  isInfrastructureInvoke,
  isOutputApplyCall,
  isResourceGetCall,
  isResourceOptionsUrn,
  isResourceType,
  isStackNameCall,
  isStackReferenceRead,
  resourceConstruction,
} from "../pulumi-types.js";
import { ARRAY_METHODS, isRunNowCallback, PROMISE_METHODS } from "./program.js";

/**
 * Where the value of an expression comes from, followed through local variables, destructuring, `this.x`
 * fields, imports and the return values of functions declared in the project. Pure over the TypeScript AST and
 * checker.
 *
 * - argument: a parameter of an enclosing function (the caller decides it), or a component field set from one;
 * - config: `pulumi.Config`, `process.env`, `pulumi.getStack()`/`getProject()`, and the invokes that read the
 *   deployment's context (`CONTEXT_INVOKES`: the caller's account, the provider's region...);
 * - lookup: live state read at deploy time: a provider invoke, `Resource.get`, a cloud SDK call, a StackReference
 *   (not a read of a resource the code holds: `isOwnedResourceRead`);
 * - resource (only with `SourceOptions.resources`): the outputs of a resource the code holds (`bucket.arn`), which
 *   are otherwise not a source.
 */

export type SourceKind = "argument" | "config" | "lookup" | "resource";

export interface Source {
  readonly kind: SourceKind;
  /** The expression that brings the value in, for the message. */
  readonly node: ts.Node;
  /**
   * A lookup that reads another stack's outputs (a StackReference) rather than the state of infrastructure: it
   * changes when that stack is updated, not when a resource appears or goes, so it never decides "if missing".
   */
  readonly stackOutput?: boolean;
  /**
   * Reached only through the list a loop or an array method iterates (`for (const zone of zones)`,
   * `specs.forEach((spec) => ...)`): the value is an item of the source's results, so a test on it decides per item
   * (how many resources), not whether the source found something.
   */
  readonly iterated?: boolean;
}

/** A lookup of infrastructure itself: an invoke, `Resource.get` or a cloud SDK call, not another stack's outputs. */
/**
 * The outputs of a resource that identify it, by the provider SDKs' naming (`id`, `name`, `arn`, `urn`,
 * `accountName`, `resourceGroupName`, `clusterId`...): an invoke given one reads that resource. Others
 * (`cluster.version`) only parameterise a lookup of something else (`eks.getAddonVersion`).
 */
const IDENTIFYING_OUTPUT = /^(?:id|name|arn|urn)$|(?:Name|Id|Arn|Names|Ids|Arns)$/;

export function isInfrastructureLookup(source: Source): boolean {
  return source.kind === "lookup" && source.stackOutput !== true;
}

/**
 * A lookup whose answer says whether something exists, as no-create-if-missing means it: an infrastructure lookup
 * reached otherwise than only through the list a loop iterates (a test on an item of a lookup's results shapes how
 * many resources there are, not whether one is there).
 */
export function decidesExistence(source: Source): boolean {
  return isInfrastructureLookup(source) && source.iterated !== true;
}

export interface SourceOptions {
  /** Do not count the SDK's `opts.urn` (the rehydration guard of a component is not a decision). */
  readonly ignoreUrn?: boolean;
  /** Report the outputs of resources the code holds as `resource` sources. */
  readonly resources?: boolean;
}

/** A live-state read: an invoke of infrastructure, `Resource.get`, cloud SDK call; not a read of an owned resource. */
export function isLookupCall(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  if (isCloudSdkCall(checker, call)) return true;
  if (!isInfrastructureInvoke(checker, call) && !isResourceGetCall(checker, call)) return false;
  return !isOwnedResourceRead(checker, call);
}

/** The array-method callback a parameter belongs to, and the array it iterates. */
export function iteratedArrayOf(
  checker: ts.TypeChecker,
  parameter: ts.ParameterDeclaration,
): ts.Expression | undefined {
  const fn = parameter.parent;
  if (!isRunNowCallback(checker, fn)) return undefined;
  const call = fn.parent as ts.CallExpression;
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || PROMISE_METHODS.has(callee.name.text)) return undefined;
  return callee.expression;
}

class SourceFinder {
  private readonly sources: Source[] = [];
  /** What was followed, in each mode: everything, or only lookups (see `lookupsOnly`). */
  private readonly seen = {
    all: new Set<ts.Symbol | ts.Node>(),
    lookups: new Set<ts.Symbol | ts.Node>(),
    iterated: new Set<ts.Symbol | ts.Node>(),
  };
  /** Inside a resource's outputs only lookups count (a resource read from live state); its arguments do not. */
  private lookupsOnly = 0;
  /** Inside the list a loop iterates, reached from one of its items: sources found are `iterated`. */
  private iterating = 0;
  /** Functions whose parameters are bound inside what is analysed (callbacks in it, functions followed). */
  private readonly bound: ts.Node[] = [];

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly options: SourceOptions,
  ) {}

  run(root: ts.Node): Source[] {
    this.bound.push(root);
    this.visit(root);
    return this.sources;
  }

  /** Marks a symbol or function as followed; false when it already was in this mode (or in the wider one). */
  private firstVisit(key: ts.Symbol | ts.Node): boolean {
    if (this.seen.all.has(key)) return false;
    const mode = this.lookupsOnly > 0 ? this.seen.lookups : this.iterating > 0 ? this.seen.iterated : this.seen.all;
    if (mode.has(key)) return false;
    mode.add(key);
    return true;
  }

  private add(kind: SourceKind, node: ts.Node, stackOutput = false): void {
    if (this.lookupsOnly > 0 && kind !== "lookup" && kind !== "resource") return;
    if (kind === "resource" && !this.options.resources) return;
    const iterated = this.iterating > 0;
    const at = this.sources.findIndex((s) => s.kind === kind && s.node === node);
    if (at >= 0 && (iterated || this.sources[at]!.iterated !== true)) return;
    const source: Source = { kind, node, ...(stackOutput ? { stackOutput } : {}), ...(iterated ? { iterated } : {}) };
    if (at >= 0) this.sources[at] = source;
    else this.sources.push(source);
  }

  /** Visits the list a loop iterates, from one of its items. */
  private visitIterated(list: ts.Node): void {
    this.iterating++;
    this.visit(list);
    this.iterating--;
  }

  private isBound(declaration: ts.Node): boolean {
    return this.bound.some((b) => contains(b, declaration));
  }

  private visit = (node: ts.Node): void => {
    if (ts.isTypeNode(node) || ts.isTypeParameterDeclaration(node)) return;
    if (ts.isIdentifier(node)) {
      this.identifier(node);
      return;
    }
    if (ts.isPropertyAccessExpression(node)) {
      this.propertyAccess(node);
      return;
    }
    if (ts.isCallExpression(node)) {
      this.call(node);
      return;
    }
    if (ts.isNewExpression(node)) {
      if (expressionIsSdkClass(this.checker, node, "Config")) this.add("config", node);
      else if (expressionIsSdkClass(this.checker, node, "StackReference")) this.add("lookup", node, true);
      // A new resource is an object whatever its arguments: a test on a variable holding one (`if (!cached)`)
      // does not depend on them. Whether it was created at all is decided, and reported, where it is created.
      else if (!isResourceType(this.checker, this.checker.getTypeAtLocation(node))) node.arguments?.forEach(this.visit);
      return;
    }
    if (ts.isPropertyAssignment(node)) {
      if (ts.isComputedPropertyName(node.name)) this.visit(node.name);
      this.visit(node.initializer);
      return;
    }
    if (isFunctionWithBody(node)) {
      // A callback inside what is analysed: its own parameters are bound to data counted elsewhere.
      this.bound.push(node);
      if (node.body) this.visit(node.body);
      return;
    }
    if (isClassLike(node)) return;
    ts.forEachChild(node, this.visit);
  };

  private propertyAccess(node: ts.PropertyAccessExpression): void {
    const { checker } = this;
    if (this.options.ignoreUrn && isResourceOptionsUrn(checker, node)) return;
    if (isStackReferenceRead(checker, node)) {
      this.add("lookup", node, true);
      return;
    }
    const target = skipOuter(node.expression);
    if (ts.isIdentifier(target) && target.text === "process" && node.name.text === "env") {
      const declaration = declarationOf(resolvedSymbol(checker, target));
      if (!declaration || declaration.getSourceFile().isDeclarationFile) {
        this.add("config", node);
        return;
      }
    }
    if (target.kind === ts.SyntaxKind.ThisKeyword) {
      this.thisProperty(node);
      return;
    }
    // A property of an object literal of the project: only that property's value, not its siblings'.
    const member = declarationOf(checker.getSymbolAtLocation(node.name));
    if (
      member &&
      (ts.isPropertyAssignment(member) || ts.isShorthandPropertyAssignment(member)) &&
      !member.getSourceFile().isDeclarationFile
    ) {
      if (this.firstVisit(member)) this.visit(ts.isPropertyAssignment(member) ? member.initializer : member.name);
      return;
    }
    const literal = constObjectLiteral(checker, node.expression);
    if (literal && !literal.properties.some((p) => staticName(p.name) === node.name.text)) {
      // Not one of the literal's own properties: it can only come from what the literal spreads.
      if (!this.firstVisit(literal)) return;
      for (const p of literal.properties) if (ts.isSpreadAssignment(p)) this.visit(p.expression);
      return;
    }
    if (isResourceType(checker, checker.getTypeAtLocation(node.expression))) {
      // A resource's outputs (`bucket.arn`, `uuid.result`) are the provider's data, not the caller's: only a
      // resource that was itself read from live state makes them a source. An output that identifies the resource
      // (`id`, `name`, `arn`, `accountName`...) is a `resource` source: a read by it reads that resource's own data.
      if (IDENTIFYING_OUTPUT.test(node.name.text)) this.add("resource", node.expression);
      this.lookupsOnly++;
      this.visit(node.expression);
      this.lookupsOnly--;
      return;
    }
    this.visit(node.expression);
  }

  private thisProperty(node: ts.PropertyAccessExpression): void {
    const symbol = this.checker.getSymbolAtLocation(node.name);
    if (!symbol || !this.firstVisit(symbol)) return;
    const declaration = declarationOf(symbol);
    if (!declaration) return;
    if (ts.isParameter(declaration)) {
      this.add("argument", node);
      return;
    }
    if (ts.isGetAccessorDeclaration(declaration)) {
      this.followFunction(declaration);
      return;
    }
    if (!ts.isPropertyDeclaration(declaration)) return;
    if (declaration.initializer) this.visit(declaration.initializer);
    const owner = declaration.parent;
    forEachDescendant(owner, (n) => {
      if (
        ts.isBinaryExpression(n) &&
        isAssignment(n.operatorToken.kind) &&
        ts.isPropertyAccessExpression(skipOuter(n.left)) &&
        this.checker.getSymbolAtLocation((skipOuter(n.left) as ts.PropertyAccessExpression).name) === symbol
      ) {
        this.visit(n.right);
      }
    });
  }

  private call(node: ts.CallExpression): void {
    const { checker } = this;
    if (isLookupCall(checker, node)) {
      this.add("lookup", node);
      return;
    }
    if (isInfrastructureInvoke(checker, node) || isResourceGetCall(checker, node)) {
      // A read of a resource the code holds (its keys, its current address): derived from that resource, like its
      // outputs; only a lookup among its arguments is a source.
      this.lookupsOnly++;
      node.arguments.forEach(this.visit);
      this.lookupsOnly--;
      return;
    }
    if (isStackNameCall(checker, node) || isContextInvoke(checker, node)) {
      this.add("config", node);
      return;
    }
    this.visit(node.expression);
    node.arguments.forEach(this.visit);
    const callee = declarationOf(resolvedSymbol(checker, skipOuter(node.expression)));
    if (!callee || callee.getSourceFile().isDeclarationFile) return;
    const fn = ts.isVariableDeclaration(callee) && callee.initializer ? skipOuter(callee.initializer) : callee;
    if (isFunctionWithBody(fn)) this.followFunction(fn);
  }

  /** What a function of the project returns, its own parameters bound to the arguments already counted. */
  private followFunction(fn: ts.Node): void {
    if (!isFunctionWithBody(fn) || !this.firstVisit(fn)) return;
    this.bound.push(fn);
    for (const e of returnExpressions(fn).expressions) this.visit(e);
  }

  private identifier(node: ts.Identifier): void {
    const { checker } = this;
    const symbol = resolvedSymbol(checker, node);
    const declaration = declarationOf(symbol);
    if (!symbol || !declaration || !this.firstVisit(symbol)) return;
    if (ts.isParameter(declaration)) {
      this.parameter(declaration, node);
      return;
    }
    if (ts.isBindingElement(declaration)) {
      const root = bindingRoot(declaration);
      if (root && ts.isParameter(root)) this.parameter(root, node);
      else if (root) this.variable(root, symbol);
      return;
    }
    if (ts.isVariableDeclaration(declaration)) this.variable(declaration, symbol);
  }

  private parameter(declaration: ts.ParameterDeclaration, at: ts.Identifier): void {
    if (this.isBound(declaration)) return;
    const array = iteratedArrayOf(this.checker, declaration);
    if (array) {
      // An item of a list (`zones.map((zone) => ...)`); an Output's `apply` hands over the whole value, not an item.
      const method = ts.isPropertyAccessExpression(array.parent) ? array.parent.name.text : "";
      if (ARRAY_METHODS.has(method)) this.visitIterated(array);
      else this.visit(array);
      return;
    }
    this.add("argument", widestAccess(at));
  }

  private variable(declaration: ts.VariableDeclaration, symbol: ts.Symbol): void {
    const list = declaration.parent;
    const statement = ts.isVariableDeclarationList(list) ? list.parent : undefined;
    if (statement && (ts.isForOfStatement(statement) || ts.isForInStatement(statement))) {
      this.visitIterated(statement.expression);
      return;
    }
    if (ts.isCatchClause(list)) return;
    if (declaration.initializer) this.visit(declaration.initializer);
    if (ts.isVariableDeclarationList(list) && !(list.flags & ts.NodeFlags.Const)) {
      const scope = scopeOf(declaration);
      forEachDescendant(scope, (n) => {
        if (
          ts.isBinaryExpression(n) &&
          isAssignment(n.operatorToken.kind) &&
          ts.isIdentifier(skipOuter(n.left)) &&
          resolvedSymbol(this.checker, skipOuter(n.left)) === symbol
        ) {
          this.visit(n.right);
        }
      });
    }
  }
}

/** The object literal a `const` is initialized with, when `expression` names such a const. */
function constObjectLiteral(
  checker: ts.TypeChecker,
  expression: ts.Expression,
): ts.ObjectLiteralExpression | undefined {
  const e = skipOuter(expression);
  if (!ts.isIdentifier(e)) return undefined;
  const declaration = declarationOf(resolvedSymbol(checker, e));
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  if (!(ts.isVariableDeclarationList(declaration.parent) && declaration.parent.flags & ts.NodeFlags.Const)) {
    return undefined;
  }
  const init = skipOuter(declaration.initializer);
  return ts.isObjectLiteralExpression(init) ? init : undefined;
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** The function body or source file a declaration is scoped to. */
function scopeOf(node: ts.Node): ts.Node {
  for (const n of ancestors(node)) {
    if (isFunctionWithBody(n) || ts.isSourceFile(n)) return n;
  }
  return node.getSourceFile();
}

/** `args` in `args.network.enabled` widened to the whole access, for the message. */
function widestAccess(node: ts.Node): ts.Node {
  let n = node;
  while (
    (ts.isPropertyAccessExpression(n.parent) || ts.isElementAccessExpression(n.parent)) &&
    n.parent.expression === n &&
    !(ts.isCallExpression(n.parent.parent) && n.parent.parent.expression === n.parent)
  ) {
    n = n.parent;
  }
  return n;
}

/** Where the value of `expression` comes from; empty when it is a constant of the code. */
export function sourcesOf(checker: ts.TypeChecker, expression: ts.Node, options: SourceOptions = {}): Source[] {
  return new SourceFinder(checker, options).run(expression);
}

/** A short phrase naming a source, for messages: "the argument `args.enabled`". */
export function describeSource(source: Source): string {
  const text = source.node.getText().replace(/\s+/g, " ");
  const shown = text.length > 50 ? `${text.slice(0, 49)}…` : text;
  switch (source.kind) {
    case "argument":
      return `the argument \`${shown}\``;
    case "config":
      return `the configuration \`${shown}\``;
    case "lookup":
      return `the live lookup \`${shown}\``;
    case "resource":
      return `the outputs of \`${shown}\``;
  }
}

// --- reads of a resource the code holds --------------------------------------------------------------------------

/** Nesting of `isOwnedResourceRead` (it follows the arguments, which may hold further reads). */
let ownedDepth = 0;

/**
 * An invoke or a `Resource.get` that reads derived data of a resource the code holds (constructed here, or handed
 * in as a resource), not outside infrastructure state:
 * - its identifying arguments (an invoke's `args`, the `id` of a read by id) include an output of such a resource
 *   (`listStorageAccountKeysOutput({ accountName: account.name, ... })`, `getPublicIPOutput({ name: ip.name })`)
 *   and no live lookup: for an invoke, of a resource of the invoke's own provider module; for a read by id, of a
 *   resource of the class it reads (`Bucket.get(n, bucket.id)`); or
 * - it runs in the `apply` callback of an output of a resource the code constructs, and every property of its
 *   `args` object is one the construction sets to the same value (`stg.id.apply(() => listStorageAccountKeys({
 *   accountName: name, ...group }))` after `new StorageAccount(n, { accountName: name, ...group })`): it waits for
 *   that resource and names it as it was created.
 * Arguments from strings, config or parameters that are not resources alone do not make a read owned: that is the
 * live-state lookup (`getVpc({ id: args.vpcId })`).
 */
export function isOwnedResourceRead(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  if (ownedDepth > 3) return false;
  ownedDepth++;
  try {
    const args = identifyingArguments(checker, call);
    if (args.length === 0) return false;
    const sources = args.flatMap((a) => sourcesOf(checker, a, { resources: true }));
    if (sources.some((s) => s.kind === "lookup")) return false;
    if (!isResourceGetCall(checker, call)) {
      // An invoke of the resource's own module (`storage.listStorageAccountKeys` for a `storage.StorageAccount`):
      // one of another module is a lookup the output only filters (`ec2.getSecurityGroup` by an EKS cluster's group).
      const module = moduleDirectory(checker.getResolvedSignature(call)?.getDeclaration());
      const ofModule = sources.some(
        (s) =>
          s.kind === "resource" &&
          module !== undefined &&
          moduleDirectory(
            checker.getNonNullableType(checker.getTypeAtLocation(s.node)).getSymbol()?.declarations?.[0],
          ) === module,
      );
      return ofModule || namesAwaitedConstruction(checker, call, args[0]!);
    }
    // A read by id re-reads the resource it has the id of (`Bucket.get(n, bucket.id)`): one of the same class. An
    // id from another resource's outputs (a group a CloudFormation stack made) reads a resource nobody declares.
    const read = checker.getTypeAtLocation(call).getSymbol();
    return sources.some(
      (s) =>
        s.kind === "resource" &&
        read !== undefined &&
        checker.getNonNullableType(checker.getTypeAtLocation(s.node)).getSymbol() === read,
    );
  } finally {
    ownedDepth--;
  }
}

/** The directory of a provider SDK declaration (`.../@pulumi/azure-native/storage`): its package and module. */
function moduleDirectory(declaration: ts.Node | undefined): string | undefined {
  const file = declaration?.getSourceFile().fileName;
  if (!file || !/[\\/]@pulumi[\\/]/.test(file)) return undefined;
  return file.replace(/[\\/][^\\/]*$/, "");
}

/** The `new` expressions of resources a holder (`x`, `this.x`) may hold: its initializer and assignments. */
function constructionsHeldBy(checker: ts.TypeChecker, holder: ts.Expression): ts.NewExpression[] {
  const e = skipOuter(holder);
  const symbol = ts.isPropertyAccessExpression(e)
    ? e.expression.kind === ts.SyntaxKind.ThisKeyword
      ? checker.getSymbolAtLocation(e.name)
      : undefined
    : ts.isIdentifier(e)
      ? resolvedSymbol(checker, e)
      : undefined;
  const declaration = declarationOf(symbol);
  if (!symbol || !declaration || !(ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration))) {
    return [];
  }
  const values: ts.Expression[] = declaration.initializer ? [declaration.initializer] : [];
  const scope = ts.isPropertyDeclaration(declaration) ? declaration.parent : scopeOf(declaration);
  forEachDescendant(scope, (n) => {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = skipOuter(n.left);
      const target = ts.isPropertyAccessExpression(left) ? left.name : left;
      if (checker.getSymbolAtLocation(target) === symbol || resolvedSymbol(checker, left) === symbol) {
        values.push(n.right);
      }
    }
  });
  const found: ts.NewExpression[] = [];
  const collect = (v: ts.Expression): void => {
    const x = skipOuter(v);
    if (ts.isConditionalExpression(x)) {
      collect(x.whenTrue);
      collect(x.whenFalse);
    } else if (ts.isNewExpression(x) && resourceConstruction(checker, x)) found.push(x);
  };
  values.forEach(collect);
  return found;
}

/** The object literal of a resource construction's `args` (the parameter after the name). */
function constructionArgs(checker: ts.TypeChecker, node: ts.NewExpression): ts.ObjectLiteralExpression | undefined {
  const construction = resourceConstruction(checker, node);
  if (!construction || construction.spreadArguments || construction.nameIndex < 0) return undefined;
  const args = node.arguments?.[construction.nameIndex + 1];
  const literal = args ? skipOuter(args) : undefined;
  return literal && ts.isObjectLiteralExpression(literal) ? literal : undefined;
}

/**
 * Text of a value for comparing two mentions: no spaces, `?.` and `!` dropped, and a constant destructured from an
 * object written as the property it reads (`group` of `const { group } = this.args` is `this.args.group`).
 */
function valueTextOf(node: ts.Node, checker?: ts.TypeChecker): string {
  if (checker && ts.isExpression(node)) {
    const e = skipOuter(node);
    if (ts.isPropertyAccessExpression(e)) return `${valueTextOf(e.expression, checker)}.${e.name.text}`;
  }
  if (checker && ts.isIdentifier(node)) {
    const declaration = declarationOf(resolvedSymbol(checker, node));
    if (
      declaration &&
      ts.isBindingElement(declaration) &&
      ts.isObjectBindingPattern(declaration.parent) &&
      !declaration.dotDotDotToken &&
      ts.isVariableDeclaration(declaration.parent.parent) &&
      declaration.parent.parent.initializer &&
      declaration.parent.parent.parent.flags & ts.NodeFlags.Const
    ) {
      const key = declaration.propertyName ? staticName(declaration.propertyName) : declaration.name.getText();
      if (key !== undefined) return `${valueTextOf(declaration.parent.parent.initializer)}.${key}`;
    }
  }
  return node
    .getText()
    .replace(/\s+/g, "")
    .replace(/\?\./g, ".")
    .replace(/!(?=[.[)]|$)/g, "");
}

/** Every property of `args` is one `construction` sets to the same value (directly or through the same spread). */
function namesConstruction(
  checker: ts.TypeChecker,
  args: ts.ObjectLiteralExpression,
  construction: ts.ObjectLiteralExpression,
): boolean {
  const sameValueText = (node: ts.Node): string => valueTextOf(node, checker);
  const own = new Map<string, string>();
  const spreads = new Set<string>();
  for (const p of construction.properties) {
    if (ts.isSpreadAssignment(p)) spreads.add(sameValueText(p.expression));
    else if (ts.isPropertyAssignment(p) && staticName(p.name) !== undefined) {
      own.set(staticName(p.name)!, sameValueText(p.initializer));
    } else if (ts.isShorthandPropertyAssignment(p)) own.set(p.name.text, p.name.text);
  }
  let named = 0;
  for (const p of args.properties) {
    if (ts.isSpreadAssignment(p)) {
      if (!spreads.has(sameValueText(p.expression))) return false;
      continue;
    }
    const key = ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p) ? staticName(p.name) : undefined;
    if (key === undefined) return false;
    const value = sameValueText(ts.isPropertyAssignment(p) ? p.initializer : p.name);
    const viaSpread = [...spreads].some((s) => value === `${s}.${key}`);
    if (own.get(key) !== value && !viaSpread) return false;
    named++;
  }
  return named > 0;
}

/** The call runs in the `apply` callback of an output of a resource constructed here, and names that resource. */
function namesAwaitedConstruction(checker: ts.TypeChecker, call: ts.CallExpression, args: ts.Expression): boolean {
  const literal = skipOuter(args);
  if (!ts.isObjectLiteralExpression(literal)) return false;
  for (const fn of ancestors(call)) {
    if (isClassLike(fn)) return false;
    if (!isFunctionWithBody(fn) || !ts.isCallExpression(fn.parent) || !fn.parent.arguments.includes(fn as never)) {
      continue;
    }
    const apply = fn.parent;
    if (!isOutputApplyCall(checker, apply)) continue;
    // `resource.output.apply(...)`, `this.resource!.output.apply(...)`: the resource whose output is awaited.
    let receiver = skipOuter((skipOuter(apply.expression) as ts.PropertyAccessExpression).expression);
    while (ts.isPropertyAccessExpression(receiver)) {
      const holder = skipOuter(receiver.expression);
      if (isResourceType(checker, checker.getTypeAtLocation(holder))) {
        const constructions = constructionsHeldBy(checker, holder);
        if (
          constructions.some((c) => {
            const cargs = constructionArgs(checker, c);
            return cargs !== undefined && namesConstruction(checker, literal, cargs);
          })
        ) {
          return true;
        }
        break;
      }
      receiver = holder;
    }
  }
  return false;
}
