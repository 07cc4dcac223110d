import ts from "typescript";
import { ancestors, forEachDescendant, isClassLike, isFunctionWithBody, nodesOf, shortText } from "../analysis/ast.js";
import { constructionBodies, isComponentClass } from "../analysis/components.js";
import { isOwnedResourceRead } from "../analysis/dataflow.js";
import { isRunNowCallback } from "../analysis/program.js";
import { createRule } from "../create-rule.js";
import {
  isCloudSdkCall,
  isInfrastructureInvoke,
  isInvokeCall,
  isResourceGetCall,
  isStackReferenceRead,
  resourceConstruction,
} from "../pulumi-types.js";
import { runCheck, type CheckInput, type Finding } from "../ts-rule.js";

type MessageIds = "invoke" | "resourceGet" | "cloudSdk" | "stackReference";

/** The body creates a resource or calls an invoke itself (not in nested functions): it is deployment code. */
function isDeploymentFunction(checker: ts.TypeChecker, fn: ts.Node): boolean {
  // A component's constructor and the methods it calls run while it is declared; its other methods may run later.
  if ((ts.isConstructorDeclaration(fn) || ts.isMethodDeclaration(fn)) && isClassLike(fn.parent)) {
    const cls = fn.parent;
    if (isComponentClass(checker, cls) && constructionBodies(checker, cls).some((b) => b === fn)) return true;
  }
  let found = false;
  forEachDescendant(fn, (n) => {
    if (found || isClassLike(n) || (isFunctionWithBody(n) && !isRunNowCallback(checker, n))) return false;
    if (ts.isNewExpression(n) && resourceConstruction(checker, n)) found = true;
    else if (ts.isCallExpression(n) && isInvokeCall(checker, n)) found = true;
    return !found;
  });
  return found;
}

/**
 * Whether code runs while the Pulumi program runs (deploy time) rather than later: module top level, callbacks
 * that run right away (array methods, `then`, `apply`), component constructors and methods, and functions that
 * create resources or call invokes themselves. A Lambda handler, a dynamic provider's `create`, or any other
 * function this cannot place runs later (or cannot be told): not deploy time.
 */
export function runsAtDeployTime(checker: ts.TypeChecker, node: ts.Node): boolean {
  for (const n of ancestors(node)) {
    if (isClassLike(n)) return isComponentClass(checker, n);
    if (!isFunctionWithBody(n) || isRunNowCallback(checker, n)) continue;
    return isDeploymentFunction(checker, n);
  }
  return true;
}

export function checkLiveStateLookups({
  sourceFile,
  checker,
  code,
}: CheckInput<Record<string, never>>): Finding<MessageIds>[] {
  const found: Finding<MessageIds>[] = [];
  // Library code is decided last: telling a program's function called once from library code searches the program.
  const nodes = nodesOf(sourceFile);
  for (const node of nodes.calls) {
    if (!code.mayBeLibrary(node)) continue;
    let messageId: MessageIds | undefined;
    // Not reads of the deployment's context (`getCallerIdentity`, `getRegion`) nor of a resource the code holds.
    if (isInfrastructureInvoke(checker, node)) messageId = isOwnedResourceRead(checker, node) ? undefined : "invoke";
    else if (isResourceGetCall(checker, node)) {
      messageId = isOwnedResourceRead(checker, node) ? undefined : "resourceGet";
    } else if (isCloudSdkCall(checker, node) && runsAtDeployTime(checker, node)) messageId = "cloudSdk";
    if (messageId && code.isLibrary(node)) found.push({ node, messageId, data: { call: shortText(node.expression) } });
  }
  for (const node of nodes.propertyAccesses) {
    if (!isStackReferenceRead(checker, node) || !code.isLibrary(node)) continue;
    const call = ts.isCallExpression(node.parent) && node.parent.expression === node ? node.parent : undefined;
    found.push({ node: call ?? node, messageId: "stackReference", data: { call: shortText(node) } });
  }
  return found;
}

export const noLiveStateLookup = createRule<[], MessageIds>({
  name: "no-live-state-lookup",
  meta: {
    type: "problem",
    docs: {
      description:
        "Disallow reading live infrastructure in library code: provider invokes, `Resource.get`, cloud SDK calls at deploy time and StackReference reads",
      requiresTypeChecking: true,
      preset: "recommended",
    },
    messages: {
      invoke:
        "`{{call}}(...)` looks up live infrastructure (a provider data source) inside library code: its answer changes when the infrastructure does, so the same code plans different resources from one run to the next, fails when the thing is missing, and hides a dependency the program cannot see. Pass the value (or the resource) in as an argument from the top-level program.",
      resourceGet:
        "`{{call}}(...)` reads an existing resource by id inside library code: the library depends on an id it cannot see, the read fails when the resource is gone or renamed, and the program cannot tell which resources this code uses. Pass the resource (or the outputs you need from it) in as an argument.",
      cloudSdk:
        "`{{call}}(...)` calls the cloud provider's SDK while the Pulumi program runs: the answer is outside Pulumi's graph, can differ between preview and update and between runs, and needs credentials at preview. Pass the value in as an argument, from config or from a resource's outputs.",
      stackReference:
        "`{{call}}` reads another stack's outputs inside library code: the library silently depends on a stack name and its outputs, cannot be reused or tested alone, and changes behaviour when that stack changes. Read the StackReference in the top-level program and pass the values in.",
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    return runCheck(context, {}, checkLiveStateLookups);
  },
});
