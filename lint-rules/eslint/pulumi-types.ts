import ts from "typescript";
import { declarationOf, isNothingLiteral, memoizedPerChecker, resolvedSymbol, skipOuter } from "./analysis/ast.js";
import { symbolThroughNamespaceImport, typeThroughNamespaceImport } from "./analysis/quick-checker.js";

/**
 * How the lint rules recognise Pulumi things through the type checker: by the SDK's own declarations, never by
 * names in the source. Pure functions of TypeScript nodes and a checker (the project analyzer reuses them).
 *
 * - A resource is an instance of a class that derives, through any number of classes, re-exports and files, from
 *   `Resource` as declared in `@pulumi/pulumi` (CustomResource, ComponentResource, ProviderResource are such).
 * - A provider invoke (data source) is a call to a function declared in a package under `@pulumi/` whose
 *   signature takes the SDK's `InvokeOptions` or `InvokeOutputOptions`: that is how every provider SDK's
 *   generated `getX`/`getXOutput`/`listX` functions, and `pulumi.runtime.invoke` itself, are declared. The few
 *   invokes that only compute from their arguments (`COMPUTING_INVOKES`, `@pulumi/std`) are not lookups; those
 *   that read the deployment's context (`CONTEXT_INVOKES`: caller, region, partition...) are invokes but read no
 *   infrastructure (`isInfrastructureInvoke`).
 * - A resource construction is a `new` of a resource class, unless its options name the URN of a resource already
 *   registered (`{ urn }`): that reads the resource back from the engine (rehydration) and registers nothing.
 * - A resource read is a call to a static method `get` of a resource class that returns a resource.
 * - A cloud SDK call is a call to a function or method declared in `@aws-sdk/*`, `@azure/*`, `@google-cloud/*`
 *   or `aws-sdk`, or a method call on an object whose type is declared there (`client.send(...)`).
 */

const PULUMI_SDK = /[\\/]@pulumi[\\/]pulumi[\\/]/;
const PULUMI_PACKAGE = /[\\/]@pulumi[\\/][^\\/]+[\\/]/;
const CLOUD_SDK = /[\\/](?:@aws-sdk|@azure|@google-cloud)[\\/][^\\/]+[\\/]|[\\/]aws-sdk[\\/]/;

function declaredIn(symbol: ts.Symbol | undefined, pattern: RegExp): boolean {
  return (symbol?.declarations ?? []).some((d) => pattern.test(d.getSourceFile().fileName));
}

function declaredInPulumiSdk(symbol: ts.Symbol | undefined): boolean {
  return declaredIn(symbol, PULUMI_SDK);
}

/** The class or interface declarations behind a type: generic instances resolved to their class. */
function classTargets(type: ts.Type): ts.InterfaceType[] {
  if (type.isIntersection()) return type.types.flatMap(classTargets);
  let t = type;
  if (t.flags & ts.TypeFlags.Object && (t as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) {
    t = (t as ts.TypeReference).target;
  }
  return t.isClassOrInterface() ? [t] : [];
}

/** The SDK classes a type is or derives from ("Resource", "CustomResource", "Config"...). */
export function sdkClassesOf(checker: ts.TypeChecker, type: ts.Type): Set<string> {
  const found = new Set<string>();
  const seen = new Set<ts.Type>();
  const walk = (t: ts.Type, depth: number): void => {
    if (depth > 30 || seen.has(t)) return;
    seen.add(t);
    for (const target of classTargets(t)) {
      const symbol = target.getSymbol();
      if (symbol && declaredInPulumiSdk(symbol)) found.add(symbol.getName());
      let bases: readonly ts.BaseType[] = [];
      try {
        bases = checker.getBaseTypes(target);
      } catch {
        bases = [];
      }
      for (const base of bases) walk(base, depth + 1);
    }
  };
  walk(type, 0);
  return found;
}

/** True when `type` is (or derives from) the SDK's class of the given name, e.g. "CustomResource". */
export function derivesFromSdkClass(checker: ts.TypeChecker, type: ts.Type, className: string): boolean {
  return sdkClassesOf(checker, type).has(className);
}

export type ResourceKind = "custom" | "component" | "provider" | "resource";

/** What kind of Pulumi resource a type is, or undefined when it is not one. */
export function resourceKindOf(checker: ts.TypeChecker, type: ts.Type): ResourceKind | undefined {
  const classes = sdkClassesOf(checker, type);
  if (!classes.has("Resource")) return undefined;
  if (classes.has("ProviderResource")) return "provider";
  if (classes.has("ComponentResource")) return "component";
  if (classes.has("CustomResource")) return "custom";
  return "resource";
}

/** True when the type, without null and undefined, is a Pulumi resource. */
export function isResourceType(checker: ts.TypeChecker, type: ts.Type): boolean {
  const nonNull = checker.getNonNullableType(type);
  if (nonNull.isUnion()) return nonNull.types.length > 0 && nonNull.types.every((t) => isResourceType(checker, t));
  return resourceKindOf(checker, nonNull) !== undefined;
}

/** The string literal a node evaluates to, by its type: a literal, a const, a template without holes. */
export function stringLiteralOf(checker: ts.TypeChecker, node: ts.Node): string | undefined {
  const type = checker.getTypeAtLocation(node);
  return type.isStringLiteral() ? type.value : undefined;
}

function parameterTypes(checker: ts.TypeChecker, signature: ts.Signature, at: ts.Node): ts.Type[] {
  return signature.getParameters().map((p) => checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(p, at)));
}

