import { builtinCatalog, type DeletionProtectionField } from "../src/core/index.js";

/**
 * The resources of the gRPC pack benchmark: a deterministic mix of AWS, GCP, azure-native and kubernetes resources
 * as the engine hands them to an analyzer during a preview (inputs after the provider's Check, with values that
 * depend on other resources still unknown, secrets wrapped, archives signed), plus the components, default
 * providers and the stack resource that a real program's preview also analyzes.
 */

export const BENCH_STACK = "bench-prod";
export const BENCH_PROJECT = "bench";
export const BENCH_ORGANIZATION = "organization";

/** The engine's wire sentinels (sdk/go/common/resource: plugin.UnknownStringValue, sig.Key, sig.Secret...). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";

export type Cloud = "aws" | "gcp" | "azure-native" | "kubernetes" | "pulumi" | "component";

export interface BenchProvider {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Record<string, unknown>;
}

/** One resource as the engine's AnalyzerResource carries it; `props` are in wire form (see the sentinels above). */
export interface BenchResource {
  readonly cloud: Cloud;
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** Whether a provider manages it (custom resources carry their provider; components and the stack none). */
  readonly custom: boolean;
  /** Whether the built-in catalog counts it as stateful (with its props, for conditional types). */
  readonly stateful: boolean;
  readonly props: Record<string, unknown>;
  readonly protect: boolean;
  readonly deleteBeforeReplace?: boolean;
  readonly parent?: string;
  readonly aliases: readonly string[];
  readonly additionalSecretOutputs: readonly string[];
  readonly ignoreChanges: readonly string[];
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  readonly provider?: BenchProvider;
}

export interface MixSummary {
  readonly total: number;
  readonly byCloud: Readonly<Record<string, number>>;
  readonly stateful: number;
  readonly statefulUnprotected: number;
  readonly deleteBeforeReplace: number;
  readonly distinctTypes: number;
  /** Size of the properties as JSON, a rough measure of what every Analyze call carries. */
  readonly meanPropsBytes: number;
}

// --- deterministic randomness -------------------------------------------------------------------------------

/** mulberry32: small, fast and good enough to pick shapes; the same seed gives the same mix everywhere. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  hex(length: number): string {
    let out = "";
    while (out.length < length)
      out += Math.floor(this.next() * 0x100000000)
        .toString(16)
        .padStart(8, "0");
    return out.slice(0, length);
  }
}

// --- building blocks of realistic inputs -----------------------------------------------------------------------

const TEAMS = ["payments", "checkout", "search", "identity", "platform", "data", "growth", "ledger"];
const SERVICES = ["orders", "users", "invoices", "events", "catalog", "sessions", "audit", "reports", "billing"];
const AWS_REGIONS = ["us-east-1", "eu-west-1", "eu-central-1"];
const GCP_REGIONS = ["europe-west1", "us-central1"];
const AZ_LOCATIONS = ["westeurope", "northeurope", "eastus2"];

interface Ctx {
  readonly rng: Rng;
  /** The logical name (the program's name for the resource). */
  readonly name: string;
  readonly team: string;
  readonly service: string;
  /** How often a value computed from another resource's output is still unknown in this preview. */
  readonly unknownRate: number;
}

/** A value computed from another resource's output: known in most previews, unknown when that one is new. */
function ref(ctx: Ctx, known: string): string {
  return ctx.rng.chance(ctx.unknownRate) ? UNKNOWN : known;
}

function secret(value: unknown): Record<string, unknown> {
  return { [SIG_KEY]: SECRET_SIG, value };
}

function autoName(ctx: Ctx, max = 63): string {
  return `${ctx.name}-${ctx.rng.hex(7)}`.slice(0, max);
}

function awsTags(ctx: Ctx): Record<string, string> {
  const tags: Record<string, string> = {
    Name: ctx.name,
    environment: "prod",
    team: ctx.team,
    service: ctx.service,
    "managed-by": "pulumi",
  };
  if (ctx.rng.chance(0.5)) tags["cost-center"] = `cc-${ctx.rng.int(1000, 9999)}`;
  return tags;
}

function gcpLabels(ctx: Ctx): Record<string, string> {
  return { environment: "prod", team: ctx.team, service: ctx.service, "managed-by": "pulumi" };
}

function awsArn(ctx: Ctx, service: string, resource: string): string {
  return `arn:aws:${service}:${ctx.rng.pick(AWS_REGIONS)}:123456789012:${resource}`;
}

function k8sMetadata(ctx: Ctx, namespaced = true): Record<string, unknown> {
  return {
    name: autoName(ctx, 63),
    ...(namespaced ? { namespace: ctx.team } : {}),
    labels: {
      "app.kubernetes.io/name": ctx.service,
      "app.kubernetes.io/part-of": ctx.team,
      "app.kubernetes.io/managed-by": "pulumi",
    },
    annotations: { "pulumi.com/autonamed": "true" },
  };
}

