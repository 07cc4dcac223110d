import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { cacheRoot, ensureMonorepoSdks, type SdkInstall } from "./monorepo-sdks.js";

/**
 * A generated Pulumi monorepo in TypeScript, the size of a large platform team's: several Pulumi projects (each a
 * Pulumi.yaml, a tsconfig.json and an index.ts calling its areas' modules) over one shared component library
 * (`@acme/platform`, mapped by tsconfig `paths`). The library has ComponentResource classes that parent their
 * children with `{ parent: this }`, a base class and subclasses, components nesting components, helper factories,
 * loops over literal arrays, re-exports through index files (deprecated aliases included) and values read from
 * configuration. Resources come from `@pulumi/aws` and `@pulumi/random`.
 *
 * Everything is drawn from a seeded generator, so the same parameters give the same bytes on every machine. Two
 * revisions are produced: the base, and a refactoring of it (resources renamed, moved under a component, a
 * stateful resource dropped, module files moved), some of it with `aliases` and some without, for `urn-diff`.
 */

export interface MonorepoParams {
  readonly seed: number;
  readonly projects: number;
  readonly modulesPerProject: number;
  readonly componentsPerDomain: number;
}

export const DEFAULT_PARAMS: MonorepoParams = {
  seed: 20261122,
  projects: 8,
  modulesPerProject: 240,
  componentsPerDomain: 14,
};

/** Bump when the generated code changes: cached trees of another version are not reused. */
export const GENERATOR_VERSION = 4;

export const LIBRARY_DIR = "packages/platform";
export const BASE_TAG = "bench-base";

/** How many of each refactoring the head revision makes, over the whole monorepo. */
export const REFACTOR = {
  renamedWithAlias: 24,
  renamedWithoutAlias: 24,
  movedWithAlias: 16,
  movedWithoutAlias: 8,
  statefulRemoved: 4,
  filesMoved: 60,
} as const;

export interface MonorepoCounts {
  /** Every `.ts` file of the tree. */
  readonly tsFiles: number;
  readonly libraryFiles: number;
  /** Lines of all `.ts` files. */
  readonly lines: number;
  /** `new` expressions of resources in the source. */
  readonly resourceSites: number;
  /**
   * Resources the projects' programs register (components, children of every instance, one per loop element and
   * per call of a factory, both branches of a condition), summed over projects. The analyzer should predict them.
   */
  readonly registrations: number;
  /** Of those, with a name that depends on configuration (the analyzer lists them as unresolved). */
  readonly configNamed: number;
  /** Registrations per project, at the base revision and in the head revision (stateful resources removed). */
  readonly perProject: Readonly<Record<string, number>>;
  readonly perProjectHead: Readonly<Record<string, number>>;
  /** What `urn-diff --base bench-base` should find in each project, from the refactoring the head makes there. */
  readonly expectedFindings: Readonly<Record<string, ExpectedFindings>>;
}

/**
 * The findings the refactoring of one project asks for: a rename or a move without an alias is one finding (a
 * renamed component's children follow its alias); a removed stateful resource one; and at least one URN_ALIASED per
 * renamed or moved resource carrying its alias, per instance of the library component whose child is renamed with
 * an alias, and per child of a component renamed with its alias.
 */
export interface ExpectedFindings {
  readonly URN_RENAMED: number;
  readonly URN_MOVED: number;
  readonly STATEFUL_REMOVED: number;
  /** Exactly: every resource whose URN the aliases keep. */
  readonly URN_ALIASED: number;
}

export interface GeneratedFiles {
  /** Path (with `/`) -> content, for the base revision and the head revision. */
  readonly base: ReadonlyMap<string, string>;
  readonly head: ReadonlyMap<string, string>;
  readonly projects: readonly string[];
  /** Counts of the base revision (perProjectHead aside). */
  readonly counts: MonorepoCounts;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }
  /** `n` distinct items, in a random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  }
}

const pascal = (s: string): string => s.replace(/(^|-)([a-z0-9])/g, (_, __: string, c: string) => c.toUpperCase());
const camel = (s: string): string => {
  const p = pascal(s);
  return p.charAt(0).toLowerCase() + p.slice(1);
};
const kebab = (s: string): string => s.replace(/(?<=[a-z0-9])(?=[A-Z])/g, "-").toLowerCase();

/** Where a resource is written: inside a component's constructor, or in a project's module function. */
type Site = "component" | "module";

/** What the TypeScript source of a resource's args may refer to. */
interface Refs {
  readonly site: Site;
  /** The variable holding the sibling resource of a kind the resource needs. */
  sibling(kind: string): string;
  /** The inner text of a template literal that evaluates to the resource's logical name. */
  readonly nameText: string;
  readonly vpcId: string;
  readonly subnetIds: string;
  readonly cidr: string;
  readonly zoneId: string;
  readonly tags: string;
  readonly settings: string;
}

/** One kind of provider resource the generator writes, with the siblings it refers to. */
interface Kind {
  readonly id: string;
  readonly cls: string;
  /** Suffix of the logical name (`${name}-<suffix>`). */
  readonly suffix: string;
  readonly stateful: boolean;
  readonly needs: readonly string[];
  /** Several registrations from one `new`: a loop over these literal values. */
  readonly loop?: readonly string[];
  args(r: Refs): string;
}

const LAMBDA_TRUST = `JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] })`;
const ECS_TRUST = `JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] })`;

