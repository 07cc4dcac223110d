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
    {
      name: "invokes that read the deployment's context (caller, region, client config), plain and Output forms",
      code:
        `import * as azure from "@pulumi/azure-native";\n` +
        src(
          `export async function arnOf(name: string) {`,
          `  const id = await aws.getCallerIdentity();`,
          `  const region = aws.getRegionOutput();`,
          `  const client = azure.authorization.getClientConfigOutput();`,
          `  return pulumi.interpolate\`arn:aws:s3:\${region.name}:\${id.accountId}:\${name}:\${client.tenantId}\`;`,
          `}`,
        ),
    },
    {
      name: "reading keys of a resource the function creates, or is handed, by its outputs",
      code:
        `import * as azure from "@pulumi/azure-native";\n` +
        src(
          `export function account(name: string, resourceGroupName: string) {`,
          `  const acct = new azure.storage.StorageAccount(name, { resourceGroupName });`,
          `  const keys = azure.storage.listStorageAccountKeysOutput({ accountName: acct.name, resourceGroupName });`,
          `  return keys.keys[0]!.value;`,
          `}`,
          `export function keysOf(acct: azure.storage.StorageAccount, resourceGroupName: string) {`,
          `  return azure.storage.listStorageAccountKeysOutput({ accountName: acct.name, resourceGroupName });`,
          `}`,
          `export function again(name: string) {`,
          `  const bucket = new aws.s3.Bucket(name);`,
          `  return aws.s3.Bucket.get(\`\${name}-read\`, bucket.id).arn;`,
          `}`,
        ),
    },
    {
      name: "reading keys in the apply of a created resource, naming it as it was created",
      code:
        `import * as azure from "@pulumi/azure-native";\n` +
        src(
          `export function account(name: string, args: { group: { resourceGroupName: string } }) {`,
          `  const { group } = args;`,
          `  const acct = new azure.storage.StorageAccount(name, { accountName: name, ...group });`,
          `  acct.name.apply(async () => {`,
          `    const keys = await azure.storage.listStorageAccountKeys({ accountName: name, resourceGroupName: group.resourceGroupName });`,
          `    return keys.keys[0]!.value;`,
          `  });`,
          `}`,
        ),
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
      name: "an invoke or a read by id named by strings or parameters that are not resources",
      code:
        `import * as azure from "@pulumi/azure-native";\n` +
        src(
          `export function keysOf(accountName: string, resourceGroupName: string, vpcId: string) {`,
          `  const vpc = aws.ec2.getVpcOutput({ id: vpcId });`,
          `  const keys = azure.storage.listStorageAccountKeysOutput({ accountName, resourceGroupName });`,
          `  const acct = azure.storage.StorageAccount.get("acct", accountName);`,
          `  return { vpc, keys, acct };`,
          `}`,
        ),
      errors: [
        { messageId: "invoke", line: 5, column: 15 },
        { messageId: "invoke", line: 6, column: 16 },
        { messageId: "resourceGet", line: 7, column: 16 },
      ],
    },
    {
      name: "an invoke of another provider module that a created resource's output only filters",
      code:
        `import * as azure from "@pulumi/azure-native";\n` +
        src(
          `export function vpcOf(name: string) {`,
          `  const acct = new azure.storage.StorageAccount(name, { resourceGroupName: "rg" });`,
          `  return aws.ec2.getVpcOutput({ id: acct.name });`,
          `}`,
        ),
      errors: [{ messageId: "invoke", line: 6, column: 10 }],
    },
    {
      name: "an invoke of the resource's module given an output that does not identify the resource",
      code:
        `import * as azure from "@pulumi/azure-native";\n` +
        src(
          `export function keys(name: string) {`,
          `  const acct = new azure.storage.StorageAccount(name, { resourceGroupName: "rg" });`,
          `  return azure.storage.listStorageAccountKeysOutput({ accountName: acct.primaryEndpoints.blob, resourceGroupName: "rg" });`,
          `}`,
        ),
      errors: [{ messageId: "invoke", line: 6, column: 10 }],
    },
    {
      name: "a read by id of another class, with an id from a created resource's outputs",
      code: src(
        `export function vpcOf(name: string) {`,
        `  const bucket = new aws.s3.Bucket(name);`,
        `  return aws.ec2.Vpc.get(name, bucket.bucket);`,
        `}`,
      ),
      errors: [{ messageId: "resourceGet", line: 5, column: 10 }],
    },
    {
      name: "an invoke in the apply of a created resource that names something else",
      code:
        `import * as azure from "@pulumi/azure-native";\n` +
        src(
          `export function account(name: string, other: string, group: { resourceGroupName: string }) {`,
          `  const acct = new azure.storage.StorageAccount(name, { accountName: name, ...group });`,
          `  acct.name.apply(() => azure.storage.listStorageAccountKeys({ accountName: other, ...group }));`,
          `}`,
        ),
      errors: [{ messageId: "invoke", line: 6, column: 25 }],
    },
    {
      name: "an invoke whose arguments mix a created resource's outputs with a lookup",
      code: src(
        `export async function net(name: string) {`,
        `  const bucket = new aws.s3.Bucket(name);`,
        `  return aws.s3.getBucketOutput({ bucket: pulumi.interpolate\`\${bucket.bucket}-\${(await aws.ec2.getVpc()).id}\` });`,
        `}`,
      ),
      errors: [
        { messageId: "invoke", line: 5, column: 10 },
        { messageId: "invoke", line: 5, column: 88 },
      ],
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
      name: "the top level of a module other than the entry, with programModules: entry",
      filename: PROGRAM_MODULE,
      settings: { stateguard: { programModules: "entry" } },
      code: src(`export const vpc = aws.ec2.getVpcOutput({ default: true });`),
      errors: [{ messageId: "invoke", line: 3, column: 20 }],
    },
    {
      name: "a function in the program entry that the program calls twice",
      filename: PROGRAM_ENTRY,
      code: src(
        `function vpcId() { return aws.ec2.getVpcOutput({ default: true }).id; }`,
        `export const id = vpcId();`,
        `export const again = vpcId();`,
      ),
      errors: [{ messageId: "invoke", line: 3, column: 27 }],
    },
  ],
});