function container(ctx: Ctx): Record<string, unknown> {
  return {
    name: ctx.service,
    image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${ctx.service}:${ctx.rng.hex(12)}`,
    ports: [{ containerPort: 8080, name: "http", protocol: "TCP" }],
    env: [
      { name: "SERVICE", value: ctx.service },
      { name: "LOG_LEVEL", value: "info" },
      { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: `${ctx.service}-db`, key: "password" } } },
    ],
    resources: { limits: { cpu: "500m", memory: "512Mi" }, requests: { cpu: "250m", memory: "256Mi" } },
    readinessProbe: { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 10 },
  };
}

function azureId(ctx: Ctx, rest: string): string {
  return `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-${ctx.team}-prod${rest}`;
}

// --- the templates ---------------------------------------------------------------------------------------------

interface Template {
  readonly type: string;
  /** Relative frequency in the mix. */
  readonly weight: number;
  readonly props: (ctx: Ctx) => Record<string, unknown>;
  /** Outputs the program marks secret (additionalSecretOutputs). */
  readonly secretOutputs?: readonly string[];
}

const AWS: readonly Template[] = [
  // stateful (catalog types)
  {
    type: "aws:s3/bucket:Bucket",
    weight: 3,
    props: (c) => ({
      bucket: autoName(c),
      acl: "private",
      tags: awsTags(c),
      versioning: { enabled: c.rng.chance(0.7), mfaDelete: false },
      serverSideEncryptionConfiguration: {
        rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: ref(c, "alias/s3") } },
      },
      ...(c.rng.chance(0.4) ? { loggings: [{ targetBucket: ref(c, "logs-bucket-1a2b3c"), targetPrefix: "s3/" }] } : {}),
    }),
  },
  {
    type: "aws:s3/bucketV2:BucketV2",
    weight: 1,
    props: (c) => ({ bucket: autoName(c), tags: awsTags(c), objectLockEnabled: false }),
  },
  {
    type: "aws:rds/instance:Instance",
    weight: 1.5,
    secretOutputs: ["password"],
    props: (c) => ({
      identifier: autoName(c),
      engine: "postgres",
      engineVersion: "16.3",
      instanceClass: c.rng.pick(["db.t4g.medium", "db.r6g.large", "db.r6g.xlarge"]),
      allocatedStorage: c.rng.pick([20, 100, 500]),
      storageType: "gp3",
      storageEncrypted: c.rng.chance(0.85),
      kmsKeyId: ref(c, awsArn(c, "kms", `key/${c.rng.hex(8)}`)),
      multiAz: c.rng.chance(0.6),
      publiclyAccessible: false,
      username: "app",
      password: secret(c.rng.hex(24)),
      dbName: c.service,
      dbSubnetGroupName: ref(c, `db-subnets-${c.rng.hex(6)}`),
      vpcSecurityGroupIds: [ref(c, `sg-${c.rng.hex(17)}`)],
      backupRetentionPeriod: c.rng.pick([0, 7, 14, 35]),
      backupWindow: "03:00-04:00",
      maintenanceWindow: "sun:04:30-sun:05:30",
      performanceInsightsEnabled: true,
      tags: awsTags(c),
    }),
  },
  {
    type: "aws:rds/cluster:Cluster",
    weight: 0.5,
    secretOutputs: ["masterPassword"],
    props: (c) => ({
      clusterIdentifier: autoName(c),
      engine: "aurora-postgresql",
      engineVersion: "16.2",
      masterUsername: "app",
      masterPassword: secret(c.rng.hex(24)),
      storageEncrypted: true,
      backupRetentionPeriod: 14,
      dbSubnetGroupName: ref(c, `db-subnets-${c.rng.hex(6)}`),
      vpcSecurityGroupIds: [ref(c, `sg-${c.rng.hex(17)}`)],
      serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 16 },
      tags: awsTags(c),
    }),
  },
  {
    type: "aws:dynamodb/table:Table",
    weight: 2,
    props: (c) => ({
      name: autoName(c, 255),
      billingMode: "PAY_PER_REQUEST",
      hashKey: "pk",
      rangeKey: "sk",
      attributes: [
        { name: "pk", type: "S" },
        { name: "sk", type: "S" },
        { name: "gsi1pk", type: "S" },
      ],
      globalSecondaryIndexes: [{ name: "gsi1", hashKey: "gsi1pk", projectionType: "ALL" }],
      pointInTimeRecovery: { enabled: c.rng.chance(0.7) },
      serverSideEncryption: { enabled: c.rng.chance(0.6) },
      streamEnabled: c.rng.chance(0.3),
      ttl: { attributeName: "expiresAt", enabled: true },
      tags: awsTags(c),
    }),
  },
  {
    type: "aws:sqs/queue:Queue",
    weight: 2,
    props: (c) => ({
      name: autoName(c, 80),
      messageRetentionSeconds: 1209600,
      visibilityTimeoutSeconds: 60,
      sqsManagedSseEnabled: true,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: awsArn(c, "sqs", `${c.service}-dlq`), maxReceiveCount: 5 }),
      tags: awsTags(c),
    }),
  },
  {
    type: "aws:efs/fileSystem:FileSystem",
    weight: 0.5,
    props: (c) => ({
      creationToken: autoName(c),
      encrypted: c.rng.chance(0.7),
      ...(c.rng.chance(0.5) ? { kmsKeyId: ref(c, awsArn(c, "kms", `key/${c.rng.hex(8)}`)) } : {}),
      performanceMode: "generalPurpose",
      throughputMode: "elastic",
      lifecyclePolicies: [{ transitionToIa: "AFTER_30_DAYS" }],
      tags: awsTags(c),
    }),
  },
  {
    type: "aws:kms/key:Key",
    weight: 1,
    props: (c) => ({
      description: `${c.service} data key`,
      deletionWindowInDays: 30,
      enableKeyRotation: c.rng.chance(0.7),
      keyUsage: "ENCRYPT_DECRYPT",
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
      tags: awsTags(c),
    }),
  },
  {
    type: "aws:elasticache/replicationGroup:ReplicationGroup",
    weight: 0.5,
    props: (c) => ({
      replicationGroupId: autoName(c, 40),
      description: `${c.service} cache`,
      engine: "redis",
      engineVersion: "7.1",
      nodeType: "cache.r7g.large",
      numCacheClusters: 2,
      automaticFailoverEnabled: true,
      atRestEncryptionEnabled: true,
      transitEncryptionEnabled: true,
      subnetGroupName: ref(c, `cache-subnets-${c.rng.hex(6)}`),
      tags: awsTags(c),
    }),
  },
  {
    type: "aws:redshift/cluster:Cluster",
    weight: 0.3,
    secretOutputs: ["masterPassword"],
    props: (c) => ({
      clusterIdentifier: autoName(c),
      nodeType: "ra3.xlplus",
      numberOfNodes: 2,
      databaseName: c.service,
      masterUsername: "admin",
      masterPassword: secret(c.rng.hex(24)),
      encrypted: c.rng.chance(0.7),
      publiclyAccessible: false,
      allowVersionUpgrade: true,
      automatedSnapshotRetentionPeriod: 7,
      ...(c.rng.chance(0.5) ? { logging: { enable: true, bucketName: ref(c, "audit-logs-1a2b") } } : {}),
      tags: awsTags(c),
    }),
  },
  {
    type: "aws:elasticsearch/domain:Domain",
    weight: 0.3,
    props: (c) => ({
      domainName: autoName(c, 28),
      elasticsearchVersion: "7.10",
      clusterConfig: { instanceType: "r6g.large.elasticsearch", instanceCount: 3, zoneAwarenessEnabled: true },
      ebsOptions: { ebsEnabled: true, volumeSize: 100, volumeType: "gp3" },
      encryptAtRest: { enabled: c.rng.chance(0.8) },
      nodeToNodeEncryption: { enabled: true },
      ...(c.rng.chance(0.6) ? { vpcOptions: { subnetIds: [ref(c, `subnet-${c.rng.hex(17)}`)] } } : {}),
      tags: awsTags(c),
    }),
  },
  {
    type: "aws:ebs/volume:Volume",
    weight: 0.5,
    props: (c) => ({
      availabilityZone: "eu-west-1a",
      size: c.rng.pick([50, 100, 500]),
      type: "gp3",
      encrypted: true,
      tags: awsTags(c),
    }),
  },
  {
    type: "aws:secretsmanager/secret:Secret",
    weight: 1,
    props: (c) => ({
      name: `${c.team}/${c.service}/${c.name}`,
      description: `${c.service} credentials`,
      kmsKeyId: ref(c, "alias/secrets"),
      tags: awsTags(c),
    }),
  },
  {
    type: "aws:ecr/repository:Repository",
    weight: 1,
    props: (c) => ({
      name: `${c.team}/${c.service}`,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfigurations: [{ encryptionType: "KMS" }],
      tags: awsTags(c),
    }),
  },
  {
    type: "aws:route53/zone:Zone",
    weight: 0.3,
    props: (c) => ({ name: `${c.service}.${c.team}.example.com`, comment: "managed by pulumi", tags: awsTags(c) }),
  },
  {
    type: "aws:cognito/userPool:UserPool",
    weight: 0.3,
    props: (c) => ({
      name: autoName(c, 128),
      mfaConfiguration: "OPTIONAL",
      passwordPolicy: { minimumLength: 12, requireLowercase: true, requireNumbers: true, requireSymbols: true },
      autoVerifiedAttributes: ["email"],
      tags: awsTags(c),
    }),
  },
  // stateless
  {
    type: "aws:ec2/securityGroup:SecurityGroup",
    weight: 4,
    props: (c) => ({
      name: autoName(c, 255),
      description: `${c.service} ${c.name}`,
      vpcId: ref(c, `vpc-${c.rng.hex(17)}`),
      ingress: [
        {
          fromPort: 443,
          toPort: 443,
          protocol: "tcp",
          cidrBlocks: ["10.0.0.0/8"],
          ipv6CidrBlocks: [],
          prefixListIds: [],
          securityGroups: [],
          self: false,
          description: "https from the vpc",
        },
      ],
      egress: [
        {
          fromPort: 0,
          toPort: 0,
          protocol: "-1",
          cidrBlocks: ["0.0.0.0/0"],
          ipv6CidrBlocks: [],
          prefixListIds: [],
          securityGroups: [],
          self: false,
          description: "",
        },
      ],
      revokeRulesOnDelete: false,
      tags: awsTags(c),
    }),
  },
  {
    type: "aws:iam/role:Role",
    weight: 4,
    props: (c) => ({
      name: autoName(c, 64),
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
      forceDetachPolicies: false,
      maxSessionDuration: 3600,
      path: "/",
      tags: awsTags(c),
    }),
  },
  {
    type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    weight: 4,
    props: (c) => ({
      role: ref(c, `${c.service}-role-${c.rng.hex(7)}`),
      policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    }),
  },
  {
    type: "aws:lambda/function:Function",
    weight: 3,
    props: (c) => ({
      name: autoName(c, 64),
      role: ref(c, awsArn(c, "iam", `role/${c.service}-${c.rng.hex(7)}`)),
      runtime: "nodejs20.x",
      handler: "index.handler",
      memorySize: c.rng.pick([128, 256, 512, 1024]),
      timeout: 30,
      architectures: ["arm64"],
      code: { [SIG_KEY]: ARCHIVE_SIG, hash: c.rng.hex(64), path: `./dist/${c.service}.zip` },
      environment: { variables: { SERVICE: c.service, TABLE: ref(c, `${c.service}-table-${c.rng.hex(7)}`) } },
      tracingConfig: { mode: "Active" },
      packageType: "Zip",
      publish: false,
      tags: awsTags(c),
    }),
  },
  {
    type: "aws:ec2/subnet:Subnet",
    weight: 2,
    props: (c) => ({
      vpcId: ref(c, `vpc-${c.rng.hex(17)}`),
      cidrBlock: `10.${c.rng.int(0, 255)}.${c.rng.int(0, 255)}.0/24`,
      availabilityZone: `eu-west-1${c.rng.pick(["a", "b", "c"])}`,
      mapPublicIpOnLaunch: false,
      tags: awsTags(c),
    }),
  },
  {
    type: "aws:ec2/instance:Instance",
    weight: 1.5,
    props: (c) => ({
      ami: `ami-${c.rng.hex(17)}`,
      instanceType: c.rng.pick(["t3.medium", "m7g.large", "c7g.xlarge"]),
      subnetId: ref(c, `subnet-${c.rng.hex(17)}`),
      vpcSecurityGroupIds: [ref(c, `sg-${c.rng.hex(17)}`)],
      associatePublicIpAddress: c.rng.chance(0.1),
      monitoring: c.rng.chance(0.5),
      rootBlockDevice: { volumeSize: 30, volumeType: "gp3", encrypted: c.rng.chance(0.8), deleteOnTermination: true },
      ...(c.rng.chance(0.4)
        ? {
            ebsBlockDevices: [{ deviceName: "/dev/sdf", volumeSize: 100, encrypted: true, deleteOnTermination: false }],
          }
        : {}),
      metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
      userData: `#!/bin/bash\necho ${c.service}\n`,
      tags: awsTags(c),
    }),
  },
  {
    type: "aws:cloudwatch/logGroup:LogGroup",
    weight: 2,
    props: (c) => ({ name: `/aws/lambda/${autoName(c)}`, retentionInDays: 30, tags: awsTags(c) }),
  },
  {
    type: "aws:apigateway/restApi:RestApi",
    weight: 0.5,
    props: (c) => ({
      name: autoName(c),
      endpointConfiguration: { types: c.rng.pick(["EDGE", "REGIONAL"]) },
      tags: awsTags(c),
    }),
  },
  {
    type: "aws:apigateway/stage:Stage",
    weight: 0.5,
    props: (c) => ({
      stageName: "prod",
      restApi: ref(c, c.rng.hex(10)),
      deployment: ref(c, c.rng.hex(6)),
      cacheClusterEnabled: c.rng.chance(0.3),
      xrayTracingEnabled: true,
      tags: awsTags(c),
    }),
  },
  {
    type: "aws:apigateway/methodSettings:MethodSettings",
    weight: 0.3,
    props: (c) => ({
      restApi: ref(c, c.rng.hex(10)),
      stageName: "prod",
      methodPath: "*/*",
      settings: {
        metricsEnabled: true,
        loggingLevel: "INFO",
        cachingEnabled: c.rng.chance(0.5),
        cacheDataEncrypted: true,
      },
    }),
  },
  {
    type: "aws:lb/loadBalancer:LoadBalancer",
    weight: 0.7,
    props: (c) => ({
      name: autoName(c, 32),
      loadBalancerType: "application",
      internal: c.rng.chance(0.5),
      subnets: [ref(c, `subnet-${c.rng.hex(17)}`), ref(c, `subnet-${c.rng.hex(17)}`)],
      securityGroups: [ref(c, `sg-${c.rng.hex(17)}`)],
      enableDeletionProtection: c.rng.chance(0.5),
      accessLogs: { bucket: "alb-logs", enabled: c.rng.chance(0.5) },
      tags: awsTags(c),
    }),
  },
  {
    type: "aws:lb/listener:Listener",
    weight: 0.7,
    props: (c) => ({
      loadBalancerArn: ref(c, awsArn(c, "elasticloadbalancing", `loadbalancer/app/${c.service}/${c.rng.hex(16)}`)),
      port: 443,
      protocol: "HTTPS",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificateArn: awsArn(c, "acm", `certificate/${c.rng.hex(8)}`),
      defaultActions: [{ type: "forward", targetGroupArn: ref(c, awsArn(c, "elasticloadbalancing", "targetgroup")) }],
    }),
  },
  {
    type: "aws:route53/record:Record",
    weight: 2,
    props: (c) => ({
      zoneId: ref(c, `Z${c.rng.hex(13).toUpperCase()}`),
      name: `${c.service}.${c.team}.example.com`,
      type: "A",
      aliases: [
        { name: ref(c, `${c.service}.elb.amazonaws.com`), zoneId: "Z32O12XQLNTSW2", evaluateTargetHealth: true },
      ],
      allowOverwrite: false,
    }),
  },
  {
    type: "aws:sns/topicSubscription:TopicSubscription",
    weight: 1,
    props: (c) => ({
      topic: ref(c, awsArn(c, "sns", `${c.service}-events`)),
      protocol: "sqs",
      endpoint: ref(c, awsArn(c, "sqs", `${c.service}-${c.rng.hex(7)}`)),
      rawMessageDelivery: true,
    }),
  },
];