/** True when the type has a `parent` property declared by the SDK's resource options. */
export function isResourceOptionsType(checker: ts.TypeChecker, type: ts.Type): boolean {
  const parent = checker.getNonNullableType(type).getProperty("parent");
  return declaredInPulumiSdk(parent);
}

/** One `new X(...)` of a Pulumi resource, with where its logical name and options are. */
export interface ResourceConstruction {
  readonly node: ts.NewExpression;
  readonly kind: ResourceKind;
  /** The class as written (`aws.s3.Bucket`). */
  readonly className: string;
  /** The class's symbol: the same class written two ways has the same symbol. */
  readonly classSymbol: ts.Symbol | undefined;
  /** Index of the name and options parameters; -1 when the signature has none. */
  readonly nameIndex: number;
  readonly optsIndex: number;
  readonly nameArg: ts.Expression | undefined;
  readonly optsArg: ts.Expression | undefined;
  /** An argument before the options is spread (`new X(...args)`): positions are unknown. */
  readonly spreadArguments: boolean;
}

/**
 * Options that name the URN of a resource already registered (`{ urn }`): the SDK reads that resource back from the
 * engine (how a resource reference is rehydrated, in a `registerResourceModule` callback or a component provider)
 * and registers nothing, so the expression creates no resource.
 */
function isRehydration(opts: ts.Expression | undefined): boolean {
  const literal = opts && skipOuter(opts);
  if (!literal || !ts.isObjectLiteralExpression(literal)) return false;
  return literal.properties.some(
    (p) =>
      (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) &&
      ts.isIdentifier(p.name) &&
      p.name.text === "urn" &&
      !(ts.isPropertyAssignment(p) && isNothingLiteral(p.initializer)),
  );
}

/** The class a `new` names, through imports (a namespace import's chain walked without resolving the namespace). */
function classSymbolOf(checker: ts.TypeChecker, expression: ts.Expression): ts.Symbol | undefined {
  return symbolThroughNamespaceImport(checker, expression) ?? resolvedSymbol(checker, expression);
}

/** The resource a `new` expression constructs, or undefined when it is not a Pulumi resource (once per node). */
export const resourceConstruction: (
  checker: ts.TypeChecker,
  node: ts.NewExpression,
) => ResourceConstruction | undefined = memoizedPerChecker(constructionOf);

function constructionOf(checker: ts.TypeChecker, node: ts.NewExpression): ResourceConstruction | undefined {
  const kind = resourceKindOf(checker, checker.getTypeAtLocation(node));
  if (!kind) return undefined;
  const signature = checker.getResolvedSignature(node);
  const params = signature?.getParameters().map((p) => p.getName()) ?? [];
  let nameIndex = params.indexOf("name");
  if (nameIndex < 0) nameIndex = params.findIndex((p) => /name$/i.test(p));
  let optsIndex = params.indexOf("opts");
  if (optsIndex < 0 && signature) {
    const types = parameterTypes(checker, signature, node);
    for (let i = types.length - 1; i >= 0; i--) {
      if (isResourceOptionsType(checker, types[i]!)) {
        optsIndex = i;
        break;
      }
    }
  }
  const args = node.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  const firstSpread = args.findIndex((a) => ts.isSpreadElement(a));
  const spreadArguments = firstSpread >= 0;
  const at = (i: number): ts.Expression | undefined =>
    i < 0 || (spreadArguments && i >= firstSpread) ? undefined : args[i];
  if (isRehydration(at(optsIndex))) return undefined;
  return {
    node,
    kind,
    className: node.expression.getText(),
    classSymbol: classSymbolOf(checker, node.expression),
    nameIndex,
    optsIndex,
    nameArg: at(nameIndex),
    optsArg: at(optsIndex),
    spreadArguments,
  };
}