const KINDS: readonly Kind[] = [
  {
    id: "kmsKey",
    cls: "aws.kms.Key",
    suffix: "key",
    stateful: true,
    needs: [],
    args: (r) =>
      `{ description: \`${r.nameText} data key\`, deletionWindowInDays: 30, enableKeyRotation: true, tags: ${r.tags} }`,
  },
  {
    id: "kmsAlias",
    cls: "aws.kms.Alias",
    suffix: "key-alias",
    stateful: false,
    needs: ["kmsKey"],
    args: (r) => `{ name: \`alias/${r.nameText}\`, targetKeyId: ${r.sibling("kmsKey")}.keyId }`,
  },
  {
    id: "bucket",
    cls: "aws.s3.Bucket",
    suffix: "bucket",
    stateful: true,
    needs: [],
    args: (r) => `{ forceDestroy: false, tags: { ...${r.tags}, "data-class": "internal" } }`,
  },
  {
    id: "bucketVersioning",
    cls: "aws.s3.BucketVersioning",
    suffix: "versioning",
    stateful: false,
    needs: ["bucket"],
    args: (r) => `{ bucket: ${r.sibling("bucket")}.id, versioningConfiguration: { status: "Enabled" } }`,
  },
  {
    id: "bucketPublicAccessBlock",
    cls: "aws.s3.BucketPublicAccessBlock",
    suffix: "public-access",
    stateful: false,
    needs: ["bucket"],
    args: (r) =>
      `{\n  bucket: ${r.sibling("bucket")}.id,\n  blockPublicAcls: true,\n  blockPublicPolicy: true,\n  ignorePublicAcls: true,\n  restrictPublicBuckets: true,\n}`,
  },
  {
    id: "bucketEncryption",
    cls: "aws.s3.BucketServerSideEncryptionConfiguration",
    suffix: "encryption",
    stateful: false,
    needs: ["bucket", "kmsKey"],
    args: (r) =>
      `{\n  bucket: ${r.sibling("bucket")}.id,\n  rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: ${r.sibling("kmsKey")}.arn }, bucketKeyEnabled: true }],\n}`,
  },
  {
    id: "table",
    cls: "aws.dynamodb.Table",
    suffix: "table",
    stateful: true,
    needs: [],
    args: (r) =>
      `{\n  billingMode: "PAY_PER_REQUEST",\n  hashKey: "pk",\n  rangeKey: "sk",\n  attributes: [\n    { name: "pk", type: "S" },\n    { name: "sk", type: "S" },\n  ],\n  pointInTimeRecovery: { enabled: true },\n  deletionProtectionEnabled: true,\n  tags: ${r.tags},\n}`,
  },
  {
    id: "queue",
    cls: "aws.sqs.Queue",
    suffix: "queue",
    stateful: true,
    needs: [],
    args: (r) =>
      `{ visibilityTimeoutSeconds: ${r.settings}.queueVisibilitySeconds, messageRetentionSeconds: 345600, sqsManagedSseEnabled: true, tags: ${r.tags} }`,
  },
  {
    id: "topic",
    cls: "aws.sns.Topic",
    suffix: "topic",
    stateful: false,
    needs: [],
    args: (r) => `{ displayName: \`${r.nameText}\`, tags: ${r.tags} }`,
  },
  {
    id: "subscription",
    cls: "aws.sns.TopicSubscription",
    suffix: "subscription",
    stateful: false,
    needs: ["topic", "queue"],
    args: (r) => `{ topic: ${r.sibling("topic")}.arn, protocol: "sqs", endpoint: ${r.sibling("queue")}.arn }`,
  },
  {
    id: "role",
    cls: "aws.iam.Role",
    suffix: "role",
    stateful: false,
    needs: [],
    args: (r) => `{ assumeRolePolicy: ${LAMBDA_TRUST}, tags: ${r.tags} }`,
  },
  {
    id: "rolePolicy",
    cls: "aws.iam.RolePolicy",
    suffix: "policy",
    stateful: false,
    needs: ["role"],
    loop: ["read", "write"],
    args: (r) =>
      `{\n  role: ${r.sibling("role")}.id,\n  policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: access === "read" ? ["s3:GetObject"] : ["s3:PutObject"], Resource: "*" }] }),\n}`,
  },
  {
    id: "roleAttachment",
    cls: "aws.iam.RolePolicyAttachment",
    suffix: "basic-execution",
    stateful: false,
    needs: ["role"],
    args: (r) =>
      `{ role: ${r.sibling("role")}.name, policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" }`,
  },
  {
    id: "logGroup",
    cls: "aws.cloudwatch.LogGroup",
    suffix: "logs",
    stateful: false,
    needs: [],
    args: (r) => `{ retentionInDays: ${r.settings}.logRetentionDays, tags: ${r.tags} }`,
  },
  {
    id: "function",
    cls: "aws.lambda.Function",
    suffix: "handler",
    stateful: false,
    needs: ["role"],
    args: (r) =>
      `{\n  role: ${r.sibling("role")}.arn,\n  runtime: "nodejs22.x",\n  handler: "index.handler",\n  memorySize: ${r.settings}.lambdaMemoryMb,\n  timeout: 30,\n  code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200 });") }),\n  environment: { variables: { STAGE: ${r.settings}.stage } },\n  tags: ${r.tags},\n}`,
  },
  {
    id: "eventSource",
    cls: "aws.lambda.EventSourceMapping",
    suffix: "trigger",
    stateful: false,
    needs: ["function", "queue"],
    args: (r) =>
      `{ functionName: ${r.sibling("function")}.arn, eventSourceArn: ${r.sibling("queue")}.arn, batchSize: 10 }`,
  },
  {
    id: "securityGroup",
    cls: "aws.ec2.SecurityGroup",
    suffix: "sg",
    stateful: false,
    needs: [],
    args: (r) =>
      `{\n  vpcId: ${r.vpcId},\n  description: \`${r.nameText} ingress\`,\n  ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [${r.cidr}] }],\n  egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],\n  tags: ${r.tags},\n}`,
  },
  {
    id: "subnet",
    cls: "aws.ec2.Subnet",
    suffix: "subnet",
    stateful: false,
    needs: [],
    loop: ["a", "b", "c"],
    args: (r) =>
      `{ vpcId: ${r.vpcId}, cidrBlock: \`10.\${index}.0.0/20\`, availabilityZone: \`eu-west-1\${zone}\`, tags: ${r.tags} }`,
  },
  {
    id: "routeTable",
    cls: "aws.ec2.RouteTable",
    suffix: "routes",
    stateful: false,
    needs: [],
    args: (r) => `{ vpcId: ${r.vpcId}, tags: ${r.tags} }`,
  },
  {
    id: "dbSubnetGroup",
    cls: "aws.rds.SubnetGroup",
    suffix: "db-subnets",
    stateful: false,
    needs: [],
    args: (r) => `{ subnetIds: ${r.subnetIds}, tags: ${r.tags} }`,
  },
  {
    id: "database",
    cls: "aws.rds.Instance",
    suffix: "db",
    stateful: true,
    needs: ["dbSubnetGroup", "securityGroup", "kmsKey"],
    args: (r) =>
      `{\n  engine: "postgres",\n  engineVersion: "16.4",\n  instanceClass: ${r.settings}.dbInstanceClass,\n  allocatedStorage: 50,\n  dbSubnetGroupName: ${r.sibling("dbSubnetGroup")}.name,\n  vpcSecurityGroupIds: [${r.sibling("securityGroup")}.id],\n  storageEncrypted: true,\n  kmsKeyId: ${r.sibling("kmsKey")}.arn,\n  username: "app",\n  manageMasterUserPassword: true,\n  deletionProtection: true,\n  skipFinalSnapshot: false,\n  finalSnapshotIdentifier: \`${r.nameText}-final\`,\n  tags: ${r.tags},\n}`,
  },
  {
    id: "cacheSubnetGroup",
    cls: "aws.elasticache.SubnetGroup",
    suffix: "cache-subnets",
    stateful: false,
    needs: [],
    args: (r) => `{ subnetIds: ${r.subnetIds}, tags: ${r.tags} }`,
  },
  {
    id: "cache",
    cls: "aws.elasticache.ReplicationGroup",
    suffix: "cache",
    stateful: true,
    needs: ["cacheSubnetGroup", "securityGroup"],
    args: (r) =>
      `{\n  description: \`${r.nameText} cache\`,\n  engine: "redis",\n  nodeType: "cache.t4g.small",\n  numCacheClusters: 2,\n  subnetGroupName: ${r.sibling("cacheSubnetGroup")}.name,\n  securityGroupIds: [${r.sibling("securityGroup")}.id],\n  atRestEncryptionEnabled: true,\n  transitEncryptionEnabled: true,\n  tags: ${r.tags},\n}`,
  },
  {
    id: "fileSystem",
    cls: "aws.efs.FileSystem",
    suffix: "files",
    stateful: true,
    needs: ["kmsKey"],
    args: (r) => `{ encrypted: true, kmsKeyId: ${r.sibling("kmsKey")}.arn, tags: ${r.tags} }`,
  },
  {
    id: "secret",
    cls: "aws.secretsmanager.Secret",
    suffix: "secret",
    stateful: true,
    needs: ["kmsKey"],
    args: (r) =>
      `{ description: \`${r.nameText} credentials\`, kmsKeyId: ${r.sibling("kmsKey")}.arn, recoveryWindowInDays: 30, tags: ${r.tags} }`,
  },
  {
    id: "password",
    cls: "random.RandomPassword",
    suffix: "password",
    stateful: false,
    needs: [],
    args: () => `{ length: 32, special: true, overrideSpecial: "_%@" }`,
  },
  {
    id: "secretVersion",
    cls: "aws.secretsmanager.SecretVersion",
    suffix: "secret-value",
    stateful: false,
    needs: ["secret", "password"],
    args: (r) => `{ secretId: ${r.sibling("secret")}.id, secretString: ${r.sibling("password")}.result }`,
  },
  {
    id: "repository",
    cls: "aws.ecr.Repository",
    suffix: "images",
    stateful: true,
    needs: [],
    args: (r) =>
      `{ imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true }, tags: ${r.tags} }`,
  },
  {
    id: "cluster",
    cls: "aws.ecs.Cluster",
    suffix: "cluster",
    stateful: false,
    needs: [],
    args: (r) => `{ settings: [{ name: "containerInsights", value: "enabled" }], tags: ${r.tags} }`,
  },
  {
    id: "taskRole",
    cls: "aws.iam.Role",
    suffix: "task-role",
    stateful: false,
    needs: [],
    args: (r) => `{ assumeRolePolicy: ${ECS_TRUST}, tags: ${r.tags} }`,
  },
  {
    id: "taskDefinition",
    cls: "aws.ecs.TaskDefinition",
    suffix: "task",
    stateful: false,
    needs: ["taskRole"],
    args: (r) =>
      `{\n  family: \`${r.nameText}\`,\n  cpu: "256",\n  memory: "512",\n  networkMode: "awsvpc",\n  requiresCompatibilities: ["FARGATE"],\n  executionRoleArn: ${r.sibling("taskRole")}.arn,\n  containerDefinitions: JSON.stringify([{ name: "app", image: "public.ecr.aws/nginx/nginx:1.27", essential: true, portMappings: [{ containerPort: 8080 }] }]),\n  tags: ${r.tags},\n}`,
  },
  {
    id: "service",
    cls: "aws.ecs.Service",
    suffix: "service",
    stateful: false,
    needs: ["cluster", "taskDefinition", "securityGroup"],
    args: (r) =>
      `{\n  cluster: ${r.sibling("cluster")}.arn,\n  taskDefinition: ${r.sibling("taskDefinition")}.arn,\n  desiredCount: ${r.settings}.replicas,\n  launchType: "FARGATE",\n  networkConfiguration: { subnets: ${r.subnetIds}, securityGroups: [${r.sibling("securityGroup")}.id] },\n  tags: ${r.tags},\n}`,
  },
  {
    id: "alarm",
    cls: "aws.cloudwatch.MetricAlarm",
    suffix: "errors",
    stateful: false,
    needs: ["topic"],
    args: (r) =>
      `{\n  comparisonOperator: "GreaterThanThreshold",\n  evaluationPeriods: 2,\n  metricName: "Errors",\n  namespace: "AWS/Lambda",\n  period: 300,\n  statistic: "Sum",\n  threshold: 5,\n  alarmActions: [${r.sibling("topic")}.arn],\n  tags: ${r.tags},\n}`,
  },
  {
    id: "record",
    cls: "aws.route53.Record",
    suffix: "dns",
    stateful: false,
    needs: [],
    args: (r) =>
      `{ zoneId: ${r.zoneId}, name: \`${r.nameText}.internal.example.com\`, type: "CNAME", ttl: 300, records: ["origin.example.com"] }`,
  },
];