const GCP: readonly Template[] = [
  // stateful
  {
    type: "gcp:sql/databaseInstance:DatabaseInstance",
    weight: 1,
    props: (c) => ({
      name: autoName(c, 98),
      databaseVersion: "POSTGRES_16",
      region: c.rng.pick(GCP_REGIONS),
      settings: {
        tier: "db-custom-2-7680",
        availabilityType: "REGIONAL",
        diskAutoresize: true,
        backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true },
        ipConfiguration: { ipv4Enabled: false, privateNetwork: ref(c, "projects/acme/global/networks/main") },
        userLabels: gcpLabels(c),
      },
    }),
  },
  {
    type: "gcp:sql/database:Database",
    weight: 1,
    props: (c) => ({ name: c.service, instance: ref(c, `${c.service}-${c.rng.hex(7)}`), charset: "UTF8" }),
  },
  {
    type: "gcp:storage/bucket:Bucket",
    weight: 2,
    props: (c) => ({
      name: autoName(c),
      location: "EU",
      storageClass: "STANDARD",
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      versioning: { enabled: c.rng.chance(0.6) },
      lifecycleRules: [{ action: { type: "Delete" }, condition: { age: 365, withState: "ARCHIVED" } }],
      labels: gcpLabels(c),
    }),
  },
  {
    type: "gcp:bigquery/dataset:Dataset",
    weight: 1,
    props: (c) => ({
      datasetId: `${c.service}_${c.rng.hex(6)}`,
      location: "EU",
      friendlyName: c.service,
      defaultTableExpirationMs: 0,
      labels: gcpLabels(c),
    }),
  },
  {
    type: "gcp:bigquery/table:Table",
    weight: 1,
    props: (c) => ({
      datasetId: ref(c, `${c.service}_${c.rng.hex(6)}`),
      tableId: c.name.replace(/-/g, "_"),
      schema: JSON.stringify([
        { name: "id", type: "STRING", mode: "REQUIRED" },
        { name: "createdAt", type: "TIMESTAMP", mode: "REQUIRED" },
        { name: "payload", type: "JSON", mode: "NULLABLE" },
      ]),
      timePartitioning: { type: "DAY", field: "createdAt" },
      labels: gcpLabels(c),
    }),
  },
  {
    type: "gcp:compute/disk:Disk",
    weight: 1,
    props: (c) => ({ name: autoName(c), zone: "europe-west1-b", size: 200, type: "pd-ssd", labels: gcpLabels(c) }),
  },
  {
    type: "gcp:redis/instance:Instance",
    weight: 0.5,
    props: (c) => ({
      name: autoName(c, 40),
      tier: "STANDARD_HA",
      memorySizeGb: 5,
      region: c.rng.pick(GCP_REGIONS),
      authorizedNetwork: ref(c, "projects/acme/global/networks/main"),
      transitEncryptionMode: "SERVER_AUTHENTICATION",
      labels: gcpLabels(c),
    }),
  },
  {
    type: "gcp:pubsub/subscription:Subscription",
    weight: 1,
    props: (c) => ({
      name: autoName(c),
      topic: ref(c, `projects/acme/topics/${c.service}`),
      ackDeadlineSeconds: 30,
      messageRetentionDuration: "604800s",
      retryPolicy: { minimumBackoff: "10s", maximumBackoff: "600s" },
      labels: gcpLabels(c),
    }),
  },
  {
    type: "gcp:secretmanager/secret:Secret",
    weight: 1,
    props: (c) => ({ secretId: autoName(c), replication: { auto: {} }, labels: gcpLabels(c) }),
  },
  {
    type: "gcp:kms/cryptoKey:CryptoKey",
    weight: 0.5,
    props: (c) => ({
      name: c.name,
      keyRing: ref(c, "projects/acme/locations/europe/keyRings/main"),
      rotationPeriod: "7776000s",
      purpose: "ENCRYPT_DECRYPT",
      labels: gcpLabels(c),
    }),
  },
  // stateless
  {
    type: "gcp:serviceaccount/account:Account",
    weight: 3,
    props: (c) => ({ accountId: autoName(c, 30), displayName: `${c.service} ${c.name}`, project: "acme-prod" }),
  },
  {
    type: "gcp:projects/iAMMember:IAMMember",
    weight: 4,
    props: (c) => ({
      project: "acme-prod",
      role: c.rng.pick(["roles/cloudsql.client", "roles/storage.objectViewer", "roles/pubsub.subscriber"]),
      member: ref(c, `serviceAccount:${c.service}@acme-prod.iam.gserviceaccount.com`),
    }),
  },
  {
    type: "gcp:compute/firewall:Firewall",
    weight: 2,
    props: (c) => ({
      name: autoName(c),
      network: ref(c, "projects/acme/global/networks/main"),
      direction: "INGRESS",
      allows: [{ protocol: "tcp", ports: ["443", "8080"] }],
      sourceRanges: ["10.0.0.0/8"],
      targetTags: [c.service],
    }),
  },
  {
    type: "gcp:cloudrunv2/service:Service",
    weight: 2,
    props: (c) => ({
      name: autoName(c, 49),
      location: c.rng.pick(GCP_REGIONS),
      ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
      template: {
        serviceAccount: ref(c, `${c.service}@acme-prod.iam.gserviceaccount.com`),
        scaling: { minInstanceCount: 1, maxInstanceCount: 20 },
        containers: [
          {
            image: `europe-docker.pkg.dev/acme/apps/${c.service}:${c.rng.hex(12)}`,
            envs: [{ name: "SERVICE", value: c.service }],
            resources: { limits: { cpu: "1", memory: "512Mi" } },
          },
        ],
      },
      deletionProtection: false,
      labels: gcpLabels(c),
    }),
  },
  {
    type: "gcp:compute/instance:Instance",
    weight: 1,
    props: (c) => ({
      name: autoName(c),
      machineType: "e2-standard-4",
      zone: "europe-west1-b",
      bootDisk: { initializeParams: { image: "debian-cloud/debian-12", size: 50 } },
      networkInterfaces: [{ network: ref(c, "projects/acme/global/networks/main") }],
      labels: gcpLabels(c),
      tags: [c.service],
    }),
  },
  {
    type: "gcp:storage/bucketIAMMember:BucketIAMMember",
    weight: 2,
    props: (c) => ({
      bucket: ref(c, `${c.service}-${c.rng.hex(7)}`),
      role: "roles/storage.objectAdmin",
      member: ref(c, `serviceAccount:${c.service}@acme-prod.iam.gserviceaccount.com`),
    }),
  },
];

