import { noLiveStateLookup } from "../../../lint-rules/eslint/rules/no-live-state-lookup.js";
import { PROGRAM_ENTRY, PROGRAM_MODULE, src, typedRuleTester } from "./rule-tester.js";

const SDK = `import { S3Client, HeadBucketCommand } from "@aws-sdk/client-s3";\n`;

typedRuleTester().run("no-live-state-lookup", noLiveStateLookup, {
  valid: [
    {
      name: "lookups at the top level of the program entry",
      filename: PROGRAM_ENTRY,
      code: src(
        `const vpc = aws.ec2.getVpcOutput({ default: true });`,
        `const bucket = aws.s3.Bucket.get("logs", "logs-1234");`,
        `const ref = new pulumi.StackReference("acme/network/prod");`,
        `const subnetId = ref.getOutput("subnetId");`,
        `vpc.id.apply((id) => aws.ec2.getSubnets({ vpcId: id }));`,
      ),
    },
    {
      name: "an invoke that only computes from its arguments (a policy document) reads no infrastructure",
      code: src(
        `export function reader(name: string, bucketArn: string) {`,
        `  const policy = aws.iam.getPolicyDocumentOutput({ statements: [{ actions: ["s3:GetObject"], resources: [bucketArn] }] });`,
        `  return new aws.s3.BucketPolicy(name, { bucket: name, policy: policy.json });`,
        `}`,
      ),
    },
    {
      name: "values passed in",
      code: src(
        `export function subnet(name: string, vpcId: pulumi.Input<string>) {`,
        `  return new aws.ec2.Subnet(name, { vpcId });`,
        `}`,
      ),
    },
    {
      name: "a cloud SDK call inside a Lambda callback runs later",
      code:
        SDK +
        src(
          `export function fn(name: string) {`,
          `  const client = new S3Client({});`,
          `  return new aws.lambda.CallbackFunction(name, {`,
          `    callback: async (e: { bucket: string }) => client.send(new HeadBucketCommand({ Bucket: e.bucket })),`,
          `  });`,
          `}`,
        ),
    },
    {
      name: "a cloud SDK call in a handler module's function",
      code:
        SDK +
        `export async function handler(event: { bucket: string }) {\n` +
        `  return new S3Client({}).send(new HeadBucketCommand({ Bucket: event.bucket }));\n}`,
    },
    {
      name: "a cloud SDK call in a dynamic provider's create",
      code:
        SDK +
        src(
          `const provider: pulumi.dynamic.ResourceProvider = {`,
          `  async create(inputs: { bucket: string }) {`,
          `    await new S3Client({}).send(new HeadBucketCommand({ Bucket: inputs.bucket }));`,
          `    return { id: inputs.bucket };`,
          `  },`,
          `};`,
          `export class Checked extends pulumi.dynamic.Resource {`,
          `  constructor(name: string) { super(provider, name, {}); }`,
          `}`,
        ),
    },
    {
      name: "a cloud SDK call in a component method its constructor does not call (a handler for later)",
      code:
        SDK +
        src(
          `export class Api extends pulumi.ComponentResource {`,
          `  constructor(name: string) { super("acme:index:Api", name); this.registerOutputs({}); }`,
          `  async handle(e: { bucket: string }) { return new S3Client({}).send(new HeadBucketCommand({ Bucket: e.bucket })); }`,
          `}`,
        ),
    },
    {
      name: "a user function named like an invoke is not one",
      code: `export function getVpc(id: string) { return { id }; }\nexport function net() { return getVpc("vpc-1"); }`,
    },
    {
      name: "the StackReference's own name is not a read of outputs",
      code: src(`export function n(ref: pulumi.StackReference) { return ref.name; }`),
    },
  ],
  invalid: [
    {
      name: "invokes, plain and Output forms, and the runtime invoke",
      code: src(
        `export async function net(name: string) {`,
        `  const vpc = await aws.ec2.getVpc({ default: true });`,
        `  const same = aws.ec2.getVpcOutput({ default: true });`,
        `  const raw = await pulumi.runtime.invoke("aws:ec2/getVpc:getVpc", {});`,
        `  return new aws.ec2.Subnet(name, { vpcId: vpc.id });`,
        `}`,
      ),
      errors: [
        { messageId: "invoke", line: 4, column: 21, data: { call: "aws.ec2.getVpc" } },
        { messageId: "invoke", line: 5, column: 16, data: { call: "aws.ec2.getVpcOutput" } },
        { messageId: "invoke", line: 6, column: 21, data: { call: "pulumi.runtime.invoke" } },
      ],
    },
    {
      name: "Resource.get",
      code: src(`export function logs(id: string) {`, `  return aws.s3.Bucket.get("logs", id).arn;`, `}`),
      errors: [{ messageId: "resourceGet", line: 4, column: 10, data: { call: "aws.s3.Bucket.get" } }],
    },
    {
      name: "a cloud SDK call while resources are declared",
      code:
        SDK +
        src(
          `export async function logs(name: string) {`,
          `  await new S3Client({}).send(new HeadBucketCommand({ Bucket: name }));`,
          `  return new aws.s3.Bucket(name);`,
          `}`,
        ),
      errors: [{ messageId: "cloudSdk", line: 5, column: 9, data: { call: "new S3Client({}).send" } }],
    },
    {
      name: "a cloud SDK call in a component's constructor",
      code:
        SDK +
        src(
          `export class Logs extends pulumi.ComponentResource {`,
          `  constructor(name: string) {`,
          `    super("acme:index:Logs", name);`,
          `    void new S3Client({}).send(new HeadBucketCommand({ Bucket: name }));`,
          `    this.registerOutputs({});`,
          `  }`,
          `}`,
        ),
      errors: [{ messageId: "cloudSdk", line: 7, column: 10 }],
    },
    {
      name: "StackReference reads",
      code: src(
        `export function net(ref: pulumi.StackReference) {`,
        `  const id = ref.getOutput("vpcId");`,
        `  const all = ref.outputs;`,
        `  return { id, all };`,
        `}`,
      ),
      errors: [
        { messageId: "stackReference", line: 4, column: 14, data: { call: "ref.getOutput" } },
        { messageId: "stackReference", line: 5, column: 15, data: { call: "ref.outputs" } },
      ],
    },
    {
      name: "the top level of a module other than the entry",
      filename: PROGRAM_MODULE,
      code: src(`export const vpc = aws.ec2.getVpcOutput({ default: true });`),
      errors: [{ messageId: "invoke", line: 3, column: 20 }],
    },
    {
      name: "a function in the program entry",
      filename: PROGRAM_ENTRY,
      code: src(
        `function vpcId() { return aws.ec2.getVpcOutput({ default: true }).id; }`,
        `export const id = vpcId();`,
      ),
      errors: [{ messageId: "invoke", line: 3, column: 27 }],
    },
  ],
});