const KIND = new Map(KINDS.map((k) => [k.id, k]));
function kind(id: string): Kind {
  const k = KIND.get(id);
  if (!k) throw new Error(`unknown kind ${id}`);
  return k;
}

/** The kinds a library domain builds its components from; prerequisites are added as needed. */
const DOMAINS: readonly {
  readonly name: string;
  readonly nouns: readonly string[];
  readonly kinds: readonly string[];
}[] = [
  {
    name: "network",
    nouns: ["Segment", "Perimeter", "Gateway", "Mesh", "Zone", "Tier", "Lane", "Fabric"],
    kinds: ["subnet", "securityGroup", "routeTable", "record"],
  },
  {
    name: "data",
    nouns: ["Store", "Ledger", "Catalog", "Warehouse", "Journal", "Archive", "Registry", "Vault"],
    kinds: ["database", "table", "kmsAlias", "secretVersion", "cache", "securityGroup"],
  },
  {
    name: "storage",
    nouns: ["Bucket", "Drive", "Share", "Depot", "Locker", "Shelf", "Repo", "Cellar"],
    kinds: ["bucketVersioning", "bucketPublicAccessBlock", "bucketEncryption", "fileSystem", "kmsAlias"],
  },
  {
    name: "messaging",
    nouns: ["Channel", "Inbox", "Stream", "Relay", "Bus", "Feed", "Mailbox", "Pipe"],
    kinds: ["queue", "subscription", "topic", "alarm"],
  },
  {
    name: "compute",
    nouns: ["Worker", "Function", "Job", "Handler", "Cron", "Runner", "Processor", "Task"],
    kinds: ["function", "rolePolicy", "roleAttachment", "logGroup", "eventSource", "alarm"],
  },
  {
    name: "containers",
    nouns: ["Service", "Deployment", "Fleet", "App", "Daemon", "Sidecar", "Pod", "Unit"],
    kinds: ["service", "repository", "logGroup", "record"],
  },
  {
    name: "observability",
    nouns: ["Monitor", "Dashboard", "Probe", "Tracer", "Watch", "Beacon", "Sentinel", "Pager"],
    kinds: ["alarm", "logGroup", "topic", "subscription"],
  },
  {
    name: "security",
    nouns: ["Keyring", "Boundary", "Guard", "Shield", "Badge", "Seal", "Warden", "Lock"],
    kinds: ["kmsAlias", "rolePolicy", "secretVersion", "securityGroup", "roleAttachment"],
  },
  {
    name: "dns",
    nouns: ["Domain", "Endpoint", "Alias", "Route", "Record", "Name", "Host", "Entry"],
    kinds: ["record", "securityGroup"],
  },
  {
    name: "identity",
    nouns: ["Principal", "Account", "Access", "Login", "Credential", "Token", "Session", "Grant"],
    kinds: ["rolePolicy", "roleAttachment", "secretVersion", "table"],
  },
  {
    name: "analytics",
    nouns: ["Pipeline", "Lake", "Report", "Metric", "Funnel", "Insight", "Cube", "Sink"],
    kinds: ["bucketVersioning", "table", "function", "eventSource", "logGroup"],
  },
  {
    name: "edge",
    nouns: ["Origin", "Cache", "Front", "Portal", "Door", "Entrance", "Border", "Edge"],
    kinds: ["bucketPublicAccessBlock", "record", "securityGroup", "logGroup"],
  },
];

const AREAS = [
  "orders",
  "billing",
  "catalog",
  "search",
  "payments",
  "shipping",
  "inventory",
  "accounts",
  "notifications",
  "reporting",
  "media",
  "pricing",
] as const;
const MODULE_NOUNS = [
  "api",
  "worker",
  "scheduler",
  "ingest",
  "export",
  "audit",
  "sync",
  "backfill",
  "webhooks",
  "gateway",
  "cache",
  "indexer",
  "mailer",
  "reconciler",
  "importer",
  "archiver",
  "reader",
  "writer",
  "router",
  "notifier",
];
const PROJECT_NAMES = [
  "platform-core",
  "commerce",
  "fulfilment",
  "customer",
  "data-platform",
  "growth",
  "internal-tools",
  "partner-api",
  "marketplace",
  "logistics",
  "finance",
  "support",
];

/** A provider resource a component or module creates. */
interface Child {
  readonly kind: Kind;
  readonly variable: string;
  /** 0: template literal, 1: the library's childName helper, 2: `+` concatenation (components only). */
  readonly nameStyle: 0 | 1 | 2;
  readonly protect: boolean;
}

interface FactoryUse {
  readonly factory: Factory;
  readonly suffix: string;
}

interface Component {
  readonly domain: string;
  readonly className: string;
  /** File name without extension, under src/<domain>/. */
  readonly file: string;
  readonly token: string;
  readonly base?: Component;
  readonly children: readonly Child[];
  readonly nested: readonly { readonly component: Component; readonly suffix: string }[];
  readonly factories: readonly FactoryUse[];
  /** A deprecated second name re-exported by the domain's index. */
  readonly deprecatedAlias?: string;
  /** Resources one instance registers, itself included. */
  readonly registrations: number;
}