/**
 * The type tokens a provider SDK's class can register, from where its declaration sits in the package: the SDKs'
 * code generators put each resource in `<module path>/<file>.d.ts`, and the token is
 * `<package>:<module path>/<file>:<Class>` (aws, gcp, random, tls; `index` for the package root) or
 * `<package>:<module path>:<Class>` (kubernetes, aws-native, azure-native). Published declarations do not carry the
 * token itself (`__pulumiType` is internal), so callers check the candidates against a list of known tokens.
 */
export function tokenCandidates(declarationFile: string, className: string): string[] {
  const match = /[\\/]@pulumi[\\/]([^\\/]+)[\\/](.+?)\.d\.[cm]?ts$/.exec(declarationFile);
  if (!match || match[1] === "pulumi") return [];
  const parts = match[2]!.split(/[\\/]/);
  const file = parts.pop()!;
  const module = parts.length > 0 ? parts.join("/") : "index";
  return [`${match[1]!}:${module}/${file}:${className}`, `${match[1]!}:${module}:${className}`];
}

/**
 * The Pulumi type token a `new X(...)` registers, when it can be known statically:
 * - a class with a static `__pulumiType` of a literal type, or
 * - a generic CustomResource subclass whose first constructor parameter is the type token, given as a literal, or
 * - a provider SDK class (exported as a class or as a constant typed as one) whose token, derived from its
 *   declaration file (`tokenCandidates`), is `known`.
 * Returns the index of the `opts` parameter as well, since it differs between the shapes.
 */
export function resourceTokenOf(
  checker: ts.TypeChecker,
  expression: ts.NewExpression,
  known: (token: string) => boolean = () => false,
): { token: string; nameIndex: number; optsIndex: number } | undefined {
  const instanceType = checker.getTypeAtLocation(expression);
  if (!derivesFromSdkClass(checker, instanceType, "CustomResource")) return undefined;
  const signature = checker.getResolvedSignature(expression);
  const params = signature?.getParameters().map((p) => p.getName()) ?? [];
  const optsIndex = params.indexOf("opts");
  if (optsIndex < 0) return undefined;

  const classType =
    typeThroughNamespaceImport(checker, expression.expression) ?? checker.getTypeAtLocation(expression.expression);
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
  // The class itself, also when the package exports it as a constant typed as the class (`export declare const
  // Queue: typeof import("./queue").Queue`, how provider SDKs load their modules lazily): the instance's type
  // leads to the class declaration either way.
  const direct = declarationOf(classSymbolOf(checker, expression.expression));
  const declaration =
    direct && ts.isClassDeclaration(direct)
      ? direct
      : instanceType.getSymbol()?.declarations?.find((d): d is ts.ClassDeclaration => ts.isClassDeclaration(d));
  if (declaration?.name) {
    const candidates = tokenCandidates(declaration.getSourceFile().fileName, declaration.name.text);
    const token = candidates.find(known);
    if (token !== undefined) return { token, nameIndex: params.indexOf("name"), optsIndex };
  }
  return undefined;
}

function signatureOf(checker: ts.TypeChecker, call: ts.CallExpression): ts.Signature | undefined {
  try {
    return checker.getResolvedSignature(call);
  } catch {
    return undefined;
  }
}

/**
 * Invokes that compute their answer from their arguments alone and read no infrastructure: a policy document
 * built from statements, an ARN taken apart, a public key derived from a private key. Not lookups, like every
 * function of `@pulumi/std`. By type token (an `...Output` variant has its plain function's token); every token
 * is checked against the pinned provider SDKs (test/unit/lint/invoke-tokens.test.ts).
 */