const AZURE: readonly Template[] = [
  // stateful
  {
    type: "azure-native:storage:StorageAccount",
    weight: 1.5,
    props: (c) => ({
      accountName: `st${c.service}${c.rng.hex(8)}`.slice(0, 24),
      resourceGroupName: ref(c, `rg-${c.team}-prod`),
      location: c.rng.pick(AZ_LOCATIONS),
      kind: "StorageV2",
      sku: { name: "Standard_ZRS" },
      allowBlobPublicAccess: false,
      minimumTlsVersion: "TLS1_2",
      enableHttpsTrafficOnly: true,
      encryption: { keySource: "Microsoft.Storage", services: { blob: { enabled: true }, file: { enabled: true } } },
      tags: { environment: "prod", team: c.team },
    }),
  },
  {
    type: "azure-native:storage:BlobContainer",
    weight: 1.5,
    props: (c) => ({
      containerName: c.name,
      accountName: ref(c, `st${c.service}${c.rng.hex(8)}`.slice(0, 24)),
      resourceGroupName: ref(c, `rg-${c.team}-prod`),
      publicAccess: "None",
    }),
  },
  {
    type: "azure-native:sql:Server",
    weight: 0.5,
    props: (c) => ({
      serverName: autoName(c),
      resourceGroupName: ref(c, `rg-${c.team}-prod`),
      location: c.rng.pick(AZ_LOCATIONS),
      administratorLogin: "sqladmin",
      administratorLoginPassword: secret(c.rng.hex(24)),
      version: "12.0",
      minimalTlsVersion: "1.2",
      publicNetworkAccess: "Disabled",
      tags: { environment: "prod", team: c.team },
    }),
  },
  {
    type: "azure-native:sql:Database",
    weight: 1,
    props: (c) => ({
      databaseName: c.service,
      serverName: ref(c, `${c.service}-sql-${c.rng.hex(7)}`),
      resourceGroupName: ref(c, `rg-${c.team}-prod`),
      location: c.rng.pick(AZ_LOCATIONS),
      sku: { name: "GP_Gen5", tier: "GeneralPurpose", family: "Gen5", capacity: 2 },
      zoneRedundant: true,
    }),
  },
  {
    type: "azure-native:keyvault:Vault",
    weight: 0.7,
    props: (c) => ({
      vaultName: `kv-${c.service}-${c.rng.hex(6)}`.slice(0, 24),
      resourceGroupName: ref(c, `rg-${c.team}-prod`),
      location: c.rng.pick(AZ_LOCATIONS),
      properties: {
        tenantId: "00000000-0000-0000-0000-000000000000",
        sku: { family: "A", name: "standard" },
        enableRbacAuthorization: true,
        softDeleteRetentionInDays: 90,
      },
      tags: { environment: "prod", team: c.team },
    }),
  },
  {
    type: "azure-native:keyvault:Secret",
    weight: 1,
    props: (c) => ({
      secretName: c.name,
      vaultName: ref(c, `kv-${c.service}-${c.rng.hex(6)}`),
      resourceGroupName: ref(c, `rg-${c.team}-prod`),
      properties: { value: secret(c.rng.hex(32)), contentType: "text/plain" },
    }),
  },
  {
    type: "azure-native:cosmosdb:DatabaseAccount",
    weight: 0.5,
    props: (c) => ({
      accountName: autoName(c, 44),
      resourceGroupName: ref(c, `rg-${c.team}-prod`),
      location: c.rng.pick(AZ_LOCATIONS),
      databaseAccountOfferType: "Standard",
      locations: [{ locationName: "westeurope", failoverPriority: 0, isZoneRedundant: true }],
      consistencyPolicy: { defaultConsistencyLevel: "Session" },
      backupPolicy: { type: "Continuous" },
    }),
  },
  {
    type: "azure-native:compute:Disk",
    weight: 0.5,
    props: (c) => ({
      diskName: autoName(c),
      resourceGroupName: ref(c, `rg-${c.team}-prod`),
      location: c.rng.pick(AZ_LOCATIONS),
      creationData: { createOption: "Empty" },
      diskSizeGB: 256,
      sku: { name: "Premium_ZRS" },
    }),
  },
  {
    type: "azure-native:servicebus:Queue",
    weight: 0.5,
    props: (c) => ({
      queueName: c.name,
      namespaceName: ref(c, `sb-${c.team}-${c.rng.hex(6)}`),
      resourceGroupName: ref(c, `rg-${c.team}-prod`),
      maxDeliveryCount: 10,
      deadLetteringOnMessageExpiration: true,
    }),
  },
  // stateless
  {
    type: "azure-native:resources:ResourceGroup",
    weight: 1.5,
    props: (c) => ({
      resourceGroupName: `rg-${c.name}-${c.rng.hex(6)}`,
      location: c.rng.pick(AZ_LOCATIONS),
      tags: { environment: "prod", team: c.team },
    }),
  },
  {
    type: "azure-native:network:VirtualNetwork",
    weight: 1,
    props: (c) => ({
      virtualNetworkName: autoName(c),
      resourceGroupName: ref(c, `rg-${c.team}-prod`),
      location: c.rng.pick(AZ_LOCATIONS),
      addressSpace: { addressPrefixes: ["10.10.0.0/16"] },
    }),
  },
  {
    type: "azure-native:network:Subnet",
    weight: 2,
    props: (c) => ({
      subnetName: c.name,
      virtualNetworkName: ref(c, `vnet-${c.team}-${c.rng.hex(6)}`),
      resourceGroupName: ref(c, `rg-${c.team}-prod`),
      addressPrefix: `10.10.${c.rng.int(0, 255)}.0/24`,
      privateEndpointNetworkPolicies: "Disabled",
    }),
  },
  {
    type: "azure-native:network:NetworkSecurityGroup",
    weight: 1,
    props: (c) => ({
      networkSecurityGroupName: autoName(c),
      resourceGroupName: ref(c, `rg-${c.team}-prod`),
      location: c.rng.pick(AZ_LOCATIONS),
      securityRules: [
        {
          name: "allow-https",
          priority: 100,
          direction: "Inbound",
          access: "Allow",
          protocol: "Tcp",
          sourcePortRange: "*",
          destinationPortRange: "443",
          sourceAddressPrefix: "VirtualNetwork",
          destinationAddressPrefix: "*",
        },
      ],
    }),
  },
  {
    type: "azure-native:web:WebApp",
    weight: 1,
    props: (c) => ({
      name: autoName(c),
      resourceGroupName: ref(c, `rg-${c.team}-prod`),
      location: c.rng.pick(AZ_LOCATIONS),
      serverFarmId: ref(c, azureId(c, `/providers/Microsoft.Web/serverfarms/plan-${c.team}`)),
      httpsOnly: true,
      siteConfig: {
        alwaysOn: true,
        linuxFxVersion: "NODE|20-lts",
        appSettings: [{ name: "SERVICE", value: c.service }],
        minTlsVersion: "1.2",
      },
      identity: { type: "SystemAssigned" },
    }),
  },
  {
    type: "azure-native:authorization:RoleAssignment",
    weight: 2,
    props: (c) => ({
      principalId: ref(c, "11111111-2222-3333-4444-555555555555"),
      principalType: "ServicePrincipal",
      roleDefinitionId: "/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe",
      scope: ref(c, azureId(c, `/providers/Microsoft.Storage/storageAccounts/st${c.service}`)),
    }),
  },
];

