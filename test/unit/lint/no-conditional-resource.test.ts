import { noConditionalResource } from "../../../lint-rules/eslint/rules/no-conditional-resource.js";
import { PROGRAM_ENTRY, PROGRAM_MODULE, src, typedRuleTester } from "./rule-tester.js";

typedRuleTester().run("no-conditional-resource", noConditionalResource, {
  valid: [
    {
      name: "an unconditional resource in a library function",
      code: src(`export function logs(name: string) { return new aws.s3.Bucket(\`\${name}-logs\`); }`),
    },
    {
      name: "a condition at the top level of the program entry",
      filename: PROGRAM_ENTRY,
      code: src(`const cfg = new pulumi.Config();`, `if (cfg.getBoolean("logs")) new aws.s3.Bucket("logs");`),
    },
    {
      name: "a resource read back by its URN registers nothing: a rehydration callback's dispatch on the type token",
      code: src(
        `pulumi.runtime.registerResourceModule("acme", "index", {`,
        `  version: "1.0.0",`,
        `  construct: (name: string, type: string, urn: string) => {`,
        `    switch (type) {`,
        `      case "aws:s3/bucket:Bucket": return new aws.s3.Bucket(name, {}, { urn });`,
        `      default: throw new Error(\`unknown resource type \${type}\`);`,
        `    }`,
        `  },`,
        `});`,
      ),
    },
    {
      name: "a condition in a function of the program entry that the program calls once",
      filename: PROGRAM_ENTRY,
      code: src(`function logs(on: boolean) { if (on) new aws.s3.Bucket("logs"); }`, `logs(true);`),
    },
    {
      name: "a condition in an array callback at the top level of the program entry",
      filename: PROGRAM_ENTRY,
      code: src(
        `const cfg = new pulumi.Config();`,
        `["a", "b"].forEach((n) => { if (cfg.getBoolean(n)) new aws.s3.Bucket(n); });`,
      ),
    },
    {
      name: "the component rehydration guard",
      code: src(
        `export class Logs extends pulumi.ComponentResource {`,
        `  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {`,
        `    super("acme:index:Logs", name, {}, opts);`,
        `    if (opts?.urn) return;`,
        `    new aws.s3.Bucket(\`\${name}-logs\`, {}, { parent: this });`,
        `    this.registerOutputs({});`,
        `  }`,
        `}`,
      ),
    },
    {
      name: "the same resource in both branches",
      code: src(
        `export function logs(name: string, large: boolean) {`,
        `  if (large) new aws.s3.Bucket(name, { forceDestroy: false });`,
        `  else new aws.s3.Bucket(name, { forceDestroy: true });`,
        `  return large ? new aws.ec2.Vpc(\`\${name}-vpc\`, { cidrBlock: "10.0.0.0/16" }) : new aws.ec2.Vpc(\`\${name}-vpc\`);`,
        `}`,
      ),
    },
    {
      name: "a guard that throws is validation",
      code: src(
        `export function logs(name: string) {`,
        `  if (!name) throw new Error("name is required");`,
        `  return new aws.s3.Bucket(name);`,
        `}`,
      ),
    },
    {
      name: "a condition on a constant of the code",
      code: src(`const DEBUG = false;`, `export function logs(name: string) { if (DEBUG) new aws.s3.Bucket(name); }`),
    },
    {
      name: "a condition on a local computed from literals, through a helper function",
      code: src(
        `function isBig(n: number) { return n > 3; }`,
        `export function logs(name: string) { const size = 5; if (isBig(size)) new aws.s3.Bucket(name); }`,
      ),
    },
    {
      name: "a loop over caller-supplied items, with loops off (the default)",
      code: src(`export function logs(names: string[]) { for (const n of names) new aws.s3.Bucket(n); }`),
    },
    {
      name: "a loop over a constant list, with loops on",
      options: [{ checkLoops: true }],
      code: src(
        `export function logs(name: string) { for (const s of ["a", "b"]) new aws.s3.Bucket(\`\${name}-\${s}\`); }`,
      ),
    },
    {
      name: "a lookup deciding creation is left to no-create-if-missing",
      code: src(
        `export async function logs(name: string) {`,
        `  const found = await aws.s3.getBucket({ bucket: name });`,
        `  if (!found.arn) new aws.s3.Bucket(name);`,
        `}`,
      ),
    },
    {
      name: "a cache check whose code stores into the cache it checks (created once per key)",
      code: src(
        `export class Buckets {`,
        `  private static made: Record<string, aws.s3.Bucket> = {};`,
        `  static bucket(name: string) {`,
        `    if (name in this.made) return this.made[name];`,
        `    const bucket = new aws.s3.Bucket(name);`,
        `    this.made[name] = bucket;`,
        `    return bucket;`,
        `  }`,
        `}`,
      ),
    },
    {
      name: "a Map cache filled in the branch that creates",
      code: src(
        `const policies = new Map<string, aws.s3.BucketPolicy>();`,
        `export function policy(name: string) {`,
        `  if (!policies.has(name)) policies.set(name, new aws.s3.BucketPolicy(name, { bucket: name, policy: "{}" }));`,
        `  return policies.get(name);`,
        `}`,
      ),
    },
    {
      name: "a module-level singleton and a Map lookup held in a variable, filled when missing",
      code: src(
        `let shared: aws.ec2.Vpc | undefined;`,
        `const byRegion = new Map<string, aws.ec2.Vpc>();`,
        `export function sharedVpc(opts?: pulumi.CustomResourceOptions) {`,
        `  if (!shared) shared = new aws.ec2.Vpc("shared", {}, opts);`,
        `  return shared;`,
        `}`,
        `export function regionVpc(region: string) {`,
        `  let vpc = byRegion.get(region);`,
        `  if (!vpc) {`,
        `    vpc = new aws.ec2.Vpc(\`vpc-\${region}\`);`,
        `    byRegion.set(region, vpc);`,
        `  }`,
        `  return vpc;`,
        `}`,
      ),
    },
    {
      name: "a set that skips repeated items of a loop",
      code: src(
        `export function buckets(names: string[]) {`,
        `  const done = new Set<string>();`,
        `  for (const n of names) {`,
        `    if (done.has(n)) continue;`,
        `    done.add(n);`,
        `    new aws.s3.Bucket(n);`,
        `  }`,
        `}`,
      ),
    },
    {
      name: "a test outside a loop on the list it iterates, with loops off",
      code: src(
        `export function buckets(names?: string[], prefixes: { items: string[] } = { items: [] }, ids?: string[]) {`,
        `  if (names) names.map((n) => new aws.s3.Bucket(n));`,
        `  if (ids) for (let i = 0; i < ids.length; i++) new aws.s3.Bucket(\`\${ids[i]}-data\`);`,
        `  if (prefixes.items.length === 0) return;`,
        `  for (const p of prefixes.items) new aws.s3.Bucket(\`\${p}-logs\`);`,
        `}`,
      ),
    },
    {
      name: "a test on a list whose type is unknown, before mapping over it",
      code: src(
        `export function buckets(name: string, rules: any) {`,
        `  if (rules.length === 0) return;`,
        `  rules.map((_r: unknown, i: number) => new aws.s3.Bucket(\`\${name}-\${i}\`));`,
        `}`,
      ),
    },
    {
      name: "a test on a resource's output, resolved inside apply, is not the caller's data",
      code: src(
        `function logs(name: string) { return new aws.s3.Bucket(\`\${name}-logs\`); }`,
        `export function audit(name: string) {`,
        `  logs(name).arn.apply((arn) => {`,
        `    if (!arn) return;`,
        `    new aws.s3.BucketPolicy(\`\${name}-audit\`, { bucket: arn, policy: "{}" });`,
        `  });`,
        `}`,
      ),
    },
    {
      name: "a class that is not a Pulumi resource",
      code: `import { Bucket } from "./lib/index.js";\nexport function f(on: boolean) { if (on) new Bucket("x"); }`,
    },
  ],
  invalid: [
    {
      name: "if on an argument",
      code: src(
        `export function logs(name: string, enabled: boolean) {`,
        `  if (enabled) new aws.s3.Bucket(name);`,
        `}`,
      ),
      errors: [
        {
          messageId: "conditional",
          line: 4,
          column: 16,
          data: { resource: "aws.s3.Bucket(name)", condition: "enabled", source: "the argument `enabled`" },
        },
      ],
    },
    {
      name: "else branch, on a property of the arguments",
      code: src(
        `export function logs(name: string, args: { external?: string }) {`,
        `  if (args.external) { console.log(args.external); } else { new aws.s3.Bucket(name); }`,
        `}`,
      ),
      errors: [
        {
          messageId: "conditional",
          line: 4,
          column: 61,
          data: { resource: "aws.s3.Bucket(name)", condition: "args.external", source: "the argument `args.external`" },
        },
      ],
    },
    {
      name: "ternary",
      code: src(`export const logs = (name: string, on: boolean) => (on ? new aws.s3.Bucket(name) : undefined);`),
      errors: [{ messageId: "conditional", line: 3, column: 58 }],
    },
    {
      name: "&&, || and ??",
      code: src(
        `export function logs(name: string, on: boolean, existing?: aws.s3.Bucket) {`,
        `  on && new aws.s3.Bucket(\`\${name}-a\`);`,
        `  on || new aws.s3.Bucket(\`\${name}-b\`);`,
        `  return existing ?? new aws.s3.Bucket(\`\${name}-c\`);`,
        `}`,
      ),
      errors: [
        { messageId: "conditional", line: 4, column: 9 },
        { messageId: "conditional", line: 5, column: 9 },
        { messageId: "conditional", line: 6, column: 22 },
      ],
    },
    {
      name: "switch",
      code: src(
        `export function store(name: string, kind: "bucket" | "none") {`,
        `  switch (kind) {`,
        `    case "bucket":`,
        `      new aws.s3.Bucket(name);`,
        `      break;`,
        `  }`,
        `}`,
      ),
      errors: [
        {
          messageId: "conditional",
          line: 6,
          column: 7,
          data: { resource: "aws.s3.Bucket(name)", condition: "kind", source: "the argument `kind`" },
        },
      ],
    },
    {
      name: "catch",
      code: src(
        `export function store(name: string) {`,
        `  try {`,
        `    JSON.parse(name);`,
        `  } catch {`,
        `    new aws.s3.Bucket(name);`,
        `  }`,
        `}`,
      ),
      errors: [{ messageId: "inCatch", line: 7, column: 5 }],
    },
    {
      name: "an early-return guard",
      code: src(
        `export function store(name: string, enabled: boolean) {`,
        `  if (!enabled) {`,
        `    return undefined;`,
        `  }`,
        `  return new aws.s3.Bucket(name);`,
        `}`,
      ),
      errors: [
        {
          messageId: "conditional",
          line: 7,
          column: 10,
          data: { resource: "aws.s3.Bucket(name)", condition: "!enabled", source: "the argument `enabled`" },
        },
      ],
    },
    {
      name: "a cache check whose code never stores into the cache",
      code: src(
        `export function bucket(name: string, existing: Record<string, aws.s3.Bucket>) {`,
        `  if (name in existing) return existing[name];`,
        `  return new aws.s3.Bucket(name);`,
        `}`,
      ),
      errors: [
        {
          messageId: "conditional",
          line: 5,
          column: 10,
          data: { resource: "aws.s3.Bucket(name)", condition: "name in existing", source: "the argument `name`" },
        },
      ],
    },
    {
      name: "a test outside a loop on something other than the list it iterates",
      code: src(
        `export function buckets(names: string[], enabled: boolean) {`,
        `  if (enabled) names.forEach((n) => new aws.s3.Bucket(n));`,
        `}`,
      ),
      errors: [
        {
          messageId: "conditional",
          line: 4,
          column: 37,
          data: { resource: "aws.s3.Bucket(n)", condition: "enabled", source: "the argument `enabled`" },
        },
      ],
    },
    {
      name: "a variable reassigned from an output of the resource it holds (no endless follow)",
      code: src(
        `export function subnet(name: string, args: { vpc?: pulumi.Input<string> | aws.ec2.Vpc }) {`,
        `  let vpc = args.vpc;`,
        `  if (vpc === undefined) vpc = new aws.ec2.Vpc(\`\${name}-vpc\`);`,
        `  if (vpc instanceof aws.ec2.Vpc) vpc = vpc.id;`,
        `  return new aws.ec2.Subnet(name, { vpcId: vpc });`,
        `}`,
      ),
      errors: [
        {
          messageId: "conditional",
          line: 5,
          column: 32,
          data: {
            resource: "aws.ec2.Vpc(`${name}-vpc`)",
            condition: "vpc === undefined",
            source: "the argument `args.vpc`",
          },
        },
      ],
    },
    {
      name: "another stack's output deciding creation in library code",
      code: src(
        `export async function logs(name: string) {`,
        `  const shared = new pulumi.StackReference("acme/shared/prod");`,
        `  const enabled = await shared.getOutputValue("logsEnabled");`,
        `  if (enabled) return new aws.s3.Bucket(name);`,
        `  return undefined;`,
        `}`,
      ),
      errors: [
        {
          messageId: "conditional",
          line: 6,
          column: 23,
          data: {
            resource: "aws.s3.Bucket(name)",
            condition: "enabled",
            source: "the live lookup `shared.getOutputValue`",
          },
        },
      ],
    },
    {
      name: "a continue guard in a loop",
      code: src(
        `export function store(names: { name: string; keep: boolean }[]) {`,
        `  for (const n of names) {`,
        `    if (!n.keep) continue;`,
        `    new aws.s3.Bucket(n.name);`,
        `  }`,
        `}`,
      ),
      errors: [
        {
          messageId: "conditional",
          line: 6,
          column: 5,
          data: { resource: "aws.s3.Bucket(n.name)", condition: "!n.keep", source: "the argument `names`" },
        },
      ],
    },
    {
      name: "config, process.env and the stack name",
      code: src(
        `export function store(name: string) {`,
        `  const cfg = new pulumi.Config();`,
        `  if (cfg.getBoolean("logs")) new aws.s3.Bucket(\`\${name}-a\`);`,
        `  if (process.env.LOGS) new aws.s3.Bucket(\`\${name}-b\`);`,
        `  if (pulumi.getStack() === "prod") new aws.s3.Bucket(\`\${name}-c\`);`,
        `}`,
      ),
      errors: [
        {
          messageId: "conditional",
          line: 5,
          column: 31,
          data: {
            resource: "aws.s3.Bucket(`${name}-a`)",
            condition: 'cfg.getBoolean("logs")',
            source: "the configuration `new pulumi.Config()`",
          },
        },
        {
          messageId: "conditional",
          line: 6,
          column: 25,
          data: {
            resource: "aws.s3.Bucket(`${name}-b`)",
            condition: "process.env.LOGS",
            source: "the configuration `process.env`",
          },
        },
        {
          messageId: "conditional",
          line: 7,
          column: 37,
          data: {
            resource: "aws.s3.Bucket(`${name}-c`)",
            condition: 'pulumi.getStack() === "prod"',
            source: "the configuration `pulumi.getStack()`",
          },
        },
      ],
    },
    {
      name: "a field of a component set from its arguments",
      code: src(
        `export class Store extends pulumi.ComponentResource {`,
        `  private readonly logs: boolean;`,
        `  constructor(name: string, args: { logs: boolean }, opts?: pulumi.ComponentResourceOptions) {`,
        `    super("acme:index:Store", name, {}, opts);`,
        `    this.logs = args.logs;`,
        `    if (this.logs) new aws.s3.Bucket(\`\${name}-logs\`, {}, { parent: this });`,
        `    this.registerOutputs({});`,
        `  }`,
        `}`,
      ),
      errors: [
        {
          messageId: "conditional",
          line: 8,
          column: 20,
          data: {
            resource: "aws.s3.Bucket(`${name}-logs`)",
            condition: "this.logs",
            source: "the argument `args.logs`",
          },
        },
      ],
    },
    {
      name: "a rehydration guard combined with an argument is still a condition",
      code: src(
        `export class Store extends pulumi.ComponentResource {`,
        `  constructor(name: string, args: { skip: boolean }, opts?: pulumi.ComponentResourceOptions) {`,
        `    super("acme:index:Store", name, {}, opts);`,
        `    if (opts?.urn || args.skip) return;`,
        `    new aws.s3.Bucket(\`\${name}-logs\`, {}, { parent: this });`,
        `    this.registerOutputs({});`,
        `  }`,
        `}`,
      ),
      errors: [
        {
          messageId: "conditional",
          line: 7,
          column: 5,
          data: {
            resource: "aws.s3.Bucket(`${name}-logs`)",
            condition: "opts?.urn || args.skip",
            source: "the argument `args.skip`",
          },
        },
      ],
    },
    {
      name: "a condition around a callback that creates",
      code: src(
        `export function store(names: string[], on: boolean) {`,
        `  if (on) names.forEach((n) => new aws.s3.Bucket(n));`,
        `}`,
      ),
      errors: [{ messageId: "conditional", line: 4, column: 32 }],
    },
    {
      name: "with programModules: entry, the top level of a module that is not the entry is library code",
      filename: PROGRAM_MODULE,
      settings: { stateguard: { programModules: "entry" } },
      code: src(`const cfg = new pulumi.Config();`, `if (cfg.getBoolean("logs")) new aws.s3.Bucket("logs");`),
      errors: [{ messageId: "conditional", line: 4, column: 29 }],
    },
    {
      name: "options with an explicitly undefined urn register the resource: still conditional",
      code: src(
        `export function logs(name: string, on: boolean) {`,
        `  if (on) new aws.s3.Bucket(name, {}, { urn: undefined });`,
        `}`,
      ),
      errors: [{ messageId: "conditional", line: 4, column: 11 }],
    },
    {
      name: "a function in the program entry that the program calls twice is library code",
      filename: PROGRAM_ENTRY,
      code: src(`function logs(on: boolean) { if (on) new aws.s3.Bucket("logs"); }`, `logs(true);`, `logs(false);`),
      errors: [{ messageId: "conditional", line: 3, column: 38 }],
    },
    {
      name: "a component class from another file, re-exported under another name",
      code: [
        `import { Component } from "./lib/index.js";`,
        `export function f(name: string, on: boolean) {`,
        `  if (on) new Component("acme:index:X", name);`,
        `}`,
      ].join("\n"),
      errors: [{ messageId: "conditional", line: 3, column: 11 }],
    },
    {
      name: "a resource class two subclasses deep, through a generic one",
      code: src(
        `class Typed<T> extends pulumi.CustomResource {`,
        `  constructor(name: string, props: T, opts?: pulumi.CustomResourceOptions) { super("acme:x:Typed", name, {}, opts); }`,
        `}`,
        `class Table extends Typed<{ key: string }> {}`,
        `export function table(name: string, on: boolean) { if (on) new Table(name, { key: "id" }); }`,
      ),
      errors: [
        {
          messageId: "conditional",
          line: 7,
          column: 60,
          data: { resource: "Table(name)", condition: "on", source: "the argument `on`" },
        },
      ],
    },
    {
      name: "loops over caller-supplied items, with loops on",
      options: [{ checkLoops: true }],
      code: src(
        `export function store(names: string[], args: { count: number }) {`,
        `  for (const n of names) new aws.s3.Bucket(n);`,
        `  for (let i = 0; i < args.count; i++) new aws.s3.Bucket(\`\${names[0]}-\${i}\`);`,
        `  names.map((n) => new aws.ec2.Vpc(n));`,
        `}`,
      ),
      errors: [
        {
          messageId: "loop",
          line: 4,
          column: 26,
          data: { resource: "aws.s3.Bucket(n)", condition: "names", source: "the argument `names`" },
        },
        {
          messageId: "loop",
          line: 5,
          column: 40,
          data: {
            resource: "aws.s3.Bucket(`${names[0]}-${i}`)",
            condition: "i < args.count",
            source: "the argument `args.count`",
          },
        },
        {
          messageId: "loop",
          line: 6,
          column: 20,
          data: { resource: "aws.ec2.Vpc(n)", condition: "names", source: "the argument `names`" },
        },
      ],
    },
  ],
});