export const COMPUTING_INVOKES: ReadonlySet<string> = new Set([
  "aws:iam/getPolicyDocument:getPolicyDocument",
  "aws:index/getArn:getArn",
  "gcp:organizations/getIAMPolicy:getIAMPolicy",
  "tls:index/getPublicKey:getPublicKey",
]);

/**
 * Invokes that read the context of the deployment, not infrastructure: who the deploying credentials are (account,
 * tenant, subscription, project, an access token), which region and partition the provider targets, and the
 * accounts a cloud service itself uses in that region (the ELB, CloudTrail and billing service accounts, Google's
 * service agents). Their answer is fixed by the provider's configuration and credentials, like config, and changes
 * with no resource appearing or going: they are neither live-state lookups nor getters, and a test on them is a
 * test on configuration. By type token (an `...Output` variant has its plain function's token); every token is
 * checked against the pinned provider SDKs (test/unit/lint/invoke-tokens.test.ts).
 */
export const CONTEXT_INVOKES: ReadonlySet<string> = new Set([
  // aws: the caller, the provider's region, partition and default tags, the services' own accounts.
  "aws:index/getCallerIdentity:getCallerIdentity",
  "aws:index/getRegion:getRegion",
  "aws:index/getPartition:getPartition",
  "aws:index/getDefaultTags:getDefaultTags",
  "aws:index/getBillingServiceAccount:getBillingServiceAccount",
  "aws:elb/getServiceAccount:getServiceAccount",
  "aws:cloudtrail/getServiceAccount:getServiceAccount",
  // aws-native: the same pseudo parameters.
  "aws-native:index:getAccountId",
  "aws-native:index:getRegion",
  "aws-native:index:getPartition",
  "aws-native:index:getUrlSuffix",
  // azure-native and azure: the tenant, subscription and principal of the credentials, and their token.
  "azure-native:authorization:getClientConfig",
  "azure-native:authorization:getClientToken",
  "azure:core/getClientConfig:getClientConfig",
  // gcp: the credentials' project and region, and the service agents Google manages for a project.
  "gcp:organizations/getClientConfig:getClientConfig",
  "gcp:storage/getProjectServiceAccount:getProjectServiceAccount",
  "gcp:storage/getTransferProjectServiceAccount:getTransferProjectServiceAccount",
  "gcp:bigquery/getDefaultServiceAccount:getDefaultServiceAccount",
  "gcp:compute/getDefaultServiceAccount:getDefaultServiceAccount",
  "gcp:appengine/getDefaultServiceAccount:getDefaultServiceAccount",
  "gcp:accessapproval/getProjectServiceAccount:getProjectServiceAccount",
  "gcp:accessapproval/getFolderServiceAccount:getFolderServiceAccount",
  "gcp:accessapproval/getOrganizationServiceAccount:getOrganizationServiceAccount",
]);
const STD_PACKAGE = /[\\/]@pulumi[\\/]std[\\/]/;

/** The type tokens an invoke's declaration may have (its `...Output` variant has its plain function's). */
function invokeTokenCandidates(declaration: ts.Declaration): string[] {
  const name = ts.isFunctionDeclaration(declaration) ? declaration.name?.text : undefined;
  if (name === undefined) return [];
  return tokenCandidates(declaration.getSourceFile().fileName, name.replace(/Output$/, ""));
}

function isComputingInvoke(declaration: ts.Declaration): boolean {
  if (STD_PACKAGE.test(declaration.getSourceFile().fileName)) return true;
  return invokeTokenCandidates(declaration).some((token) => COMPUTING_INVOKES.has(token));
}

/** The index of an invoke signature's options parameter (`InvokeOptions`/`InvokeOutputOptions`), or -1. */
function invokeOptionsIndex(checker: ts.TypeChecker, signature: ts.Signature, call: ts.CallExpression): number {
  return parameterTypes(checker, signature, call).findIndex((t) => {
    const symbol = t.getSymbol() ?? t.aliasSymbol;
    const name = symbol?.getName();
    return (name === "InvokeOptions" || name === "InvokeOutputOptions") && declaredInPulumiSdk(symbol);
  });
}

