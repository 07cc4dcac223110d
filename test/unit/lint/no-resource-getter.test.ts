import { noResourceGetter } from "../../../lint-rules/eslint/rules/no-resource-getter.js";
import { src, typedRuleTester } from "./rule-tester.js";

typedRuleTester().run("no-resource-getter", noResourceGetter, {
  valid: [
    {
      name: "a function that creates and returns a resource",
      code: src(`export function logs(name: string) { return new aws.s3.Bucket(name); }`),
    },
    {
      name: "a function that returns the deployment's context (region, caller) or re-reads a resource it is handed",
      code: src(
        `export function regionOf(res: pulumi.Resource) { return aws.getRegionOutput({}, { parent: res }).apply((r) => r.name); }`,
        `export async function account() { return (await aws.getCallerIdentity()).accountId; }`,
        `export function current(bucket: aws.s3.Bucket) { return aws.s3.Bucket.get("current", bucket.id); }`,
      ),
    },
    {
      name: "a function that receives the resource",
      code: src(`export function arnOf(bucket: aws.s3.Bucket) { return bucket.arn; }`),
    },
    {
      name: "data of a module-level resource, and a component's own field",
      code: src(
        `const shared = new aws.s3.Bucket("shared");`,
        `export function sharedArn() { return shared.arn; }`,
        `export class Logs extends pulumi.ComponentResource {`,
        `  private readonly bucket: aws.s3.Bucket;`,
        `  constructor(name: string) { super("acme:index:Logs", name); this.bucket = new aws.s3.Bucket(name, {}, { parent: this }); this.registerOutputs({}); }`,
        `  get logs() { return this.bucket; }`,
        `}`,
      ),
    },
    {
      name: "a registry of plain values, and an inline callback",
      code: src(
        `const names = new Map<string, string>();`,
        `export function nameOf(key: string) { return names.get(key); }`,
        `export const arns = ["a"].map((id) => aws.s3.Bucket.get(id, id).arn);`,
      ),
    },
    {
      name: "a function that returns a lookup only on some paths",
      code: src(
        `export function vpcFor(name: string, id?: string) {`,
        `  if (id) return aws.ec2.Vpc.get(name, id);`,
        `  return new aws.ec2.Vpc(name);`,
        `}`,
      ),
    },
  ],
  invalid: [
    {
      name: "by Resource.get",
      code: src(`export function vpc(id: string) {`, `  return aws.ec2.Vpc.get("vpc", id);`, `}`),
      errors: [
        {
          messageId: "getter",
          line: 3,
          column: 17,
          data: { name: "vpc", how: "`aws.ec2.Vpc.get(...)` reads it by id" },
        },
      ],
    },
    {
      name: "by an invoke, through then, a property and a variable",
      code: src(
        `export const vpcId = () => aws.ec2.getVpcOutput({ default: true }).id;`,
        `export async function vpcCidr() {`,
        `  const vpc = await aws.ec2.getVpc({ default: true });`,
        `  return vpc.cidrBlock;`,
        `}`,
        `export function subnets() { return aws.ec2.getSubnets().then((s) => s.ids); }`,
      ),
      errors: [
        {
          messageId: "getter",
          line: 3,
          column: 14,
          data: { name: "vpcId", how: "the lookup `aws.ec2.getVpcOutput(...)`" },
        },
        {
          messageId: "getter",
          line: 4,
          column: 23,
          data: { name: "vpcCidr", how: "the lookup `aws.ec2.getVpc(...)`" },
        },
        {
          messageId: "getter",
          line: 8,
          column: 17,
          data: { name: "subnets", how: "the lookup `aws.ec2.getSubnets(...)`" },
        },
      ],
    },
    {
      name: "from a module-level registry or singleton",
      code: src(
        `const registry = new Map<string, aws.s3.Bucket>();`,
        `const shared = new aws.s3.Bucket("shared");`,
        `const byName: Record<string, aws.s3.Bucket> = {};`,
        `export function bucket(key: string) { return registry.get(key); }`,
        `export function sharedBucket() { return shared; }`,
        `export function named(key: string) { const b = byName[key]; if (!b) return undefined; return b; }`,
      ),
      errors: [
        { messageId: "getter", line: 6, column: 17, data: { name: "bucket", how: "the module-level `registry`" } },
        { messageId: "getter", line: 7, column: 17, data: { name: "sharedBucket", how: "the module-level `shared`" } },
        { messageId: "getter", line: 8, column: 17, data: { name: "named", how: "the module-level `byName`" } },
      ],
    },
    {
      name: "a method",
      code: src(`export class Lookups {`, `  static vpc(id: string) { return aws.ec2.Vpc.get("vpc", id); }`, `}`),
      errors: [{ messageId: "getter", line: 4, column: 10 }],
    },
  ],
});