interface Factory {
  readonly name: string;
  readonly registrations: number;
  readonly source: string;
}

const FACTORIES: readonly Factory[] = [
  {
    name: "queueWithDeadLetter",
    registrations: 2,
    source: `/** A queue and its dead-letter queue, both protected: messages in flight are data. */
export function queueWithDeadLetter(
  name: string,
  parent: pulumi.Resource,
  tags: Record<string, string>,
): { queue: aws.sqs.Queue; deadLetter: aws.sqs.Queue } {
  const deadLetter = new aws.sqs.Queue(\`\${name}-dlq\`, { messageRetentionSeconds: 1209600, tags }, { parent, protect: true });
  const queue = new aws.sqs.Queue(
    name,
    {
      visibilityTimeoutSeconds: settings.queueVisibilitySeconds,
      redrivePolicy: deadLetter.arn.apply((arn) => JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 5 })),
      tags,
    },
    { parent, protect: true },
  );
  return { queue, deadLetter };
}`,
  },
  {
    name: "lambdaWithRole",
    registrations: 3,
    source: `/** A function with its own execution role and the basic execution policy. */
export function lambdaWithRole(name: string, parent: pulumi.Resource, tags: Record<string, string>): aws.lambda.Function {
  const role = new aws.iam.Role(\`\${name}-role\`, { assumeRolePolicy: LAMBDA_TRUST, tags }, { parent });
  new aws.iam.RolePolicyAttachment(
    \`\${name}-basic\`,
    { role: role.name, policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" },
    { parent },
  );
  return new aws.lambda.Function(
    name,
    {
      role: role.arn,
      runtime: "nodejs22.x",
      handler: "index.handler",
      memorySize: settings.lambdaMemoryMb,
      code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => null;") }),
      tags,
    },
    { parent },
  );
}`,
  },
  {
    name: "privateBucket",
    registrations: 3,
    source: `/** A versioned bucket with every kind of public access blocked. */
export function privateBucket(name: string, parent: pulumi.Resource, tags: Record<string, string>): aws.s3.Bucket {
  const bucket = new aws.s3.Bucket(name, { forceDestroy: false, tags }, { parent, protect: true });
  new aws.s3.BucketVersioning(\`\${name}-versioning\`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, { parent });
  new aws.s3.BucketPublicAccessBlock(
    \`\${name}-public-access\`,
    { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
    { parent },
  );
  return bucket;
}`,
  },
  {
    name: "errorAlarm",
    registrations: 1,
    source: `/** An alarm on the errors of the function named like the alarm, sent to the platform's paging topic. */
export function errorAlarm(name: string, parent: pulumi.Resource, tags: Record<string, string>): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(
    \`\${name}-errors\`,
    {
      comparisonOperator: "GreaterThanThreshold",
      evaluationPeriods: 2,
      metricName: "Errors",
      namespace: "AWS/Lambda",
      period: 300,
      statistic: "Sum",
      threshold: settings.errorThreshold,
      dimensions: { FunctionName: name },
      tags,
    },
    { parent },
  );
}`,
  },
];

/** Adds the siblings a list of kinds needs, prerequisites first; each kind once. */
function closeOver(kindIds: readonly string[]): Kind[] {
  const out: Kind[] = [];
  const seen = new Set<string>();
  const add = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const k = kind(id);
    for (const need of k.needs) add(need);
    out.push(k);
  };
  for (const id of kindIds) add(id);
  return out;
}

function registrationsOf(children: readonly Child[]): number {
  return children.reduce((n, c) => n + (c.kind.loop?.length ?? 1), 0);
}

function makeChildren(rng: Random, kinds: readonly Kind[], site: Site): Child[] {
  const used = new Map<string, number>();
  return kinds.map((k) => {
    const n = used.get(k.id) ?? 0;
    used.set(k.id, n + 1);
    const style = site === "module" ? 0 : rng.chance(0.6) ? 0 : rng.chance(0.5) ? 1 : 2;
    return {
      kind: k,
      variable: n === 0 ? camel(k.suffix) : `${camel(k.suffix)}${n + 1}`,
      nameStyle: style,
      // Stateful resources are protected, as stateguard wants; about one in twenty was forgotten.
      protect: k.stateful && !rng.chance(0.05),
    };
  });
}

function designLibrary(rng: Random, componentsPerDomain: number): Component[] {
  const all: Component[] = [];
  for (const domain of DOMAINS) {
    const inDomain: Component[] = [];
    const nouns = rng.sample(
      domain.nouns.flatMap((noun) => ["", "Managed", "Regional", "Shared"].map((p) => `${p}${noun}`)),
      componentsPerDomain,
    );
    for (const [i, noun] of nouns.entries()) {
      const className = `${pascal(domain.name)}${noun}`;
      const picked = i >= 3 && rng.chance(0.25) ? rng.pick(inDomain.filter((c) => c.base === undefined)) : undefined;
      // A subclass adds children of other kinds than its base's: the same kind would register the same name (and
      // so the same URN) twice. Its children cannot refer to the base's either, so their prerequisites must be new.
      const inherited = new Set(picked?.children.map((c) => c.kind.id));
      const addable = domain.kinds.filter((k) => closeOver([k]).every((x) => !inherited.has(x.id)));
      const base = addable.length > 0 ? picked : undefined;
      const own = base
        ? rng.sample(addable, rng.int(1, Math.min(2, addable.length)))
        : rng.sample(domain.kinds, rng.int(2, Math.min(4, domain.kinds.length)));
      const children = makeChildren(rng, closeOver(own), "component");
      const earlier = all.filter((c) => c.registrations <= 14);
      const nested =
        !base && earlier.length > 0 && rng.chance(0.2)
          ? [{ component: rng.pick(earlier), suffix: rng.pick(["audit", "logs", "alerts", "backup", "edge"]) }]
          : [];
      const factories =
        !base && rng.chance(0.35)
          ? [{ factory: rng.pick(FACTORIES), suffix: rng.pick(["events", "jobs", "hooks"]) }]
          : [];
      const registrations =
        (base ? base.registrations : 1) +
        registrationsOf(children) +
        nested.reduce((n, x) => n + x.component.registrations, 0) +
        factories.reduce((n, f) => n + f.factory.registrations, 0);
      const component: Component = {
        domain: domain.name,
        className,
        file: kebab(noun),
        token: base ? base.token : `acme:${domain.name}:${noun}`,
        ...(base ? { base } : {}),
        children,
        nested,
        factories,
        ...(rng.chance(0.15) ? { deprecatedAlias: `Legacy${className}` } : {}),
        registrations,
      };
      inDomain.push(component);
      all.push(component);
    }
  }
  return all;
}

function nameExpression(child: Child, site: Site, prefix: string, extra = ""): string {
  const suffix = `${child.kind.suffix}${extra}`;
  if (site === "module")
    return `${prefix}${extra}`.includes("${") ? `\`${prefix}-${suffix}\`` : `"${prefix}-${suffix}"`;
  switch (child.nameStyle) {
    case 1:
      return extra.includes("${") ? `childName(name, \`${suffix}\`)` : `childName(name, "${suffix}")`;
    case 2:
      return extra.includes("${") ? `\`\${name}-${suffix}\`` : `name + "-${suffix}"`;
    default:
      return `\`\${name}-${suffix}\``;
  }
}

function indent(text: string, by: string): string {
  return text
    .split("\n")
    .map((l) => (l === "" ? l : by + l))
    .join("\n");
}

