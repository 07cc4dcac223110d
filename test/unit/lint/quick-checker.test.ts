import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import {
  typeThroughNamespaceImport,
  withQuickNewExpressions,
} from "../../../lint-rules/eslint/analysis/quick-checker.js";
import { FIXTURES } from "./rule-tester.js";

/**
 * The quick checker's answers for `new` expressions against the checker's own, over the lint fixtures' stand-in SDKs:
 * the same instance type, whether the class is reached through a namespace import (walked through the modules'
 * exports), a named import, or a local value that shadows an import.
 */

const CASE = join(FIXTURES, "program", "quick-checker-case.ts");
const SOURCE = `import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { s3 } from "@pulumi/aws";
export const viaNamespace = new aws.s3.Bucket("a");
export const viaReexportedNamespace = new aws.iam.Role("r", { assumeRolePolicy: "{}" });
export const viaNamedImport = new s3.Bucket("b");
export const sdkClass = new pulumi.StackReference("acme/net/prod");
export const plain = new Map<string, number>();
export function shadowed() {
  const aws = { s3: { Bucket: class { constructor(readonly n: string) {} } } };
  return new aws.s3.Bucket("x");
}
`;

function program(): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(FIXTURES, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!config) throw new Error("fixtures/tsconfig.json did not parse");
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, onError) =>
    file === CASE ? ts.createSourceFile(file, SOURCE, language) : getSourceFile(file, language, onError);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => file === CASE || fileExists(file);
  return ts.createProgram([CASE], config.options, host);
}

describe("the quick checker", () => {
  const p = program();
  const checker = p.getTypeChecker();
  const quick = withQuickNewExpressions(p.getTypeChecker());
  const file = p.getSourceFile(CASE);
  const news: ts.NewExpression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isNewExpression(n)) news.push(n);
    ts.forEachChild(n, visit);
  };
  if (file) visit(file);

  it("gives every new expression the instance type the checker gives", () => {
    expect(news).toHaveLength(6);
    for (const node of news) {
      expect(quick.getTypeAtLocation(node), node.getText()).toBe(checker.getTypeAtLocation(node));
    }
  });

  it("walks namespace imports through the modules' exports, and leaves shadowed names to the checker", () => {
    for (const walked of ["aws.s3.Bucket", "aws.iam.Role", "s3.Bucket", "pulumi.StackReference"]) {
      const node = news.find((n) => n.expression.getText() === walked);
      expect(node, walked).toBeDefined();
      if (!node) continue;
      const type = typeThroughNamespaceImport(checker, node.expression);
      expect(type, walked).toBe(checker.getTypeAtLocation(node.expression));
    }
    const shadowed = news.find((n) => n.getText() === `new aws.s3.Bucket("x")`);
    expect(shadowed).toBeDefined();
    if (shadowed) expect(typeThroughNamespaceImport(checker, shadowed.expression)).toBeUndefined();
  });
});
