import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The 200-resource program the preview benchmark runs: a service fleet with a realistic share of stateful
 * resources (a quarter, all protected and with their provider-side deletion protection on, so the pack has
 * something to check and nothing to flag), cross-resource references (unknown during a first preview) and
 * components as parents.
 */

export const CUSTOM_RESOURCES = 200;
const STATEFUL_SHARE = 1 / 4;

interface Declaration {
  readonly variable: string;
  readonly type: string;
  /** TypeScript source of the resource's args object. */
  readonly args: string;
  /** Stateful resources are declared with `protect: true`, as stateguard wants them. */
  readonly stateful: boolean;
  /** Variable of the component this resource belongs to. */
  readonly parent?: string;
}

export interface GeneratedProgram {
  readonly dir: string;
  readonly customResources: number;
  readonly components: number;
  /** Resources the engine previews: custom resources, components and the stack. */
  readonly total: number;
}

const ROLE_POLICY = `JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] })`;

const role = (variable: string, parent?: string): Declaration => ({
  variable,
  type: "aws:iam/role:Role",
  args: `{ assumeRolePolicy: ${ROLE_POLICY} }`,
  stateful: false,
  ...(parent === undefined ? {} : { parent }),
});
const lambda = (variable: string, roleVariable: string, parent?: string): Declaration => ({
  variable,
  type: "aws:lambda/function:Function",
  args: `{ runtime: "nodejs22.x", handler: "index.handler", memorySize: 256, role: ${roleVariable}.id }`,
  stateful: false,
  ...(parent === undefined ? {} : { parent }),
});
const securityGroup = (variable: string, parent?: string): Declaration => ({
  variable,
  type: "aws:ec2/securityGroup:SecurityGroup",
  args: `{ description: "${variable} ingress", ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] }] }`,
  stateful: false,
  ...(parent === undefined ? {} : { parent }),
});
const stateful = (variable: string, type: string, args: string, parent?: string): Declaration => ({
  variable,
  type,
  args,
  stateful: true,
  ...(parent === undefined ? {} : { parent }),
});

/** Ten services, each a component holding its function, role, queue and security group. */
function services(count: number): { components: string[]; declarations: Declaration[] } {
  const components = Array.from({ length: count }, (_, i) => `service${i}`);
  const declarations = components.flatMap((svc) => [
    role(`${svc}Role`, svc),
    lambda(`${svc}Fn`, `${svc}Role`, svc),
    securityGroup(`${svc}Sg`, svc),
    stateful(`${svc}Queue`, "aws:sqs/queue:Queue", `{ visibilityTimeoutSeconds: 60 }`, svc),
  ]);
  return { components, declarations };
}

/** Top-level data stores (each database with its own security group) and a pool of stateless plumbing. */
function platform(): Declaration[] {
  const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
  return [
    ...range(10).flatMap((i) => [
      securityGroup(`dbSg${i}`),
      stateful(
        `db${i}`,
        "aws:rds/instance:Instance",
        `{ engine: "postgres", instanceClass: "db.t3.micro", allocatedStorage: 20, vpcSecurityGroupIds: [dbSg${i}.id], deletionProtection: true, skipFinalSnapshot: false, finalSnapshotIdentifier: "db-${i}-final" }`,
      ),
    ]),
    ...range(15).map((i) =>
      stateful(
        `table${i}`,
        "aws:dynamodb/table:Table",
        `{ hashKey: "id", billingMode: "PAY_PER_REQUEST", attributes: [{ name: "id", type: "S" }], deletionProtectionEnabled: true }`,
      ),
    ),
    ...range(15).map((i) => stateful(`bucket${i}`, "aws:s3/bucket:Bucket", `{ versioning: { enabled: true } }`)),
    ...range(40).flatMap((i) => [role(`jobRole${i}`), lambda(`job${i}`, `jobRole${i}`)]),
    ...range(30).map((i) => securityGroup(`edgeSg${i}`)),
  ];
}

function declarationSource(d: Declaration): string {
  const options = [
    ...(d.stateful ? ["protect: true"] : []),
    ...(d.parent === undefined ? [] : [`parent: ${d.parent}`]),
  ];
  const opts = options.length > 0 ? `, { ${options.join(", ")} }` : "";
  return `const ${d.variable} = new Resource("${d.type}", "${kebab(d.variable)}", ${d.args}${opts});`;
}

function kebab(identifier: string): string {
  return identifier.replace(/(?<=[a-z0-9])(?=[A-Z])|(?<=[a-z])(?=[0-9])/g, "-").toLowerCase();
}

function programSource(components: readonly string[], declarations: readonly Declaration[]): string {
  return [
    `import * as pulumi from "@pulumi/pulumi";`,
    ``,
    `// Resource classes by type token, as in test/programs/orders-db: the program runs offline against stand-in providers.`,
    `class Resource extends pulumi.CustomResource {}`,
    `class Service extends pulumi.ComponentResource {`,
    `  constructor(name: string) {`,
    `    super("bench:index:Service", name);`,
    `  }`,
    `}`,
    ``,
    ...components.map((c) => `const ${c} = new Service("${kebab(c)}");`),
    ``,
    ...declarations.map(declarationSource),
    ``,
  ].join("\n");
}

const PROJECT_FILES: Record<string, string> = {
  "Pulumi.yaml": [
    "name: bench-200",
    "runtime:",
    "  name: nodejs",
    "  options:",
    "    typescript: true",
    "description: stateguard's preview benchmark, 200 resources",
    "",
  ].join("\n"),
  "package.json": `${JSON.stringify({ name: "bench-200", private: true, main: "index.ts", dependencies: { "@pulumi/pulumi": "*" } }, null, 2)}\n`,
  "tsconfig.json": `${JSON.stringify(
    {
      compilerOptions: {
        strict: true,
        target: "ES2022",
        module: "node16",
        moduleResolution: "node16",
        ignoreDeprecations: "6.0",
        skipLibCheck: true,
        types: ["node"],
      },
      files: ["index.ts"],
    },
    null,
    2,
  )}\n`,
};

/** Writes the program into `dir` (created if needed); fails if the mix drifted from 200 resources, 1/4 stateful. */
export function writeBenchProgram(dir: string): GeneratedProgram {
  const { components, declarations: serviceResources } = services(10);
  const declarations = [...serviceResources, ...platform()];
  const statefulCount = declarations.filter((d) => d.stateful).length;
  if (declarations.length !== CUSTOM_RESOURCES || statefulCount !== CUSTOM_RESOURCES * STATEFUL_SHARE) {
    throw new Error(
      `generated ${declarations.length} resources (${statefulCount} stateful); expected 200 (50 stateful)`,
    );
  }
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(PROJECT_FILES)) writeFileSync(join(dir, file), content);
  writeFileSync(join(dir, "index.ts"), programSource(components, declarations));
  return {
    dir,
    customResources: declarations.length,
    components: components.length,
    total: declarations.length + components.length + 1,
  };
}