/** The statements creating `children`, with `opts` as their options object's source. */
function childStatements(
  children: readonly Child[],
  site: Site,
  prefixOf: (child: Child) => string,
  refs: Omit<Refs, "sibling" | "nameText" | "site">,
  opts: (child: Child) => string,
  renamed?: ReadonlyMap<string, string>,
): string[] {
  const vars = new Map<string, string>();
  const out: string[] = [];
  for (const child of children) {
    const suffixOverride = renamed?.get(child.variable);
    const c = suffixOverride ? { ...child, kind: { ...child.kind, suffix: suffixOverride } } : child;
    const prefix = prefixOf(child);
    const nameText = site === "component" ? `\${name}-${c.kind.suffix}` : `${prefix}-${c.kind.suffix}`;
    const r: Refs = {
      ...refs,
      site,
      nameText,
      sibling: (id) => {
        const v = vars.get(id);
        if (!v) throw new Error(`${child.kind.id} needs ${id} before it`);
        return v;
      },
    };
    const options = opts(c);
    if (c.kind.id === "subnet") {
      const name = nameExpression(c, site, prefix, "-${zone}");
      out.push(
        `const ${c.variable} = (["a", "b", "c"] as const).map(\n  (zone, index) => new ${c.kind.cls}(${name}, ${c.kind.args({ ...r, nameText: `${nameText}-\${zone}` })}, ${options}),\n);`,
      );
    } else if (c.kind.loop) {
      const name = nameExpression(c, site, prefix, "-${access}");
      out.push(
        `for (const access of ${JSON.stringify(c.kind.loop)}) {\n${indent(`new ${c.kind.cls}(${name}, ${c.kind.args({ ...r, nameText: `${nameText}-\${access}` })}, ${options});`, "  ")}\n}`,
      );
    } else {
      out.push(
        `const ${c.variable} = new ${c.kind.cls}(${nameExpression(c, site, prefix)}, ${c.kind.args(r)}, ${options});`,
      );
    }
    vars.set(c.kind.id, c.variable);
  }
  return out;
}

const COMPONENT_REFS = {
  vpcId: "args.network.vpcId",
  subnetIds: "args.network.subnetIds",
  cidr: "args.network.cidr",
  zoneId: "args.zoneId",
  tags: "this.tags",
  settings: "settings",
};

/** What the head revision changes in the library: one child's name, with an alias keeping the old URN. */
interface LibraryRename {
  readonly component: Component;
  readonly variable: string;
  readonly newSuffix: string;
}

function componentSource(c: Component, rename?: LibraryRename): string {
  const usesPulumiAsset = c.children.some((ch) => ch.kind.id === "function");
  const providers = [...new Set(c.children.map((ch) => ch.kind.cls.split(".")[0]!))].sort();
  const renamed = rename?.component === c ? new Map([[rename.variable, rename.newSuffix]]) : new Map<string, string>();
  const statements = childStatements(
    c.children,
    "component",
    () => "",
    COMPONENT_REFS,
    (child) => {
      const parts = ["parent: this"];
      if (child.protect) parts.push("protect: true");
      // `child` carries the new suffix (childStatements passes the renamed child): the alias names the old one.
      const old =
        rename?.component === c && rename.variable === child.variable
          ? c.children.find((ch) => ch.variable === child.variable)!.kind.suffix
          : undefined;
      if (old) parts.push(`aliases: [{ name: \`\${name}-${old}\` }]`);
      return `{ ${parts.join(", ")} }`;
    },
    renamed,
  );
  for (const n of c.nested) {
    statements.push(`new ${n.component.className}(\`\${name}-${n.suffix}\`, args, { parent: this });`);
  }
  for (const f of c.factories) {
    statements.push(`${f.factory.name}(\`\${name}-${f.suffix}\`, this, this.tags);`);
  }
  const outputs = c.children
    .filter((ch) => !ch.kind.loop && ch.kind.id !== "password")
    .slice(0, 3)
    .map((ch) => `${ch.variable}Id: ${ch.variable}.id`);
  const imports = [
    ...(usesPulumiAsset || !c.base ? [`import * as pulumi from "@pulumi/pulumi";`] : []),
    ...providers.map((p) => `import * as ${p} from "@pulumi/${p}";`),
    c.base
      ? `import { ${c.base.className}, type ${c.base.className}Args } from "./${c.base.file}";`
      : `import { PlatformComponent, type PlatformArgs } from "../core/platform-component";`,
    ...(c.children.some((ch) => ch.nameStyle === 1) ? [`import { childName } from "../core/naming";`] : []),
    ...(c.children.length > 0 ? [`import { settings } from "../core/settings";`] : []),
    ...c.nested
      .filter((n) => n.component.domain === c.domain)
      .map((n) => `import { ${n.component.className} } from "./${n.component.file}";`),
    ...c.nested
      .filter((n) => n.component.domain !== c.domain)
      .map((n) => `import { ${n.component.className} } from "../${n.component.domain}/${n.component.file}";`),
    ...(c.factories.length > 0
      ? [`import { ${[...new Set(c.factories.map((f) => f.factory.name))].join(", ")} } from "../core/factories";`]
      : []),
  ];
  const argsDecl = c.base
    ? `export interface ${c.className}Args extends ${c.base.className}Args {\n  /** Free text, shown in the console. */\n  readonly description?: string;\n}`
    : `export interface ${c.className}Args extends PlatformArgs {\n  /** Free text, shown in the console. */\n  readonly description?: string;\n}`;
  const superCall = c.base ? `super(name, args, opts);` : `super("${c.token}", name, args, opts);`;
  const optsType = `pulumi.ComponentResourceOptions`;
  const needsPulumiForOpts = imports.some((i) => i.includes("@pulumi/pulumi"));
  const header = needsPulumiForOpts ? imports : [`import type * as pulumi from "@pulumi/pulumi";`, ...imports];
  return `${header.join("\n")}

${argsDecl}

/**
 * ${c.className}: ${c.children.map((ch) => ch.kind.suffix).join(", ")}${c.nested.length > 0 ? `, with a nested ${c.nested[0]!.component.className}` : ""}.
 * ${c.base ? `Extends ${c.base.className} (same type token) with more children.` : `Registers as ${c.token}.`}
 */
export class ${c.className} extends ${c.base ? c.base.className : "PlatformComponent"} {
  constructor(name: string, args: ${c.className}Args, opts?: ${optsType}) {
    ${superCall}
${indent(statements.join("\n"), "    ")}
    this.registerOutputs({ ${outputs.join(", ")} });
  }
}
`;
}

const CORE_FILES: Record<string, string> = {
  "core/platform-component.ts": `import * as pulumi from "@pulumi/pulumi";

/** Where a component's network resources go: a VPC and its private subnets. */
export interface NetworkRef {
  readonly vpcId: pulumi.Input<string>;
  readonly subnetIds: pulumi.Input<string>[];
  readonly cidr: string;
}

/** What every component of the platform takes. */
export interface PlatformArgs {
  /** The team that owns the resources (cost allocation, paging). */
  readonly team: string;
  readonly network: NetworkRef;
  /** The private hosted zone for internal names. */
  readonly zoneId: pulumi.Input<string>;
  readonly tags?: Record<string, string>;
}

/** The base of every component: the common tags, computed once. */
export abstract class PlatformComponent extends pulumi.ComponentResource {
  protected readonly tags: Record<string, string>;

  protected constructor(type: string, name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super(type, name, {}, opts);
    this.tags = { team: args.team, "managed-by": "pulumi", component: name, ...args.tags };
  }
}
`,
  "core/naming.ts": `/** The logical name of a component's child: the component's name, a dash, the role of the child. */
export function childName(parent: string, role: string): string {
  return \`\${parent}-\${role}\`;
}
`,
  "core/settings.ts": `import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config("platform");

/** Sizes and retention periods, per stack from the \`platform:\` configuration, with the defaults of dev. */
export const settings = {
  stage: config.get("stage") ?? "dev",
  dbInstanceClass: config.get("dbInstanceClass") ?? "db.t4g.medium",
  lambdaMemoryMb: config.getNumber("lambdaMemoryMb") ?? 256,
  logRetentionDays: config.getNumber("logRetentionDays") ?? 30,
  queueVisibilitySeconds: config.getNumber("queueVisibilitySeconds") ?? 60,
  errorThreshold: config.getNumber("errorThreshold") ?? 5,
  replicas: config.getNumber("replicas") ?? 2,
};
`,
  "core/factories.ts": `import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { settings } from "./settings";

const LAMBDA_TRUST = ${LAMBDA_TRUST};

${FACTORIES.map((f) => f.source).join("\n\n")}
`,
  "core/index.ts": `export * from "./platform-component";
export * from "./naming";
export * from "./settings";
export * from "./factories";
`,
};