const KUBERNETES: readonly Template[] = [
  // stateful
  {
    type: "kubernetes:apps/v1:StatefulSet",
    weight: 1.5,
    props: (c) => ({
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: k8sMetadata(c),
      spec: {
        serviceName: c.service,
        replicas: 3,
        selector: { matchLabels: { app: c.service } },
        template: { metadata: { labels: { app: c.service } }, spec: { containers: [container(c)] } },
        // Most StatefulSets keep data in claims: only those count as stateful (the catalog's statefulWhen).
        ...(c.rng.chance(0.75)
          ? {
              volumeClaimTemplates: [
                {
                  metadata: { name: "data" },
                  spec: {
                    accessModes: ["ReadWriteOnce"],
                    storageClassName: "gp3",
                    resources: { requests: { storage: "50Gi" } },
                  },
                },
              ],
            }
          : {}),
      },
    }),
  },
  {
    type: "kubernetes:core/v1:PersistentVolumeClaim",
    weight: 1.5,
    props: (c) => ({
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: k8sMetadata(c),
      spec: { accessModes: ["ReadWriteOnce"], storageClassName: "gp3", resources: { requests: { storage: "20Gi" } } },
    }),
  },
  // stateless
  {
    type: "kubernetes:apps/v1:Deployment",
    weight: 4,
    props: (c) => ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: k8sMetadata(c),
      spec: {
        replicas: c.rng.pick([2, 3, 6]),
        selector: { matchLabels: { app: c.service } },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
        template: {
          metadata: { labels: { app: c.service }, annotations: { "prometheus.io/scrape": "true" } },
          spec: { serviceAccountName: c.service, containers: [container(c)] },
        },
      },
    }),
  },
  {
    type: "kubernetes:core/v1:Service",
    weight: 4,
    props: (c) => ({
      apiVersion: "v1",
      kind: "Service",
      metadata: k8sMetadata(c),
      spec: {
        type: "ClusterIP",
        selector: { app: c.service },
        ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }],
      },
    }),
  },
  {
    type: "kubernetes:core/v1:ConfigMap",
    weight: 4,
    props: (c) => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: k8sMetadata(c),
      data: { "app.yaml": `service: ${c.service}\nlogLevel: info\nfeatures:\n  newCheckout: true\n`, REGION: "eu" },
    }),
  },
  {
    type: "kubernetes:core/v1:Secret",
    weight: 1,
    props: (c) => ({
      apiVersion: "v1",
      kind: "Secret",
      metadata: k8sMetadata(c),
      type: "Opaque",
      stringData: secret({ password: c.rng.hex(24), username: c.service }),
    }),
  },
  {
    type: "kubernetes:core/v1:ServiceAccount",
    weight: 2,
    props: (c) => ({
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: {
        ...k8sMetadata(c),
        annotations: { "eks.amazonaws.com/role-arn": ref(c, awsArn(c, "iam", `role/${c.service}`)) },
      },
    }),
  },
  {
    type: "kubernetes:networking.k8s.io/v1:Ingress",
    weight: 1,
    props: (c) => ({
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: k8sMetadata(c),
      spec: {
        ingressClassName: "alb",
        rules: [
          {
            host: `${c.service}.example.com`,
            http: {
              paths: [
                { path: "/", pathType: "Prefix", backend: { service: { name: c.service, port: { number: 80 } } } },
              ],
            },
          },
        ],
      },
    }),
  },
  {
    type: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    weight: 1,
    props: (c) => ({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: k8sMetadata(c),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: `${c.service}-reader` },
      subjects: [{ kind: "ServiceAccount", name: c.service, namespace: c.team }],
    }),
  },
  {
    type: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    weight: 1,
    props: (c) => ({
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: k8sMetadata(c),
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: c.service },
        minReplicas: 2,
        maxReplicas: 20,
        metrics: [
          { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
        ],
      },
    }),
  },
];