/**
 * The signatures a call may resolve to, read from the callee's type (undefined when that type is a union, whose
 * signatures this does not list). The callee's type costs the checker little; resolving the call's signature checks
 * every argument against it, so calls that cannot be what a predicate looks for are told apart here first.
 */
function calleeSignatures(checker: ts.TypeChecker, call: ts.CallExpression): readonly ts.Signature[] | undefined {
  try {
    const type = typeThroughNamespaceImport(checker, call.expression) ?? checker.getTypeAtLocation(call.expression);
    return type.isUnion() ? undefined : type.getCallSignatures();
  } catch {
    return undefined;
  }
}

function declaredInFile(signature: ts.Signature, pattern: RegExp): boolean {
  const declaration = signature.getDeclaration() as ts.Declaration | undefined;
  return declaration !== undefined && pattern.test(declaration.getSourceFile().fileName);
}

/** Whether a call may resolve to a function declared in a file matching `pattern` (see `calleeSignatures`). */
function mayCallInto(checker: ts.TypeChecker, call: ts.CallExpression, pattern: RegExp): boolean {
  const signatures = calleeSignatures(checker, call);
  return signatures === undefined || signatures.some((s) => declaredInFile(s, pattern));
}

/** Whether a call may be an invoke: one of the callee's signatures is declared in a package and takes its options. */
function mayBeInvoke(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const signatures = calleeSignatures(checker, call);
  if (signatures === undefined) return true;
  return signatures.some((s) => declaredInFile(s, PULUMI_PACKAGE) && invokeOptionsIndex(checker, s, call) >= 0);
}

/** True for a provider invoke (data source): see the module comment for the criterion. */
export function isInvokeCall(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  if (!mayBeInvoke(checker, call)) return false;
  const signature = signatureOf(checker, call);
  const declaration = signature?.getDeclaration();
  if (!signature || !declaration || !PULUMI_PACKAGE.test(declaration.getSourceFile().fileName)) return false;
  if (isComputingInvoke(declaration)) return false;
  return invokeOptionsIndex(checker, signature, call) >= 0;
}

/** True for an invoke that reads the deployment's context (`CONTEXT_INVOKES`): the caller, region, partition... */
export function isContextInvoke(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  if (!isInvokeCall(checker, call)) return false;
  const declaration = signatureOf(checker, call)?.getDeclaration();
  return declaration !== undefined && invokeTokenCandidates(declaration).some((token) => CONTEXT_INVOKES.has(token));
}

/** True for an invoke that reads infrastructure: an invoke neither computing nor reading the context. */
export function isInfrastructureInvoke(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  return isInvokeCall(checker, call) && !isContextInvoke(checker, call);
}

/**
 * The arguments that say what an invoke or a read by id reads: an invoke's arguments before its options (the
 * generated `args` object), the `id` of `Resource.get(name, id, ...)`.
 */
export function identifyingArguments(checker: ts.TypeChecker, call: ts.CallExpression): ts.Expression[] {
  if (isResourceGetCall(checker, call)) return call.arguments.slice(1, 2);
  const signature = signatureOf(checker, call);
  if (!signature) return [];
  const optsAt = invokeOptionsIndex(checker, signature, call);
  return (optsAt < 0 ? [...call.arguments] : call.arguments.slice(0, optsAt)).filter((a) => !ts.isSpreadElement(a));
}

/** True for `SomeResource.get(name, id, ...)`: reading an existing resource by its id. */
export function isResourceGetCall(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "get") return false;
  const declaration = signatureOf(checker, call)?.getDeclaration();
  if (!declaration || !(ts.isMethodDeclaration(declaration) || ts.isMethodSignature(declaration))) return false;
  const isStatic = ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Static;
  if (!isStatic) return false;
  return resourceKindOf(checker, checker.getTypeAtLocation(call)) !== undefined;
}

/** True for a call into a cloud provider's own SDK (see the module comment). */
export function isCloudSdkCall(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const declaration = mayCallInto(checker, call, CLOUD_SDK) ? signatureOf(checker, call)?.getDeclaration() : undefined;
  if (declaration && CLOUD_SDK.test(declaration.getSourceFile().fileName)) return true;
  const callee = skipOuter(call.expression);
  if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
    const receiver = checker.getNonNullableType(checker.getTypeAtLocation(callee.expression));
    const symbol = receiver.getSymbol() ?? receiver.aliasSymbol;
    if (declaredIn(symbol, CLOUD_SDK)) return true;
  }
  return false;
}