interface DirectResource {
  readonly child: Child;
  /** The name prefix: the module's own, or (rarely) one built from the stack's configuration. */
  readonly configNamed: boolean;
  /** Head revision: moved under the module's first component. */
  moved?: "alias" | "plain";
  /** Head revision: no longer in the program. */
  removed?: boolean;
}

interface ComponentUse {
  readonly component: Component;
  readonly exportName: string;
  readonly suffix: string;
  readonly variable: string;
  renamed?: { readonly to: string; readonly alias: boolean };
}

interface Module {
  readonly project: string;
  readonly area: string;
  readonly file: string;
  readonly fn: string;
  readonly prefix: string;
  readonly uses: ComponentUse[];
  readonly direct: DirectResource[];
  /** An alarm created only on prod stacks. */
  readonly prodOnly: boolean;
  readonly namespaceImport: boolean;
  movedTo?: string;
}

const MODULE_REFS = {
  vpcId: "ctx.platform.network.vpcId",
  subnetIds: "ctx.platform.network.subnetIds",
  cidr: "ctx.platform.network.cidr",
  zoneId: "ctx.platform.zoneId",
  tags: "ctx.tags",
  settings: "ctx.settings",
};

const MODULE_KINDS = ["queue", "bucket", "table", "topic", "logGroup", "role", "securityGroup", "record", "alarm"];

function designModules(rng: Random, project: string, count: number, library: readonly Component[]): Module[] {
  const modules: Module[] = [];
  const perArea = Math.ceil(count / AREAS.length);
  for (let i = 0; i < count; i++) {
    const area = AREAS[Math.floor(i / perArea)]!;
    const noun = MODULE_NOUNS[(i % perArea) % MODULE_NOUNS.length]!;
    const round = Math.floor((i % perArea) / MODULE_NOUNS.length);
    const file = round === 0 ? noun : `${noun}-${round + 1}`;
    const prefix = `${area}-${file}`;
    const usesCount = rng.chance(0.12) ? 2 : 1;
    const uses: ComponentUse[] = [];
    for (let u = 0; u < usesCount; u++) {
      const component = rng.pick(library);
      const suffix = u === 0 ? rng.pick(["main", "primary", "core"]) : rng.pick(["secondary", "replica", "extra"]);
      uses.push({
        component,
        exportName: component.deprecatedAlias && rng.chance(0.5) ? component.deprecatedAlias : component.className,
        suffix,
        variable: `${camel(kebab(component.className))}${u === 0 ? "" : "2"}`,
      });
    }
    const directKinds = rng.sample(MODULE_KINDS, rng.int(0, 2));
    const children = makeChildren(rng, closeOver(directKinds), "module");
    modules.push({
      project,
      area,
      file,
      fn: `deploy${pascal(area)}${pascal(file)}`,
      prefix,
      uses,
      direct: children.map((child) => ({ child, configNamed: rng.chance(0.03) })),
      prodOnly: rng.chance(0.1),
      namespaceImport: rng.chance(0.3),
    });
  }
  return modules;
}

function moduleRegistrations(m: Module): { total: number; configNamed: number } {
  let total = m.uses.reduce((n, u) => n + u.component.registrations, 0) + (m.prodOnly ? 1 : 0);
  let configNamed = 0;
  for (const d of m.direct) {
    if (d.removed) continue;
    const n = d.child.kind.loop?.length ?? 1;
    total += n;
    if (d.configNamed) configNamed += n;
  }
  return { total, configNamed };
}

function moduleSource(m: Module, head: boolean): string {
  const providers = new Set(m.direct.map((d) => d.child.kind.cls.split(".")[0]!));
  if (m.prodOnly) providers.add("aws");
  const names = [...new Set(m.uses.map((u) => u.exportName))].sort();
  const lib = (u: ComponentUse): string => (m.namespaceImport ? `platform.${u.exportName}` : u.exportName);
  const depth = head && m.movedTo ? "../../" : "../";
  const imports = [
    `import * as pulumi from "@pulumi/pulumi";`,
    ...[...providers].sort().map((p) => `import * as ${p} from "@pulumi/${p}";`),
    m.namespaceImport
      ? `import * as platform from "@acme/platform";`
      : `import { ${names.join(", ")} } from "@acme/platform";`,
    `import type { StackContext } from "${depth}context";`,
  ];
  const body: string[] = [];
  for (const u of m.uses) {
    const name = u.renamed && head ? u.renamed.to : `${m.prefix}-${u.suffix}`;
    const opts = u.renamed?.alias && head ? `, { aliases: [{ name: "${m.prefix}-${u.suffix}" }] }` : "";
    body.push(
      `const ${u.variable} = new ${lib(u)}("${name}", { ...ctx.platform, description: "${m.prefix} (${u.component.className})" }${opts});`,
    );
  }
  const first = m.uses[0]!.variable;
  const present = m.direct.filter((d) => !(head && d.removed));
  const statements = childStatements(
    present.map((d) => d.child),
    "module",
    // Names built from configuration: the module's prefix behind the stack's environment.
    (child) => (present.find((d) => d.child === child)?.configNamed ? `\${ctx.env}-${m.prefix}` : m.prefix),
    MODULE_REFS,
    (child) => {
      const d = present.find((x) => x.child === child);
      const parts: string[] = [];
      if (head && d?.moved) parts.push(`parent: ${first}`);
      if (child.protect) parts.push("protect: true");
      if (head && d?.moved === "alias") parts.push("aliases: [{ parent: pulumi.rootStackResource }]");
      return parts.length > 0 ? `{ ${parts.join(", ")} }` : "{}";
    },
  );
  body.push(...statements);
  if (m.prodOnly) {
    body.push(
      `if (ctx.env === "prod") {\n  new aws.cloudwatch.MetricAlarm("${m.prefix}-latency", {\n    comparisonOperator: "GreaterThanThreshold",\n    evaluationPeriods: 3,\n    metricName: "Duration",\n    namespace: "AWS/Lambda",\n    period: 60,\n    statistic: "Average",\n    threshold: 1000,\n    alarmActions: [ctx.alarmTopicArn],\n  }, { parent: ${first} });\n}`,
    );
  }
  return `${imports.join("\n")}

/** ${m.prefix}: ${m.uses.map((u) => u.component.className).join(" and ")}${m.direct.length > 0 ? `, ${m.direct.map((d) => d.child.kind.suffix).join(", ")}` : ""}. */
export function ${m.fn}(ctx: StackContext): pulumi.Output<string> {
${indent(body.join("\n"), "  ")}
  return pulumi.interpolate\`${m.prefix}: \${${first}.urn}\`;
}
`;
}

function modulePath(m: Module, head: boolean): string {
  return head && m.movedTo ? `src/${m.area}/${m.movedTo}/${m.file}.ts` : `src/${m.area}/${m.file}.ts`;
}