/** Share of each cloud among the custom resources. */
const CLOUD_SHARE: readonly (readonly [Cloud, readonly Template[], number])[] = [
  ["aws", AWS, 0.45],
  ["gcp", GCP, 0.2],
  ["azure-native", AZURE, 0.15],
  ["kubernetes", KUBERNETES, 0.2],
];

const PROVIDER_VERSIONS: Readonly<Record<string, string>> = {
  aws: "7.48.0",
  gcp: "9.37.0",
  "azure-native": "3.28.0",
  kubernetes: "4.34.2",
};

// --- deletion protection, from the catalog ---------------------------------------------------------------------

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let current = target;
  for (const key of keys.slice(0, -1)) {
    const next = current[key];
    if (typeof next === "object" && next !== null && !Array.isArray(next)) current = next as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      current[key] = created;
      current = created;
    }
  }
  current[keys[keys.length - 1]!] = value;
}

function safeLiteral(field: DeletionProtectionField, ctx: Ctx): unknown {
  const safe = field.safeValue;
  if (typeof safe === "boolean" || typeof safe === "string") return safe;
  if ("anyOf" in safe) return ctx.rng.pick(safe.anyOf);
  if ("not" in safe) return typeof safe.not === "number" ? ctx.rng.pick([7, 30]) : !safe.not;
  return `${ctx.name}-final-${ctx.rng.hex(6)}`;
}

