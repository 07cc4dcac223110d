import { noCreateIfMissing } from "../../../lint-rules/eslint/rules/no-create-if-missing.js";
import { PROGRAM_ENTRY, src, typedRuleTester } from "./rule-tester.js";

const SDK = `import { S3Client, HeadBucketCommand } from "@aws-sdk/client-s3";\n`;

typedRuleTester().run("no-create-if-missing", noCreateIfMissing, {
  valid: [
    {
      name: "a test on an item of a lookup's results shapes how many resources there are, not whether one exists",
      code: src(
        `export async function perSubnet(name: string) {`,
        `  const found = await aws.ec2.getSubnets({});`,
        `  found.ids.forEach((id, i) => {`,
        `    if (id.startsWith("subnet-public")) new aws.ec2.Subnet(\`\${name}-\${i}\`, { vpcId: id });`,
        `  });`,
        `  for (const id of found.ids.filter((x) => x !== "none")) {`,
        `    if (id.endsWith("a")) new aws.s3.Bucket(\`\${name}-\${id}\`);`,
        `  }`,
        `}`,
      ),
    },
    {
      name: "a lookup whose result feeds an input, not the decision",
      code: src(
        `export async function subnet(name: string) {`,
        `  const vpc = await aws.ec2.getVpc({ default: true });`,
        `  return new aws.ec2.Subnet(name, { vpcId: vpc.id });`,
        `}`,
      ),
    },
    {
      name: "a flag read from config, kept in one object with another stack's outputs",
      code: src(
        `const network = new pulumi.StackReference("acme/network/prod");`,
        `const settings = { vpcId: network.requireOutput("vpcId"), logs: new pulumi.Config().getBoolean("logs") };`,
        `if (settings.logs) new aws.s3.Bucket("logs");`,
      ),
    },
    {
      name: "a property an object literal does not set itself comes from what it spreads, not from its lookups",
      code: src(
        `export function net(name: string, args: { vpcId?: string; cidr?: string }) {`,
        `  const settings = { vpcId: args.vpcId ?? aws.ec2.getVpcOutput({ default: true }).id, ...args };`,
        `  if (!settings.cidr) new aws.ec2.Subnet(name, { vpcId: settings.vpcId });`,
        `}`,
      ),
    },
    {
      name: "another stack's output deciding creation: configuration shared between stacks (no-conditional-resource's case)",
      code: src(
        `export async function logs(name: string) {`,
        `  const shared = new pulumi.StackReference("acme/shared/prod");`,
        `  const enabled = await shared.getOutputValue("logsEnabled");`,
        `  if (enabled) return new aws.s3.Bucket(name);`,
        `  return undefined;`,
        `}`,
      ),
    },
    {
      name: "a decision on an argument (no-conditional-resource's case)",
      code: src(`export function logs(name: string, on: boolean) { if (on) new aws.s3.Bucket(name); }`),
    },
    {
      name: "a try/catch whose try holds no lookup",
      code: src(
        `export function logs(name: string) {`,
        `  try { JSON.parse(name); } catch { new aws.s3.Bucket(name); }`,
        `}`,
      ),
    },
    {
      name: "a resource created in the try block, after a lookup",
      code: src(
        `export async function logs(name: string) {`,
        `  try {`,
        `    const vpc = await aws.ec2.getVpc({ default: true });`,
        `    new aws.ec2.Subnet(name, { vpcId: vpc.id });`,
        `  } catch (e) {`,
        `    console.error(e);`,
        `  }`,
        `}`,
      ),
    },
    {
      name: "the same resource on both sides of the lookup's answer",
      code: src(
        `export async function logs(name: string) {`,
        `  const found = await aws.s3.getBucket({ bucket: name });`,
        `  if (found.arn) new aws.s3.Bucket(name, { forceDestroy: false });`,
        `  else new aws.s3.Bucket(name);`,
        `}`,
      ),
    },
  ],
  invalid: [
    {
      name: "a test on a lookup's result handed over by an Output's apply (the whole value, not an item of a list)",
      filename: PROGRAM_ENTRY,
      code: src(
        `const found = pulumi.output(aws.ec2.getVpc({ default: true }));`,
        `export const subnet = pulumi.all([found]).apply(([vpc]) => {`,
        `  if (!vpc) return undefined;`,
        `  return new aws.ec2.Subnet("default", { vpcId: vpc.id });`,
        `});`,
      ),
      errors: [{ messageId: "createIfMissing", line: 6, column: 10 }],
    },
    {
      name: "inside a loop over a lookup's results, a test on whether the lookup found something",
      code: src(
        `export async function perSubnet(name: string) {`,
        `  const found = await aws.ec2.getSubnets({});`,
        `  found.ids.forEach((id) => {`,
        `    if (!found.ids.includes(\`\${name}-logs\`)) new aws.s3.Bucket(\`\${name}-\${id}\`);`,
        `  });`,
        `}`,
      ),
      errors: [{ messageId: "createIfMissing", line: 6, column: 46 }],
    },
    {
      name: "a Promise's catch after a lookup, at the top level of the program",
      filename: PROGRAM_ENTRY,
      code: src(
        `export const logs = aws.s3`,
        `  .getBucket({ bucket: "logs" })`,
        `  .then((found) => found.arn)`,
        `  .catch(() => new aws.s3.Bucket("logs").arn);`,
      ),
      errors: [
        {
          messageId: "createInCatch",
          line: 6,
          column: 16,
          data: { resource: 'aws.s3.Bucket("logs")', lookup: 'aws.s3 .getBucket({ bucket: "logs" })' },
        },
      ],
    },
    {
      name: "if the invoke finds nothing",
      code: src(
        `export async function logs(name: string) {`,
        `  const found = await aws.s3.getBucket({ bucket: name }).catch(() => undefined);`,
        `  if (!found) new aws.s3.Bucket(name);`,
        `}`,
      ),
      errors: [
        {
          messageId: "createIfMissing",
          line: 5,
          column: 15,
          data: {
            resource: "aws.s3.Bucket(name)",
            condition: "!found",
            lookup: "aws.s3.getBucket({ bucket: name })",
          },
        },
      ],
    },
    {
      name: "?? after a lookup",
      code: src(
        `export async function logs(name: string) {`,
        `  const found = await aws.s3.getBucket({ bucket: name }).catch(() => undefined);`,
        `  return found ?? new aws.s3.Bucket(name);`,
        `}`,
      ),
      errors: [{ messageId: "createIfMissing", line: 5, column: 19 }],
    },
    {
      name: "an early return when the lookup finds it",
      code: src(
        `export async function logs(name: string) {`,
        `  const found = await aws.s3.getBucket({ bucket: name }).catch(() => undefined);`,
        `  if (found) return found.arn;`,
        `  return new aws.s3.Bucket(name).arn;`,
        `}`,
      ),
      errors: [{ messageId: "createIfMissing", line: 6, column: 10 }],
    },
    {
      name: "catch after Resource.get",
      code: src(
        `export function logs(name: string, id: string) {`,
        `  try {`,
        `    return aws.s3.Bucket.get(name, id);`,
        `  } catch {`,
        `    return new aws.s3.Bucket(name);`,
        `  }`,
        `}`,
      ),
      errors: [
        {
          messageId: "createInCatch",
          line: 7,
          column: 12,
          data: { resource: "aws.s3.Bucket(name)", lookup: "aws.s3.Bucket.get(name, id)" },
        },
      ],
    },
    {
      name: "a cloud SDK check, even in the program entry",
      filename: PROGRAM_ENTRY,
      code:
        SDK +
        src(
          `const exists = await new S3Client({}).send(new HeadBucketCommand({ Bucket: "logs" })).then(`,
          `  () => true,`,
          `  () => false,`,
          `);`,
          `if (!exists) new aws.s3.Bucket("logs");`,
        ),
      errors: [{ messageId: "createIfMissing", line: 8, column: 14 }],
    },
    {
      name: "through a helper function that looks up",
      code: src(
        `async function exists(name: string) { return (await aws.s3.getBucket({ bucket: name })).arn !== ""; }`,
        `export async function logs(name: string) {`,
        `  if (!(await exists(name))) new aws.s3.Bucket(name);`,
        `}`,
      ),
      errors: [{ messageId: "createIfMissing", line: 5, column: 30 }],
    },
  ],
});
