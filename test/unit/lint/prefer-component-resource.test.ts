import { preferComponentResource } from "../../../lint-rules/eslint/rules/prefer-component-resource.js";
import { src, typedRuleTester } from "./rule-tester.js";

typedRuleTester().run("prefer-component-resource", preferComponentResource, {
  valid: [
    {
      name: "an exported function creating one resource",
      code: src(`export function logs(name: string) { return new aws.s3.Bucket(name); }`),
    },
    {
      name: "a function that is not exported",
      code: src(
        `function logs(name: string) { new aws.s3.Bucket(name); new aws.s3.Bucket(\`\${name}-2\`); }`,
        `logs("a");`,
      ),
    },
    {
      name: "a helper that parents what it creates under a resource it is given",
      code: src(
        `export function subnets(name: string, vpc: aws.ec2.Vpc) {`,
        `  new aws.ec2.Subnet(\`\${name}-a\`, { vpcId: vpc.id }, { parent: vpc });`,
        `  new aws.ec2.Subnet(\`\${name}-b\`, { vpcId: vpc.id }, { parent: vpc });`,
        `}`,
      ),
    },
    {
      name: "a component",
      code: src(
        `export class Logs extends pulumi.ComponentResource {`,
        `  constructor(name: string) {`,
        `    super("acme:index:Logs", name);`,
        `    new aws.s3.Bucket(\`\${name}-a\`, {}, { parent: this });`,
        `    new aws.s3.Bucket(\`\${name}-b\`, {}, { parent: this });`,
        `    this.registerOutputs({});`,
        `  }`,
        `}`,
      ),
    },
    {
      name: "plain classes named like resources",
      code: `import { Bucket } from "./lib/index.js";\nexport function f() { new Bucket("a"); new Bucket("b"); }`,
    },
  ],
  invalid: [
    {
      name: "an exported function declaration",
      code: src(
        `export function network(name: string) {`,
        `  const vpc = new aws.ec2.Vpc(\`\${name}-vpc\`);`,
        `  new aws.ec2.Subnet(\`\${name}-a\`, { vpcId: vpc.id });`,
        `  return vpc;`,
        `}`,
      ),
      errors: [{ messageId: "preferComponent", line: 3, column: 17, data: { name: "network", count: 2 } }],
    },
    {
      name: "an exported arrow, a callback's resource counted",
      code: src(
        `export const network = (name: string, zones: string[]) => {`,
        `  const vpc = new aws.ec2.Vpc(\`\${name}-vpc\`);`,
        `  return zones.map((z) => new aws.ec2.Subnet(\`\${name}-\${z}\`, { vpcId: vpc.id }));`,
        `};`,
      ),
      errors: [{ messageId: "preferComponent", line: 3, column: 14, data: { name: "network", count: 2 } }],
    },
    {
      name: "exported by an export list, under another name",
      code: src(
        `function build(name: string) {`,
        `  new aws.s3.Bucket(\`\${name}-a\`);`,
        `  new aws.s3.Bucket(\`\${name}-b\`, {}, {});`,
        `}`,
        `export { build as storage };`,
      ),
      errors: [{ messageId: "preferComponent", line: 3, column: 10, data: { name: "storage", count: 2 } }],
    },
  ],
});