function unsafeLiteral(field: DeletionProtectionField): unknown {
  const safe = field.safeValue;
  if (typeof safe === "boolean") return !safe;
  if (typeof safe === "string") return "DISABLED";
  if ("anyOf" in safe) return "DELETE";
  if ("not" in safe) return safe.not;
  return "";
}

/**
 * How programs set the provider's own deletion protection: mostly to the safe value, sometimes left to the provider's
 * default, sometimes unsafe (a dev-style setting that reached production), rarely computed from another output.
 */
function applyDeletionProtection(type: string, props: Record<string, unknown>, ctx: Ctx): void {
  for (const field of builtinCatalog.lookup(type)?.deletionProtection ?? []) {
    const roll = ctx.rng.next();
    if (roll < 0.65) setPath(props, field.property, safeLiteral(field, ctx));
    else if (roll < 0.8) continue;
    else if (roll < 0.97) setPath(props, field.property, unsafeLiteral(field));
    else setPath(props, field.property, UNKNOWN);
  }
}

// --- the mix ---------------------------------------------------------------------------------------------------

export interface MixOptions {
  /** Resources in total, the stack, default providers and components included. */
  readonly count: number;
  readonly seed?: number;
  /** Share of reference values unknown in this preview (0.3: a preview with a fair number of new resources). */
  readonly unknownRate?: number;
}

function urnOf(type: string, name: string, parentChain: string): string {
  const chain = parentChain ? `${parentChain}$${type}` : type;
  return `urn:pulumi:${BENCH_STACK}::${BENCH_PROJECT}::${chain}::${name}`;
}

function pickWeighted(rng: Rng, templates: readonly Template[], total: number): Template {
  let roll = rng.next() * total;
  for (const t of templates) {
    roll -= t.weight;
    if (roll < 0) return t;
  }
  return templates[templates.length - 1]!;
}

