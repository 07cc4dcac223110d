import { requireComponentParent } from "../../../lint-rules/eslint/rules/require-component-parent.js";
import { src, typedRuleTester } from "./rule-tester.js";

/** A component whose constructor body is `body` (lines), ending with registerOutputs. Body starts at line 6. */
function component(...body: string[]): string {
  return src(
    `export class Net extends pulumi.ComponentResource {`,
    `  constructor(name: string, args: { cidr: string }, opts?: pulumi.ComponentResourceOptions) {`,
    `    super("acme:index:Net", name, {}, opts);`,
    ...body.map((l) => `    ${l}`),
    `    this.registerOutputs({});`,
    `  }`,
    `}`,
  );
}

/** A component that creates a subnet in an arrow callback and a VPC in a method its constructor calls. */
function methodAndCallback(subnetArgs: string, vpcArgs: string): string {
  return src(
    `export class Net extends pulumi.ComponentResource {`,
    `  constructor(name: string, args: { zones: string[] }) {`,
    `    super("acme:index:Net", name);`,
    `    this.vpc(name);`,
    `    args.zones.forEach((z) => new aws.ec2.Subnet(\`\${name}-\${z}\`, ${subnetArgs}));`,
    `    this.registerOutputs({});`,
    `  }`,
    `  private vpc(name: string) {`,
    `    return new aws.ec2.Vpc(${vpcArgs});`,
    `  }`,
    `}`,
  );
}

/** A component creating a queue whose class is declared in another file and re-exported under another name. */
function jobs(queueArgs: string): string {
  return [
    `import * as pulumi from "@pulumi/pulumi";`,
    `import { MessageQueue } from "./lib/index.js";`,
    `export class Jobs extends pulumi.ComponentResource {`,
    `  constructor(name: string) {`,
    `    super("acme:index:Jobs", name);`,
    `    new MessageQueue(\`\${name}-q\`, ${queueArgs});`,
    `    this.registerOutputs({});`,
    `  }`,
    `}`,
  ].join("\n");
}