/**
 * The members of the SDK's StackReference that read the other stack's outputs (all but its constructor and its
 * `name`), checked against the pinned SDK (test/unit/lint/stack-reference.test.ts). Only a property access by one
 * of these names needs the checker: asking it about every property access of a file costs more than the rest of
 * the rule.
 */
export const STACK_REFERENCE_READS: ReadonlySet<string> = new Set([
  "outputs",
  "secretOutputNames",
  "getOutput",
  "requireOutput",
  "getOutputDetails",
  "getOutputValue",
  "requireOutputValue",
]);

/** A member of the SDK's StackReference read by a property access (`ref.getOutput`, `ref.outputs`). */
export function isStackReferenceRead(checker: ts.TypeChecker, access: ts.PropertyAccessExpression): boolean {
  if (!STACK_REFERENCE_READS.has(access.name.text)) return false;
  const symbol = checker.getSymbolAtLocation(access.name);
  const declaration = declarationOf(symbol);
  if (!declaration || !declaredInPulumiSdk(symbol)) return false;
  const owner = declaration.parent;
  return ts.isClassDeclaration(owner) && owner.name?.text === "StackReference";
}

/** The SDK function a call resolves to (`getStack`, `mergeOptions`, `all`...), when it is one. */
export function sdkFunctionName(checker: ts.TypeChecker, call: ts.CallExpression): string | undefined {
  const symbol = resolvedSymbol(checker, skipOuter(call.expression));
  const declaration = declarationOf(symbol);
  if (!declaration || !declaredInPulumiSdk(symbol)) return undefined;
  return ts.isFunctionDeclaration(declaration) ? declaration.name?.text : undefined;
}

/** `pulumi.getStack()`, `getProject()` or `getOrganization()`. */
export function isStackNameCall(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const name = sdkFunctionName(checker, call);
  return name === "getStack" || name === "getProject" || name === "getOrganization";
}

/** `x.apply(fn)` on an SDK Output (`pulumi.all(...).apply(fn)` included). */
export function isOutputApplyCall(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "apply") return false;
  return declaredInPulumiSdk(checker.getSymbolAtLocation(callee.name));
}

/** A member of the SDK's ComponentResource (`registerOutputs`) by a property access. */
export function isComponentMember(checker: ts.TypeChecker, access: ts.PropertyAccessExpression, name: string): boolean {
  if (access.name.text !== name) return false;
  return declaredInPulumiSdk(checker.getSymbolAtLocation(access.name));
}

/** The SDK's ResourceOptions.urn, read by the rehydration guard of a component (`if (opts?.urn) return;`). */
export function isResourceOptionsUrn(checker: ts.TypeChecker, access: ts.PropertyAccessExpression): boolean {
  if (access.name.text !== "urn") return false;
  const declaration = declarationOf(checker.getSymbolAtLocation(access.name));
  if (!declaration || !PULUMI_SDK.test(declaration.getSourceFile().fileName)) return false;
  const owner = declaration.parent;
  return ts.isInterfaceDeclaration(owner) && /ResourceOptions$/.test(owner.name.text);
}

/** The type of an expression is a class of the SDK or derives from one (`Config`, `StackReference`). */
export function expressionIsSdkClass(checker: ts.TypeChecker, node: ts.Node, className: string): boolean {
  return derivesFromSdkClass(checker, checker.getNonNullableType(checker.getTypeAtLocation(node)), className);
}

/** How a message names a resource: its class and logical name as written, `aws.s3.Bucket("logs")`. */
export function describeConstruction(construction: ResourceConstruction): string {
  const name = construction.nameArg?.getText().replace(/\s+/g, " ") ?? "";
  const shown = name.length > 40 ? `${name.slice(0, 39)}…` : name;
  return `${construction.className.replace(/\s+/g, "")}(${shown})`;
}

/** The same class and the same logical name as written: the same resource on every path. */
export function sameResource(a: ResourceConstruction, b: ResourceConstruction): boolean {
  if (!a.classSymbol || a.classSymbol !== b.classSymbol || !a.nameArg || !b.nameArg) return false;
  const text = (e: ts.Expression): string => e.getText().replace(/\s+/g, "");
  return text(a.nameArg) === text(b.nameArg);
}