function pickCloud(rng: Rng): readonly [Cloud, readonly Template[]] {
  let roll = rng.next();
  for (const [cloud, templates, share] of CLOUD_SHARE) {
    roll -= share;
    if (roll < 0) return [cloud, templates];
  }
  const last = CLOUD_SHARE[CLOUD_SHARE.length - 1]!;
  return [last[0], last[1]];
}

interface Component {
  readonly urn: string;
  readonly chain: string;
  readonly team: string;
  readonly service: string;
}

/**
 * The deterministic mix: the stack first, then one default provider per cloud, then the program's resources, a
 * component (`acme:app:Service`) every 25 resources or so, with 40 % of the custom resources inside one.
 */
export function generateMix(options: MixOptions): BenchResource[] {
  const rng = new Rng(options.seed ?? 20_240_601);
  const unknownRate = options.unknownRate ?? 0.3;
  const resources: BenchResource[] = [];
  const stackUrn = urnOf("pulumi:pulumi:Stack", `${BENCH_PROJECT}-${BENCH_STACK}`, "");
  const base = {
    aliases: [] as string[],
    additionalSecretOutputs: [] as string[],
    ignoreChanges: [] as string[],
    dependencies: [] as string[],
    propertyDependencies: {},
  };
  resources.push({
    ...base,
    cloud: "pulumi",
    type: "pulumi:pulumi:Stack",
    name: `${BENCH_PROJECT}-${BENCH_STACK}`,
    urn: stackUrn,
    custom: false,
    stateful: false,
    props: {},
    protect: false,
  });
  const providers = new Map<Cloud, BenchProvider>();
  for (const [cloud] of CLOUD_SHARE) {
    const version = PROVIDER_VERSIONS[cloud]!;
    const type = `pulumi:providers:${cloud}`;
    const name = `default_${version.replace(/\./g, "_")}`;
    const props: Record<string, unknown> = { version };
    if (cloud === "aws") props["region"] = "eu-west-1";
    if (cloud === "gcp") props["project"] = "acme-prod";
    if (cloud === "azure-native") props["location"] = "westeurope";
    const provider: BenchProvider = { type, name, urn: urnOf(type, name, ""), props };
    providers.set(cloud, provider);
    resources.push({
      ...base,
      cloud,
      type,
      name,
      urn: provider.urn,
      custom: true,
      stateful: false,
      props,
      protect: false,
      parent: stackUrn,
    });
  }
  const totals = new Map(CLOUD_SHARE.map(([cloud, templates]) => [cloud, templates.reduce((s, t) => s + t.weight, 0)]));
  const components: Component[] = [];
  const usedNames = new Set<string>();
  while (resources.length < options.count) {
    const team = rng.pick(TEAMS);
    const service = rng.pick(SERVICES);
    if (rng.chance(0.04)) {
      const name = `${team}-${service}-${resources.length}`;
      const type = "acme:app:Service";
      const urn = urnOf(type, name, "");
      components.push({ urn, chain: type, team, service });
      resources.push({
        ...base,
        cloud: "component",
        type,
        name,
        urn,
        custom: false,
        stateful: false,
        props: {},
        protect: false,
        parent: stackUrn,
      });
      continue;
    }
    const [cloud, templates] = pickCloud(rng);
    const template = pickWeighted(rng, templates, totals.get(cloud)!);
    const component = components.length > 0 && rng.chance(0.4) ? rng.pick(components.slice(-8)) : undefined;
    const shortType = template.type.slice(template.type.lastIndexOf(":") + 1).toLowerCase();
    let name = `${component?.service ?? service}-${shortType}`;
    for (let n = 2; usedNames.has(`${template.type}::${name}`); n++)
      name = `${component?.service ?? service}-${shortType}-${n}`;
    usedNames.add(`${template.type}::${name}`);
    const ctx: Ctx = { rng, name, team: component?.team ?? team, service: component?.service ?? service, unknownRate };
    const props = template.props(ctx);
    const entry = builtinCatalog.lookup(template.type);
    applyDeletionProtection(template.type, props, ctx);
    const stateful = builtinCatalog.isStateful(template.type, props);
    // Stateful resources are mostly protected (the point of the pack); a few stateless ones are too.
    const protect = stateful ? rng.chance(0.75) : rng.chance(0.03);
    const dbrRoll = rng.next();
    const deleteBeforeReplace = dbrRoll < 0.04 ? true : dbrRoll < 0.08 ? false : undefined;
    const urn = urnOf(template.type, name, component?.chain ?? "");
    const dependencies = resources.length > 10 && rng.chance(0.6) ? [rng.pick(resources.slice(-10)).urn] : [];
    resources.push({
      cloud,
      type: template.type,
      name,
      urn,
      custom: true,
      stateful: stateful && entry !== undefined,
      props,
      protect,
      ...(deleteBeforeReplace !== undefined ? { deleteBeforeReplace } : {}),
      parent: component?.urn ?? stackUrn,
      aliases: rng.chance(0.02) ? [urnOf(template.type, `${name}-old`, component?.chain ?? "")] : [],
      additionalSecretOutputs: template.secretOutputs ?? [],
      ignoreChanges: rng.chance(0.05) ? ["tags"] : [],
      dependencies,
      propertyDependencies: dependencies.length > 0 ? { [Object.keys(props)[0] ?? "name"]: dependencies } : {},
      provider: providers.get(cloud)!,
    });
  }
  return resources;
}

export function summarizeMix(resources: readonly BenchResource[]): MixSummary {
  const byCloud: Record<string, number> = {};
  let stateful = 0;
  let statefulUnprotected = 0;
  let deleteBeforeReplace = 0;
  let bytes = 0;
  for (const r of resources) {
    byCloud[r.cloud] = (byCloud[r.cloud] ?? 0) + 1;
    if (r.stateful) {
      stateful++;
      if (!r.protect) statefulUnprotected++;
    }
    if (r.deleteBeforeReplace === true) deleteBeforeReplace++;
    bytes += JSON.stringify(r.props).length;
  }
  return {
    total: resources.length,
    byCloud,
    stateful,
    statefulUnprotected,
    deleteBeforeReplace,
    distinctTypes: new Set(resources.map((r) => r.type)).size,
    meanPropsBytes: Math.round(bytes / Math.max(1, resources.length)),
  };
}