typedRuleTester().run("require-component-parent", requireComponentParent, {
  valid: [
    {
      name: "parent: this, through variables, shorthand, spreads and mergeOptions",
      code: component(
        `const parent = this;`,
        `const childOpts = { parent: this };`,
        `const vpc = new aws.ec2.Vpc(\`\${name}-vpc\`, {}, { parent });`,
        `new aws.ec2.Subnet(\`\${name}-a\`, { vpcId: vpc.id }, childOpts);`,
        `new aws.ec2.Subnet(\`\${name}-b\`, { vpcId: vpc.id }, { ...childOpts, dependsOn: [vpc] });`,
        `new aws.ec2.Subnet(\`\${name}-c\`, { vpcId: vpc.id }, pulumi.mergeOptions(opts, { parent: this }));`,
        `new aws.ec2.Subnet(\`\${name}-d\`, { vpcId: vpc.id }, { ...opts, parent: this });`,
      ),
    },
    {
      name: "a descendant of the component as parent",
      code: component(
        `const vpc = new aws.ec2.Vpc(\`\${name}-vpc\`, {}, { parent: this });`,
        `new aws.ec2.Subnet(\`\${name}-a\`, { vpcId: vpc.id }, { parent: vpc });`,
      ),
    },
    {
      name: "options whose parent cannot be known here",
      code: src(
        `declare function childOptions(): pulumi.CustomResourceOptions;`,
        `export class Net extends pulumi.ComponentResource {`,
        `  constructor(name: string) {`,
        `    super("acme:index:Net", name);`,
        `    new aws.ec2.Vpc(\`\${name}-vpc\`, {}, childOptions());`,
        `    new aws.ec2.Vpc(\`\${name}-vpc2\`, {}, { ...childOptions(), protect: true });`,
        `    this.registerOutputs({});`,
        `  }`,
        `}`,
      ),
    },
    {
      name: "a method the constructor does not call, and resources outside components",
      code: src(
        `export class Net extends pulumi.ComponentResource {`,
        `  constructor(name: string) { super("acme:index:Net", name); this.registerOutputs({}); }`,
        `  later(name: string) { return new aws.ec2.Vpc(name); }`,
        `}`,
        `export function vpc(name: string) { return new aws.ec2.Vpc(name); }`,
      ),
    },
    {
      name: "an abstract component and a subclass of a component that registers outputs",
      code: src(
        `export abstract class Base extends pulumi.ComponentResource {}`,
        `class Registered extends pulumi.ComponentResource {`,
        `  constructor(t: string, name: string) { super(t, name); this.registerOutputs({}); }`,
        `}`,
        `export class Derived extends Registered {`,
        `  constructor(name: string) { super("acme:index:Derived", name); }`,
        `}`,
      ),
    },
    {
      name: "a plain class named like a component",
      code: `class ComponentResource {}\nexport class Net extends ComponentResource { constructor() { super(); new Date(); } }`,
    },
  ],
  invalid: [
    {
      name: "a resource created before super(...), with no suggestion since `this` cannot be used there yet",
      code: src(
        `export class Net extends pulumi.ComponentResource {`,
        `  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {`,
        `    const vpc = new aws.ec2.Vpc(\`\${name}-vpc\`, {}, opts);`,
        `    super("acme:index:Net", name, {}, opts);`,
        `    this.registerOutputs({ vpcId: vpc.id });`,
        `  }`,
        `}`,
      ),
      errors: [{ messageId: "callersParent", line: 5, column: 17, suggestions: [] }],
    },
    {
      name: "no options",
      code: component(`new aws.ec2.Vpc(\`\${name}-vpc\`, {});`),
      errors: [
        {
          messageId: "missingParent",
          line: 6,
          column: 5,
          data: { resource: "aws.ec2.Vpc(`${name}-vpc`)", component: "Net" },
          suggestions: [
            {
              messageId: "addParent",
              data: { resource: "aws.ec2.Vpc(`${name}-vpc`)", component: "Net" },
              output: component(`new aws.ec2.Vpc(\`\${name}-vpc\`, {}, { parent: this });`),
            },
          ],
        },
      ],
    },
    {
      name: "no args and no options",
      code: component(`new aws.ec2.Vpc(\`\${name}-vpc\`);`),
      errors: [
        {
          messageId: "missingParent",
          line: 6,
          column: 5,
          suggestions: [
            {
              messageId: "addParent",
              output: component(`new aws.ec2.Vpc(\`\${name}-vpc\`, undefined, { parent: this });`),
            },
          ],
        },
      ],
    },
    {
      name: "options without parent",
      code: component(
        `const vpc = new aws.ec2.Vpc(\`\${name}-vpc\`, {}, { parent: this });`,
        `new aws.ec2.Subnet(\`\${name}-a\`, { vpcId: vpc.id }, { dependsOn: [vpc] });`,
      ),
      errors: [
        {
          messageId: "missingParent",
          line: 7,
          column: 5,
          suggestions: [
            {
              messageId: "addParent",
              output: component(
                `const vpc = new aws.ec2.Vpc(\`\${name}-vpc\`, {}, { parent: this });`,
                `new aws.ec2.Subnet(\`\${name}-a\`, { vpcId: vpc.id }, { dependsOn: [vpc], parent: this });`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: "the component's own options passed on",
      code: component(`new aws.ec2.Vpc(\`\${name}-vpc\`, {}, opts);`),
      errors: [
        {
          messageId: "callersParent",
          line: 6,
          column: 5,
          suggestions: [
            { messageId: "addParent", output: component(`new aws.ec2.Vpc(\`\${name}-vpc\`, {}, { parent: this });`) },
          ],
        },
      ],
    },
    {
      name: "the component's own options spread, and opts.parent",
      code: component(
        `new aws.ec2.Vpc(\`\${name}-a\`, {}, { ...opts });`,
        `new aws.ec2.Vpc(\`\${name}-b\`, {}, { parent: opts?.parent });`,
      ),
      errors: [
        {
          messageId: "callersParent",
          line: 6,
          column: 5,
          suggestions: [
            {
              messageId: "addParent",
              output: component(
                `new aws.ec2.Vpc(\`\${name}-a\`, {}, { ...opts, parent: this });`,
                `new aws.ec2.Vpc(\`\${name}-b\`, {}, { parent: opts?.parent });`,
              ),
            },
          ],
        },
        {
          messageId: "callersParent",
          line: 7,
          column: 5,
          suggestions: [
            {
              messageId: "addParent",
              output: component(
                `new aws.ec2.Vpc(\`\${name}-a\`, {}, { ...opts });`,
                `new aws.ec2.Vpc(\`\${name}-b\`, {}, { parent: this });`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: "an options variable without parent, and parent: undefined",
      code: component(
        `const o = { protect: true };`,
        `new aws.ec2.Vpc(\`\${name}-a\`, {}, o);`,
        `new aws.ec2.Vpc(\`\${name}-b\`, {}, { parent: undefined });`,
      ),
      errors: [
        {
          messageId: "missingParent",
          line: 7,
          column: 5,
          suggestions: [
            {
              messageId: "addParent",
              output: component(
                `const o = { protect: true };`,
                `new aws.ec2.Vpc(\`\${name}-a\`, {}, { ...o, parent: this });`,
                `new aws.ec2.Vpc(\`\${name}-b\`, {}, { parent: undefined });`,
              ),
            },
          ],
        },
        {
          messageId: "missingParent",
          line: 8,
          column: 5,
          suggestions: [
            {
              messageId: "addParent",
              output: component(
                `const o = { protect: true };`,
                `new aws.ec2.Vpc(\`\${name}-a\`, {}, o);`,
                `new aws.ec2.Vpc(\`\${name}-b\`, {}, { parent: this });`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: "in a method the constructor calls, and in an arrow callback",
      code: methodAndCallback(`{ vpcId: "v" }`, `name`),
      errors: [
        {
          messageId: "missingParent",
          line: 7,
          column: 31,
          suggestions: [
            { messageId: "addParent", output: methodAndCallback(`{ vpcId: "v" }, { parent: this }`, `name`) },
          ],
        },
        {
          messageId: "missingParent",
          line: 11,
          column: 12,
          suggestions: [
            {
              messageId: "addParent",
              output: methodAndCallback(`{ vpcId: "v" }`, `name, undefined, { parent: this }`),
            },
          ],
        },
      ],
    },
    {
      name: "a resource class from another file, re-exported",
      code: jobs(`{}`),
      errors: [
        {
          messageId: "missingParent",
          line: 6,
          column: 5,
          suggestions: [{ messageId: "addParent", output: jobs(`{}, { parent: this }`) }],
        },
      ],
    },
    {
      name: "a component that never registers outputs, also through a base class of the project",
      code: [
        `import * as pulumi from "@pulumi/pulumi";`,
        `import { Component } from "./lib/index.js";`,
        `export class Net extends pulumi.ComponentResource {`,
        `  constructor(name: string) { super("acme:index:Net", name); }`,
        `}`,
        `export class Jobs extends Component {`,
        `  constructor(name: string) { super("acme:index:Jobs", name); }`,
        `}`,
      ].join("\n"),
      errors: [
        { messageId: "noRegisterOutputs", line: 3, column: 14, data: { component: "Net" } },
        { messageId: "noRegisterOutputs", line: 6, column: 14, data: { component: "Jobs" } },
      ],
    },
  ],
});
