import { noConstantLogicalName } from "../../../lint-rules/eslint/rules/no-constant-logical-name.js";
import { PROGRAM_ENTRY, PROGRAM_MODULE, src, typedRuleTester } from "./rule-tester.js";

typedRuleTester().run("no-constant-logical-name", noConstantLogicalName, {
  valid: [
    {
      name: "a module-level singleton filled when empty is created once per process",
      code: src(
        `let defaultVpc: aws.ec2.Vpc | undefined;`,
        `let sharedVpc: aws.ec2.Vpc | undefined;`,
        `export class Network {`,
        `  static getDefault(opts?: pulumi.CustomResourceOptions) {`,
        `    if (!defaultVpc) {`,
        `      defaultVpc = new aws.ec2.Vpc("default-vpc", {}, opts);`,
        `    }`,
        `    return defaultVpc;`,
        `  }`,
        `}`,
        `export function shared() { return (sharedVpc ??= new aws.ec2.Vpc("shared-vpc")); }`,
      ),
    },
    {
      name: "names built from the name parameter, through variables and destructuring",
      code: src(
        `export function store(name: string, args: { prefix: string; items: string[] }) {`,
        `  new aws.s3.Bucket(\`\${name}-logs\`);`,
        `  const base = \`\${name}-data\`;`,
        `  new aws.s3.Bucket(base);`,
        `  new aws.s3.Bucket(args.prefix + "-x");`,
        `  const { prefix } = args;`,
        `  new aws.s3.Bucket(\`\${prefix}-y\`);`,
        `  for (const item of args.items) new aws.s3.Bucket(item);`,
        `  args.items.forEach((item) => new aws.s3.Bucket(\`\${name}-\${item}\`));`,
        `}`,
      ),
    },
    {
      name: "a component's children named from its name",
      code: src(
        `export class Logs extends pulumi.ComponentResource {`,
        `  constructor(name: string) {`,
        `    super("acme:index:Logs", name);`,
        `    new aws.s3.Bucket(\`\${name}-bucket\`, {}, { parent: this });`,
        `    this.registerOutputs({});`,
        `  }`,
        `}`,
      ),
    },
    {
      name: "module top level runs once, in the entry and in other modules",
      code: src(`new aws.s3.Bucket("logs");`, `["a", "b"].forEach((n) => new aws.s3.Bucket(n));`),
    },
    {
      name: "program entry top level",
      filename: PROGRAM_ENTRY,
      code: src(`new aws.s3.Bucket("logs");`),
    },
    {
      name: "the main function the program entry exports is the program's top level",
      filename: PROGRAM_ENTRY,
      code: src(
        `export = async () => {`,
        `  const logs = new aws.s3.Bucket("logs");`,
        `  return { bucket: logs.bucket };`,
        `};`,
      ),
    },
    {
      name: "a function in the program entry that the program calls once is the program's code under a name",
      filename: PROGRAM_ENTRY,
      code: src(`function logs() { return new aws.s3.Bucket("logs"); }`, `export const bucket = logs().bucket;`),
    },
    {
      name: "a Promise's catch callback at the top level of the program entry runs with it",
      filename: PROGRAM_ENTRY,
      code: src(`export const logs = Promise.resolve("logs").catch(() => new aws.s3.Bucket("fallback").bucket);`),
    },
    {
      name: "names this analysis cannot see into",
      code: src(
        `declare function uniqueName(): string;`,
        `export function store() {`,
        `  new aws.s3.Bucket(uniqueName());`,
        `  new aws.s3.Bucket(new pulumi.Config().require("bucket"));`,
        `}`,
      ),
    },
    {
      name: "a plain class named like a resource",
      code: `import { Bucket } from "./lib/index.js";\nexport function f() { return new Bucket("a"); }`,
    },
  ],
  invalid: [
    {
      name: "not a singleton: the variable is a function's own, or the test is on something else",
      code: src(
        `let made: aws.ec2.Vpc | undefined;`,
        `export function vpc(on: boolean) {`,
        `  let local: aws.ec2.Vpc | undefined;`,
        `  if (!local) local = new aws.ec2.Vpc("local-vpc");`,
        `  if (on) made = new aws.ec2.Vpc("made-vpc");`,
        `  return [local, made];`,
        `}`,
      ),
      errors: [
        { messageId: "constantName", line: 6, column: 39 },
        { messageId: "constantName", line: 7, column: 34 },
      ],
    },
    {
      name: "an exported main function in a module that is not the entry is library code",
      filename: PROGRAM_MODULE,
      code: src(`export default async function () {`, `  new aws.s3.Bucket("logs");`, `}`),
      errors: [{ messageId: "constantName", line: 4, column: 21 }],
    },
    {
      name: "a literal, an imported constant, a const template, an enum member, an object constant",
      code: [
        `import * as aws from "@pulumi/aws";`,
        `import { SHARED_NAME } from "./lib/index.js";`,
        `const PREFIX = "app";`,
        `enum Names { Logs = "logs" }`,
        `const NAMES = { data: "data" };`,
        `export function store() {`,
        `  new aws.s3.Bucket("bucket");`,
        `  new aws.s3.Bucket(SHARED_NAME);`,
        `  new aws.s3.Bucket(\`\${PREFIX}-bucket\`);`,
        `  new aws.s3.Bucket(Names.Logs);`,
        `  new aws.s3.Bucket(NAMES.data);`,
        `}`,
      ].join("\n"),
      errors: [
        { messageId: "constantName", line: 7, column: 21, data: { name: '"bucket"' } },
        { messageId: "constantName", line: 8, column: 21, data: { name: "SHARED_NAME" } },
        { messageId: "constantName", line: 9, column: 21, data: { name: "`${PREFIX}-bucket`" } },
        { messageId: "constantName", line: 10, column: 21, data: { name: "Names.Logs" } },
        { messageId: "constantName", line: 11, column: 21, data: { name: "NAMES.data" } },
      ],
    },
    {
      name: "a template built only from a loop index, and elements of a constant list",
      code: src(
        `export function store() {`,
        `  for (let i = 0; i < 2; i++) new aws.s3.Bucket(\`bucket-\${i}\`);`,
        `  ["a", "b"].forEach((n, i) => new aws.s3.Bucket(\`\${n}-\${i}\`));`,
        `}`,
      ),
      errors: [
        { messageId: "constantName", line: 4, column: 49, data: { name: "`bucket-${i}`" } },
        { messageId: "constantName", line: 5, column: 50, data: { name: "`${n}-${i}`" } },
      ],
    },
    {
      name: "in a component constructor",
      code: src(
        `export class Logs extends pulumi.ComponentResource {`,
        `  constructor(name: string) {`,
        `    super("acme:index:Logs", name);`,
        `    new aws.s3.Bucket("bucket", {}, { parent: this });`,
        `    this.registerOutputs({});`,
        `  }`,
        `}`,
      ),
      errors: [{ messageId: "constantName", line: 6, column: 23 }],
    },
    {
      name: "the stack and project names",
      code: src(
        `export function store(name: string) {`,
        `  new aws.s3.Bucket(\`logs-\${pulumi.getStack()}\`);`,
        `  new aws.s3.Bucket(\`\${name}-\${pulumi.getProject()}\`);`,
        `}`,
      ),
      errors: [
        {
          messageId: "stackName",
          line: 4,
          column: 21,
          data: { name: "`logs-${pulumi.getStack()}`", call: "pulumi.getStack()" },
        },
        {
          messageId: "stackName",
          line: 5,
          column: 21,
          data: { name: "`${name}-${pulumi.getProject()}`", call: "pulumi.getProject()" },
        },
      ],
    },
    {
      name: "a function in the program entry that the program calls twice",
      filename: PROGRAM_ENTRY,
      code: src(`function logs() { return new aws.s3.Bucket("logs"); }`, `logs();`, `logs();`),
      errors: [{ messageId: "constantName", line: 3, column: 44 }],
    },
  ],
});
