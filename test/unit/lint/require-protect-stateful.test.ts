import { requireProtectStateful } from "../../../lint-rules/eslint/rules/require-protect-stateful.js";
import { PRELUDE, typedRuleTester } from "./rule-tester.js";

const DB = '"aws:rds/instance:Instance"';

typedRuleTester().run("require-protect-stateful", requireProtectStateful, {
  valid: [
    { name: "a protected database", code: `${PRELUDE}new Resource(${DB}, "db", {}, { protect: true });` },
    {
      name: "protect from config",
      code: `${PRELUDE}const cfg = new pulumi.Config(); new Resource(${DB}, "db", {}, { protect: cfg.requireBoolean("protect") });`,
    },
    {
      name: "protect from a spread whose type sets it",
      code: `${PRELUDE}const base = { protect: true }; new Resource(${DB}, "db", {}, { ...base });`,
    },
    {
      name: "options passed in from the caller, which may carry protect",
      code: `${PRELUDE}export function db(opts: pulumi.CustomResourceOptions) { return new Resource(${DB}, "db", {}, opts); }`,
    },
    {
      name: "arguments spread in from the caller, which may carry the options and protect",
      code: `import * as gcp from "@pulumi/gcp";\nexport function bucket(...args: ConstructorParameters<typeof gcp.storage.Bucket>) { return new gcp.storage.Bucket(...args); }`,
    },
    {
      name: "options the caller may leave out, which may still carry protect",
      code: `${PRELUDE}export function db(opts?: pulumi.CustomResourceOptions) { return new Resource(${DB}, "db", {}, opts); }`,
    },
    {
      name: "a child of the component it is created in inherits the component's protect",
      code: [
        PRELUDE,
        `export class Store extends pulumi.ComponentResource {`,
        `  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {`,
        `    super("acme:index:Store", name, {}, opts);`,
        `    new Resource(${DB}, \`\${name}-db\`, {}, { parent: this });`,
        `    this.registerOutputs({});`,
        `  }`,
        `}`,
      ].join("\n"),
    },
    {
      name: "a child of a parent the caller hands in (a parameter, opts.parent) inherits that parent's protect",
      code: [
        PRELUDE,
        `export function store(name: string, parent: pulumi.Resource | undefined, opts: pulumi.ComponentResourceOptions = {}) {`,
        `  new Resource(${DB}, \`\${name}-a\`, {}, { parent });`,
        `  new Resource(${DB}, \`\${name}-b\`, {}, { parent: opts.parent });`,
        `}`,
      ].join("\n"),
    },
    { name: "a stateless type", code: `${PRELUDE}new Resource("aws:iam/role:Role", "role", {});` },
    {
      name: "a type token that is not a literal",
      code: `${PRELUDE}declare const t: string; new Resource(t, "x", {});`,
    },
    {
      name: "a provider SDK class whose declaration carries no token: derived from its file, protected",
      code: `import * as gcp from "@pulumi/gcp";\nnew gcp.storage.Bucket("data", { location: "EU" }, { protect: true });`,
    },
    {
      name: "a class that is not a Pulumi resource",
      code: `class Resource { constructor(t: string, n: string) {} }\nnew Resource(${DB}, "db");`,
    },
  ],
  invalid: [
    {
      name: "a parent handed in does not excuse protect: false; nor does parent: undefined or a parent made here",
      code: [
        PRELUDE,
        `export function store(name: string, parent: pulumi.Resource) {`,
        `  new Resource(${DB}, \`\${name}-a\`, {}, { parent, protect: false });`,
        `  new Resource(${DB}, \`\${name}-b\`, {}, { parent: undefined });`,
        `  const local = new Resource("aws:iam/role:Role", \`\${name}-role\`, {});`,
        `  new Resource(${DB}, \`\${name}-c\`, {}, { parent: local });`,
        `}`,
      ].join("\n"),
      errors: [
        { messageId: "protectFalse", line: 5, column: 72 },
        {
          messageId: "missingProtect",
          line: 6,
          column: 62,
          suggestions: [
            {
              messageId: "addProtect",
              output: [
                PRELUDE,
                `export function store(name: string, parent: pulumi.Resource) {`,
                `  new Resource(${DB}, \`\${name}-a\`, {}, { parent, protect: false });`,
                `  new Resource(${DB}, \`\${name}-b\`, {}, { parent: undefined, protect: true });`,
                `  const local = new Resource("aws:iam/role:Role", \`\${name}-role\`, {});`,
                `  new Resource(${DB}, \`\${name}-c\`, {}, { parent: local });`,
                `}`,
              ].join("\n"),
            },
          ],
        },
        {
          messageId: "missingProtect",
          line: 8,
          column: 62,
          suggestions: [
            {
              messageId: "addProtect",
              output: [
                PRELUDE,
                `export function store(name: string, parent: pulumi.Resource) {`,
                `  new Resource(${DB}, \`\${name}-a\`, {}, { parent, protect: false });`,
                `  new Resource(${DB}, \`\${name}-b\`, {}, { parent: undefined });`,
                `  const local = new Resource("aws:iam/role:Role", \`\${name}-role\`, {});`,
                `  new Resource(${DB}, \`\${name}-c\`, {}, { parent: local, protect: true });`,
                `}`,
              ].join("\n"),
            },
          ],
        },
      ],
    },
    {
      name: "a child of a component that turns protect off, or that is not parented to it",
      code: [
        PRELUDE,
        `export class Store extends pulumi.ComponentResource {`,
        `  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {`,
        `    super("acme:index:Store", name, {}, opts);`,
        `    new Resource(${DB}, \`\${name}-a\`, {}, { parent: this, protect: false });`,
        `    new Resource(${DB}, \`\${name}-b\`, {}, {});`,
        `    this.registerOutputs({});`,
        `  }`,
        `}`,
      ].join("\n"),
      errors: [
        { messageId: "protectFalse", line: 7, column: 80 },
        {
          messageId: "missingProtect",
          line: 8,
          column: 64,
          suggestions: [
            {
              messageId: "addProtect",
              output: [
                PRELUDE,
                `export class Store extends pulumi.ComponentResource {`,
                `  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {`,
                `    super("acme:index:Store", name, {}, opts);`,
                `    new Resource(${DB}, \`\${name}-a\`, {}, { parent: this, protect: false });`,
                `    new Resource(${DB}, \`\${name}-b\`, {}, { protect: true });`,
                `    this.registerOutputs({});`,
                `  }`,
                `}`,
              ].join("\n"),
            },
          ],
        },
      ],
    },
    {
      name: "a provider SDK class exported as a lazily loaded constant: found through its constructor",
      code: `import * as gcp from "@pulumi/gcp";\nnew gcp.sql.DatabaseInstance("db", { databaseVersion: "POSTGRES_16" });`,
      errors: [
        {
          messageId: "missingProtect",
          line: 2,
          column: 1,
          data: {
            type: "gcp:sql/databaseInstance:DatabaseInstance",
            name: '"db"',
            why: "relational database instance",
          },
          suggestions: [
            {
              messageId: "addProtect",
              output: `import * as gcp from "@pulumi/gcp";\nnew gcp.sql.DatabaseInstance("db", { databaseVersion: "POSTGRES_16" }, { protect: true });`,
            },
          ],
        },
      ],
    },
    {
      name: "a provider SDK class whose declaration carries no token: derived from its file",
      code: `import * as gcp from "@pulumi/gcp";\nnew gcp.storage.Bucket("data", { location: "EU" });`,
      errors: [
        {
          messageId: "missingProtect",
          line: 2,
          column: 1,
          data: { type: "gcp:storage/bucket:Bucket", name: '"data"', why: "object storage bucket" },
          suggestions: [
            {
              messageId: "addProtect",
              output: `import * as gcp from "@pulumi/gcp";\nnew gcp.storage.Bucket("data", { location: "EU" }, { protect: true });`,
            },
          ],
        },
      ],
    },
    {
      name: "no options at all",
      code: `${PRELUDE}new Resource(${DB}, "db", { engine: "postgres" });`,
      errors: [
        {
          messageId: "missingProtect",
          line: 3,
          column: 1,
          data: { type: "aws:rds/instance:Instance", name: '"db"', why: "relational database" },
          suggestions: [
            {
              messageId: "addProtect",
              output: `${PRELUDE}new Resource(${DB}, "db", { engine: "postgres" }, { protect: true });`,
            },
          ],
        },
      ],
    },
    {
      name: "options without protect",
      code: `${PRELUDE}new Resource(${DB}, "db", {}, { dependsOn: [] });`,
      errors: [
        {
          messageId: "missingProtect",
          line: 3,
          column: 53,
          suggestions: [
            {
              messageId: "addProtect",
              output: `${PRELUDE}new Resource(${DB}, "db", {}, { dependsOn: [], protect: true });`,
            },
          ],
        },
      ],
    },
    {
      name: "empty options",
      code: `${PRELUDE}new Resource(${DB}, "db", {}, {});`,
      errors: [
        {
          messageId: "missingProtect",
          line: 3,
          column: 53,
          suggestions: [
            { messageId: "addProtect", output: `${PRELUDE}new Resource(${DB}, "db", {}, { protect: true });` },
          ],
        },
      ],
    },
    {
      name: "protect: false",
      code: `${PRELUDE}new Resource(${DB}, "db", {}, { protect: false });`,
      errors: [{ messageId: "protectFalse", line: 3, column: 55 }],
    },
    {
      name: "an options variable whose type has no protect",
      code: `${PRELUDE}const opts = { dependsOn: [] }; new Resource(${DB}, "db", {}, opts);`,
      errors: [{ messageId: "missingProtect", line: 3, column: 85 }],
    },
    {
      name: "a name from a variable is shown as written",
      code: `${PRELUDE}declare const name: string; new Resource("aws:s3/bucket:Bucket", name, {});`,
      errors: [
        {
          messageId: "missingProtect",
          line: 3,
          column: 29,
          data: { type: "aws:s3/bucket:Bucket", name: "name", why: "object storage bucket" },
          suggestions: [
            {
              messageId: "addProtect",
              output: `${PRELUDE}declare const name: string; new Resource("aws:s3/bucket:Bucket", name, {}, { protect: true });`,
            },
          ],
        },
      ],
    },
  ],
});