function projectFiles(project: string, modules: readonly Module[], head: boolean): Map<string, string> {
  const files = new Map<string, string>();
  const areas = [...new Set(modules.map((m) => m.area))];
  files.set(
    "Pulumi.yaml",
    `name: ${project}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\ndescription: The ${project} services (generated by stateguard's benchmark)\n`,
  );
  files.set("Pulumi.dev.yaml", `config:\n  ${project}:env: dev\n  ${project}:vpcId: vpc-0123456789abcdef0\n`);
  files.set(
    "package.json",
    `${JSON.stringify({ name: `@acme/${project}`, private: true, main: "index.ts", dependencies: { "@acme/platform": "*", "@pulumi/aws": "7.48.0", "@pulumi/pulumi": "3.259.0", "@pulumi/random": "4.21.2" } }, null, 2)}\n`,
  );
  files.set(
    "tsconfig.json",
    `${JSON.stringify({ extends: "../../tsconfig.base.json", include: ["index.ts", "src/**/*.ts"] }, null, 2)}\n`,
  );
  files.set(
    "src/context.ts",
    `import type * as pulumi from "@pulumi/pulumi";
import type { PlatformArgs, settings } from "@acme/platform";

/** What every module of the program gets from index.ts. */
export interface StackContext {
  readonly env: string;
  readonly platform: PlatformArgs;
  readonly tags: Record<string, string>;
  readonly settings: typeof settings;
  readonly alarmTopicArn: pulumi.Input<string>;
}
`,
  );
  for (const area of areas) {
    const inArea = modules.filter((m) => m.area === area);
    files.set(
      `src/${area}/index.ts`,
      `import type * as pulumi from "@pulumi/pulumi";
import type { StackContext } from "../context";
${inArea.map((m) => `import { ${m.fn} } from "./${modulePath(m, head).slice(`src/${area}/`.length, -3)}";`).join("\n")}

/** Everything the ${area} area deploys, one module after another. */
export function deploy${pascal(area)}(ctx: StackContext): pulumi.Output<string>[] {
  return [
${inArea.map((m) => `    ${m.fn}(ctx),`).join("\n")}
  ];
}
`,
    );
    for (const m of inArea) files.set(modulePath(m, head), moduleSource(m, head));
  }
  files.set(
    "index.ts",
    `import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { settings } from "@acme/platform";
import type { StackContext } from "./src/context";
${areas.map((a) => `import { deploy${pascal(a)} } from "./src/${a}";`).join("\n")}

const config = new pulumi.Config();
const env = config.get("env") ?? "dev";

const zone = new aws.route53.Zone("internal", { name: "${project}.internal.example.com", comment: "private names of ${project}" });
const paging = new aws.sns.Topic("paging", { displayName: "${project} paging" });

const ctx: StackContext = {
  env,
  platform: {
    team: "${project}",
    network: { vpcId: config.require("vpcId"), subnetIds: config.requireObject<string[]>("subnetIds"), cidr: "10.0.0.0/8" },
    zoneId: zone.zoneId,
  },
  tags: { project: "${project}", env },
  settings,
  alarmTopicArn: paging.arn,
};

export const deployed = {
${areas.map((a) => `  ${camel(a)}: deploy${pascal(a)}(ctx),`).join("\n")}
};
export const zoneId = zone.zoneId;
`,
  );
  return files;
}

function libraryFiles(library: readonly Component[], rename: LibraryRename | undefined): Map<string, string> {
  const files = new Map<string, string>(Object.entries(CORE_FILES).map(([p, c]) => [`src/${p}`, c]));
  files.set(
    "package.json",
    `${JSON.stringify({ name: "@acme/platform", version: "3.14.0", private: true, main: "src/index.ts", dependencies: { "@pulumi/aws": "7.48.0", "@pulumi/pulumi": "3.259.0", "@pulumi/random": "4.21.2" } }, null, 2)}\n`,
  );
  files.set(
    "tsconfig.json",
    `${JSON.stringify({ extends: "../../tsconfig.base.json", include: ["src/**/*.ts"] }, null, 2)}\n`,
  );
  const domains = [...new Set(library.map((c) => c.domain))];
  for (const domain of domains) {
    const inDomain = library.filter((c) => c.domain === domain);
    for (const c of inDomain) files.set(`src/${domain}/${c.file}.ts`, componentSource(c, rename));
    files.set(
      `src/${domain}/index.ts`,
      [
        ...inDomain.map((c) => `export * from "./${c.file}";`),
        ...inDomain
          .filter((c) => c.deprecatedAlias)
          .map(
            (c) =>
              `/** @deprecated renamed to ${c.className} */\nexport { ${c.className} as ${c.deprecatedAlias!} } from "./${c.file}";`,
          ),
        "",
      ].join("\n"),
    );
  }
  files.set("src/index.ts", `${["core", ...domains].map((d) => `export * from "./${d}";`).join("\n")}\n`);
  return files;
}

const ROOT_FILES: Record<string, string> = {
  ".gitignore": "node_modules/\nbin/\n.bench-monorepo.json\n",
  "package.json": `${JSON.stringify({ name: "acme-infrastructure", private: true, workspaces: ["packages/*", "projects/*"] }, null, 2)}\n`,
  "README.md":
    "# acme infrastructure\n\nGenerated by stateguard's benchmark (bench/monorepo.ts). Pulumi projects under projects/, the component library under packages/platform.\n",
  "tsconfig.base.json": `${JSON.stringify(
    {
      compilerOptions: {
        strict: true,
        target: "ES2022",
        module: "node16",
        moduleResolution: "node16",
        skipLibCheck: true,
        forceConsistentCasingInFileNames: true,
        noFallthroughCasesInSwitch: true,
        types: ["node"],
        paths: { "@acme/platform": ["./packages/platform/src/index.ts"] },
      },
    },
    null,
    2,
  )}\n`,
};

