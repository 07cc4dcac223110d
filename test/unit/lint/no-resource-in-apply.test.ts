import { noResourceInApply } from "../../../lint-rules/eslint/rules/no-resource-in-apply.js";
import { PROGRAM_ENTRY, src, typedRuleTester } from "./rule-tester.js";

typedRuleTester().run("no-resource-in-apply", noResourceInApply, {
  valid: [
    {
      name: "an Output passed straight to an input",
      code: src(
        `export function subnet(name: string, vpc: aws.ec2.Vpc) {`,
        `  return new aws.ec2.Subnet(name, { vpcId: vpc.id, cidrBlock: vpc.cidrBlock.apply((c) => c.replace("0/16", "0/24")) });`,
        `}`,
      ),
    },
    {
      name: "an apply method that is not the SDK's",
      code: src(`const box = { apply: (f: () => unknown) => f() };`, `box.apply(() => new aws.s3.Bucket("logs"));`),
    },
    {
      name: "a promise's then",
      code: src(`void Promise.resolve(1).then(() => new aws.s3.Bucket("logs"));`),
    },
  ],
  invalid: [
    {
      name: "in an apply callback",
      code: src(
        `export function subnet(name: string, vpc: aws.ec2.Vpc) {`,
        `  return vpc.cidrBlock.apply((cidr) => new aws.ec2.Subnet(name, { vpcId: vpc.id, cidrBlock: cidr }));`,
        `}`,
      ),
      errors: [{ messageId: "resourceInApply", line: 4, column: 40, data: { resource: "aws.ec2.Subnet(name)" } }],
    },
    {
      name: "nested in pulumi.all(...).apply, in the program entry",
      filename: PROGRAM_ENTRY,
      code: src(
        `const vpc = new aws.ec2.Vpc("vpc");`,
        `pulumi.all([vpc.id, vpc.cidrBlock]).apply(([id]) => {`,
        `  ["a", "b"].forEach((z) => new aws.ec2.Subnet(z, { vpcId: id }));`,
        `});`,
      ),
      errors: [{ messageId: "resourceInApply", line: 5, column: 29 }],
    },
    {
      name: "pulumi.output(...).apply with a function expression",
      code: src(`pulumi.output("x").apply(function (n) { return new aws.s3.Bucket(n); });`),
      errors: [{ messageId: "resourceInApply", line: 3, column: 48 }],
    },
  ],
});