/** Generates both revisions in memory. Pure: the same parameters give the same files. */
export function generateMonorepo(params: MonorepoParams = DEFAULT_PARAMS): GeneratedFiles {
  if (params.projects > PROJECT_NAMES.length) throw new Error(`at most ${PROJECT_NAMES.length} projects`);
  const rng = new Random(params.seed);
  const library = designLibrary(rng, params.componentsPerDomain);
  const projects = PROJECT_NAMES.slice(0, params.projects);
  const modules = new Map(projects.map((p) => [p, designModules(rng, p, params.modulesPerProject, library)]));

  const countRegistrations = (): { perProject: Record<string, number>; total: number; configNamed: number } => {
    const perProject: Record<string, number> = {};
    let total = 0;
    let configNamed = 0;
    for (const [project, ms] of modules) {
      // index.ts: the zone and the paging topic.
      let n = 2;
      for (const m of ms) {
        const r = moduleRegistrations(m);
        n += r.total;
        configNamed += r.configNamed;
      }
      perProject[project] = n;
      total += n;
    }
    return { perProject, total, configNamed };
  };
  // The base revision's counts, before the refactoring marks anything.
  const baseCounts = countRegistrations();

  const allModules = [...modules.values()].flat();
  const renameTarget = library.find((c) => !c.base && c.children.some((ch) => !ch.kind.loop && ch.nameStyle === 0));
  // How many instances of the library's renamed component one instance of `c` constructs (its base's, nested).
  const instances = (c: Component): number =>
    (c === renameTarget ? 1 : 0) +
    (c.base ? instances(c.base) : 0) +
    c.nested.reduce((n, x) => n + instances(x.component), 0);
  // A renamed use holds no instance of it: its child's own alias and its parent's rename would be one refactoring
  // inside another, whose findings the benchmark could not state exactly.
  const picked = rng.sample(
    allModules.filter((m) => m.uses.length > 0 && instances(m.uses[0]!.component) === 0),
    REFACTOR.renamedWithAlias + REFACTOR.renamedWithoutAlias,
  );
  for (const [i, m] of picked.entries()) {
    const use = m.uses[0]!;
    use.renamed = { to: `${m.prefix}-${use.suffix}-v2`, alias: i < REFACTOR.renamedWithAlias };
  }
  const movable = rng.sample(
    allModules.filter((m) => m.direct.some((d) => !d.configNamed && !d.child.kind.loop && !d.child.kind.stateful)),
    REFACTOR.movedWithAlias + REFACTOR.movedWithoutAlias,
  );
  for (const [i, m] of movable.entries()) {
    const d = m.direct.find((x) => !x.configNamed && !x.child.kind.loop && !x.child.kind.stateful)!;
    d.moved = i < REFACTOR.movedWithAlias ? "alias" : "plain";
  }
  const removable = rng.sample(
    allModules.filter((m) =>
      m.direct.some(
        (d) =>
          d.child.kind.stateful &&
          !d.configNamed &&
          !m.direct.some((o) => o.child.kind.needs.includes(d.child.kind.id)),
      ),
    ),
    REFACTOR.statefulRemoved,
  );
  for (const m of removable) {
    m.direct.find((d) => d.child.kind.stateful && !d.configNamed)!.removed = true;
  }
  for (const m of rng.sample(allModules, REFACTOR.filesMoved)) m.movedTo = "legacy";
  const libraryRename: LibraryRename | undefined = renameTarget
    ? {
        component: renameTarget,
        variable: renameTarget.children.find((ch) => !ch.kind.loop && ch.nameStyle === 0)!.variable,
        newSuffix: `${renameTarget.children.find((ch) => !ch.kind.loop && ch.nameStyle === 0)!.kind.suffix}-main`,
      }
    : undefined;

  const render = (head: boolean): Map<string, string> => {
    const out = new Map<string, string>(Object.entries(ROOT_FILES));
    for (const [p, c] of libraryFiles(library, head ? libraryRename : undefined)) out.set(`${LIBRARY_DIR}/${p}`, c);
    for (const [project, ms] of modules) {
      for (const [p, c] of projectFiles(project, ms, head)) out.set(`projects/${project}/${p}`, c);
    }
    return out;
  };
  const base = render(false);
  const head = render(true);
  const tsFiles = [...base].filter(([p]) => p.endsWith(".ts"));
  const libraryFileCount = tsFiles.filter(([p]) => p.startsWith(`${LIBRARY_DIR}/`)).length;
  const resourceSites = tsFiles.reduce(
    (n, [, c]) => n + (c.match(/\bnew (?:aws|random)\.|\bnew (?:platform\.)?[A-Z]\w+\(/g)?.length ?? 0),
    0,
  );
  return {
    base,
    head,
    projects: projects.map((p) => `projects/${p}`),
    counts: {
      tsFiles: tsFiles.length,
      libraryFiles: libraryFileCount,
      lines: tsFiles.reduce((n, [, c]) => n + c.split("\n").length - 1, 0),
      resourceSites,
      registrations: baseCounts.total,
      configNamed: baseCounts.configNamed,
      perProject: baseCounts.perProject,
      perProjectHead: countRegistrations().perProject,
      expectedFindings: Object.fromEntries(
        [...modules].map(([project, ms]) => [
          project,
          {
            URN_RENAMED: ms.filter((m) => m.uses.some((u) => u.renamed && !u.renamed.alias)).length,
            URN_MOVED: ms.reduce((n, m) => n + m.direct.filter((d) => d.moved === "plain").length, 0),
            STATEFUL_REMOVED: ms.reduce((n, m) => n + m.direct.filter((d) => d.removed).length, 0),
            URN_ALIASED: ms.reduce(
              (n, m) =>
                n +
                m.direct.filter((d) => d.moved === "alias").length +
                m.uses.reduce(
                  (k, u) =>
                    k +
                    (u.renamed?.alias ? u.component.registrations : 0) +
                    (libraryRename ? instances(u.component) : 0),
                  0,
                ),
              0,
            ),
          },
        ]),
      ),
    },
  };
}

/** A short, stable digest of everything the tree depends on. */
export function monorepoKey(params: MonorepoParams, dependencies: string): string {
  return createHash("sha256")
    .update(JSON.stringify({ version: GENERATOR_VERSION, params, dependencies }))
    .digest("hex")
    .slice(0, 12);
}

export interface Monorepo {
  readonly dir: string;
  /** Project directories, absolute. */
  readonly projects: readonly string[];
  readonly libraryDir: string;
  readonly counts: MonorepoCounts;
  readonly params: MonorepoParams;
  /** The base revision's commit (also tagged `bench-base`) and the head's. */
  readonly baseCommit: string;
  readonly headCommit: string;
}

function git(dir: string, args: readonly string[]): string {
  const result = spawnSync(
    "git",
    ["-c", "user.name=stateguard bench", "-c", "user.email=bench@example.invalid", ...args],
    {
      cwd: dir,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
        GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
        GIT_CONFIG_NOSYSTEM: "1",
      },
    },
  );
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} in ${dir}: ${result.stderr}`);
  return result.stdout.trim();
}

function writeTree(dir: string, files: ReadonlyMap<string, string>): void {
  for (const [path, content] of files) {
    const file = join(dir, ...path.split("/"));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/**
 * The monorepo on disk under `cacheDir/monorepo-<key>`: a git repository whose first commit (tag `bench-base`) is
 * the base revision and whose second commit, checked out, is the refactoring. `node_modules` links to
 * `nodeModules` (the installed SDKs). Generated once; later calls reuse it.
 */
export function ensureMonorepo(
  cacheDir: string,
  nodeModules: string,
  dependencies: string,
  params: MonorepoParams = DEFAULT_PARAMS,
  progress: (message: string) => void = () => {},
): Monorepo {
  const dir = join(cacheDir, `monorepo-${monorepoKey(params, dependencies)}`);
  const manifest = join(dir, ".bench-monorepo.json");
  if (existsSync(manifest)) {
    const saved = JSON.parse(readFileSync(manifest, "utf8")) as Monorepo;
    return saved;
  }
  progress(`generating the monorepo into ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const generated = generateMonorepo(params);
  git(dir, ["init", "-q", "-b", "main"]);
  writeTree(dir, generated.base);
  git(dir, ["add", "-A"]);
  git(dir, ["commit", "-q", "-m", "The platform, before the refactoring"]);
  git(dir, ["tag", BASE_TAG]);
  const baseCommit = git(dir, ["rev-parse", "HEAD"]);
  for (const path of generated.base.keys()) {
    if (!generated.head.has(path)) rmSync(join(dir, ...path.split("/")));
  }
  writeTree(dir, generated.head);
  git(dir, ["add", "-A"]);
  git(dir, [
    "commit",
    "-q",
    "-m",
    "Refactoring: renames, moves under components, a store dropped, legacy modules moved",
  ]);
  const headCommit = git(dir, ["rev-parse", "HEAD"]);
  symlinkSync(nodeModules, join(dir, "node_modules"), "dir");
  const result: Monorepo = {
    dir,
    projects: generated.projects.map((p) => join(dir, ...p.split("/"))),
    libraryDir: join(dir, ...LIBRARY_DIR.split("/")),
    counts: generated.counts,
    params,
    baseCommit,
    headCommit,
  };
  writeFileSync(manifest, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

/** The SDKs installed and the monorepo generated, both cached: what the ESLint and analyzer benchmarks run on. */
export function prepareMonorepo(
  params: MonorepoParams = DEFAULT_PARAMS,
  progress: (message: string) => void = () => {},
): Monorepo & { readonly sdks: SdkInstall } {
  const sdks = ensureMonorepoSdks(progress);
  return { ...ensureMonorepo(join(cacheRoot(), "bench"), sdks.nodeModules, sdks.key, params, progress), sdks };
}

if (process.argv[1]?.endsWith(join("bench", "monorepo.js"))) {
  const repo = prepareMonorepo(DEFAULT_PARAMS, (m) => process.stderr.write(`${m}\n`));
  process.stdout.write(`${JSON.stringify({ ...repo, sdks: repo.sdks.versions }, null, 2)}\n`);
}
