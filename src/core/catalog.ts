/**
 * The catalog of stateful Pulumi resource types: what stateguard considers to hold data that a delete or a
 * replacement would lose, which input properties force a replacement, and which of the provider's own fields
 * protect the resource from deletion. See docs/catalog.md.
 *
 * Every token, every `replaceOn` path and every deletion-protection path is checked by test/unit/catalog.test.ts
 * against the provider SDKs pinned in package.json (`stateguard.providerVersions`): the token must be a custom
 * resource of its package, each path must be an input property (followed through the SDK's input types).
 *
 * Where `replaceOn` comes from (the SDKs ship the replace-on-change metadata only for aws-native):
 * - aws-native: the SDK's own `replaceOnChanges` (CloudFormation's create-only properties); the test asserts the
 *   entries equal it, `[*]` dropped.
 * - aws, gcp, random, tls (bridged Terraform providers): the npm packages carry no ForceNew information. The lists
 *   were read from the upstream providers' schemas (ForceNew / RequiresReplace of top-level attributes):
 *   terraform-provider-google at e03b7622 (v7.46 development), terraform-provider-aws v5.31 (upbound mirror, plus
 *   main for region handling: a changed per-resource `region` forces a new resource), terraform-provider-random
 *   ad788e23, terraform-provider-tls d72d90e1. AWS types newer than v5.31 list only what is certain (their name and
 *   region). This is a one-off reading, not re-checked by the test: re-read on provider major upgrades.
 * - azure-native: the provider replaces a resource when a parameter of its URL path changes (resource group,
 *   parent and own names; provider/pkg/provider/diff.go), plus body properties flagged forceNew in metadata that
 *   the npm package does not ship. Only the path parameters are listed.
 * - kubernetes: the provider's forceNew table (provider/pkg/provider/diff.go of pulumi-kubernetes, not shipped in
 *   the npm package): metadata.name and metadata.namespace, plus per-kind spec fields.
 */

export const CATALOG_VERSION = "1.0.0";

export const STATEFUL_CATEGORIES = [
  "database",
  "object-storage",
  "block-storage",
  "file-storage",
  "message-queue",
  "stream",
  "cache",
  "search",
  "key-material",
  "secret",
  "identity",
  "dns",
  "backup",
  "registry",
  "log-analytics",
  "other",
] as const;

export type StatefulCategory = (typeof STATEFUL_CATEGORIES)[number];

/**
 * The value that makes a deletion-protection field safe:
 * - a boolean or a string: the field must equal it (`deletionProtection: true`, `deletionProtection: "ACTIVE"`);
 * - `{ anyOf }`: one of these strings (GCP `deletionPolicy: "ABANDON" | "PREVENT"`);
 * - `{ not }`: anything but this value (`recoveryWindowInDays` other than 0);
 * - `{ nonEmpty: true }`: a non-empty string (`finalSnapshotIdentifier`).
 */
export type SafeValue =
  | boolean
  | string
  | { readonly anyOf: readonly string[] }
  | { readonly not: boolean | string | number }
  | { readonly nonEmpty: true };

/** A provider field that protects the resource from deletion, and the value that makes it safe. */
export interface DeletionProtectionField {
  /** Input property, a dotted path for nested ones ("properties.enablePurgeProtection"). */
  readonly property: string;
  readonly safeValue: SafeValue;
  /** True when the provider's default (field omitted) is unsafe, so the field must be set explicitly. */
  readonly requiredExplicitly: boolean;
  /** The field does not apply when another property has this value (no final snapshot name when it is skipped). */
  readonly unless?: { readonly property: string; readonly equals: boolean | string };
}

/** A type that is stateful only for some resources: those where the property (dotted path) is present. */
export interface StatefulCondition {
  readonly present: string;
}

/** Where an entry comes from: built in, added or changed by policy-config.json, or made up by failClosed. */
export type EntryOrigin = "builtin" | "user-added" | "user-modified" | "fail-closed";

export interface StatefulTypeEntry {
  readonly type: string;
  readonly category: StatefulCategory;
  /** Why losing it hurts, in a few words ("relational database", "object storage"). */
  readonly why: string;
  /** Input properties (dotted paths) whose change makes the provider replace the resource. */
  readonly replaceOn: readonly string[];
  readonly deletionProtection: readonly DeletionProtectionField[];
  /** Absent: every resource of the type is stateful. */
  readonly statefulWhen?: StatefulCondition;
  readonly origin: EntryOrigin;
}

// --- the data ---------------------------------------------------------------------------------------------------

interface EntryOptions {
  readonly statefulWhen?: StatefulCondition;
}

function entry(
  type: string,
  category: StatefulCategory,
  why: string,
  replaceOn: readonly string[],
  deletionProtection: readonly DeletionProtectionField[] = [],
  options: EntryOptions = {},
): StatefulTypeEntry {
  return Object.freeze({
    type,
    category,
    why,
    replaceOn: Object.freeze([...replaceOn]),
    deletionProtection: Object.freeze([...deletionProtection]),
    ...(options.statefulWhen ? { statefulWhen: options.statefulWhen } : {}),
    origin: "builtin" as const,
  });
}

/** The provider's default is unsafe: the field must be set to this value. */
const setTo = (property: string, safeValue: SafeValue): DeletionProtectionField => ({
  property,
  safeValue,
  requiredExplicitly: true,
});
/** The provider's default is safe: the field may be omitted, and when set it must keep a safe value. */
const keepDefault = (property: string, safeValue: SafeValue): DeletionProtectionField => ({
  property,
  safeValue,
  requiredExplicitly: false,
});
/**
 * The final snapshot's name, required unless the final snapshot is skipped (which skipFinalSnapshot forbids).
 * Without it the AWS provider refuses the delete ("final_snapshot_identifier is required when skip_final_snapshot
 * is false"): the data stays, but a replacement stops halfway, with the new resource created and the old one still
 * there. Naming it makes a deliberate delete work and keep a snapshot.
 */
const finalSnapshotName = (property: string, skip = "skipFinalSnapshot"): DeletionProtectionField => ({
  property,
  safeValue: { nonEmpty: true },
  requiredExplicitly: true,
  unless: { property: skip, equals: true },
});
/** RDS-style databases: deletion protection on, the final snapshot kept and named. */
const rdsStyle = (deletionProtection = "deletionProtection"): DeletionProtectionField[] => [
  setTo(deletionProtection, true),
  keepDefault("skipFinalSnapshot", false),
  finalSnapshotName("finalSnapshotIdentifier"),
];
/** GCP's provider-side deletion policy: ABANDON keeps the resource, PREVENT refuses the delete. */
const GCP_SAFE_DELETION_POLICY: SafeValue = { anyOf: ["ABANDON", "PREVENT"] };

const AWS: readonly StatefulTypeEntry[] = [
  entry(
    "aws:rds/instance:Instance",
    "database",
    "relational database",
    [
      "availabilityZone",
      "backupTarget",
      "characterSetName",
      "customIamInstanceProfile",
      "dbName",
      "engine",
      "kmsKeyId",
      "ncharCharacterSetName",
      "region",
      "restoreToPointInTime",
      "snapshotIdentifier",
      "storageEncrypted",
      "timezone",
      "username",
    ],
    rdsStyle(),
  ),
  entry(
    "aws:rds/cluster:Cluster",
    "database",
    "relational database cluster",
    [
      "availabilityZones",
      "clusterIdentifier",
      "clusterIdentifierPrefix",
      "databaseName",
      "dbSubnetGroupName",
      "dbSystemId",
      "engine",
      "engineMode",
      "kmsKeyId",
      "masterUsername",
      "region",
      "restoreToPointInTime",
      "snapshotIdentifier",
      "sourceRegion",
      "storageEncrypted",
    ],
    rdsStyle(),
  ),
  entry("aws:rds/snapshot:Snapshot", "backup", "database snapshot", [
    "dbInstanceIdentifier",
    "dbSnapshotIdentifier",
    "region",
  ]),
  entry("aws:rds/clusterSnapshot:ClusterSnapshot", "backup", "database cluster snapshot", [
    "dbClusterIdentifier",
    "dbClusterSnapshotIdentifier",
    "region",
  ]),
  entry(
    "aws:dynamodb/table:Table",
    "database",
    "key-value table",
    ["hashKey", "localSecondaryIndexes", "name", "rangeKey", "region", "restoreDateTime", "restoreToLatestTime"],
    [setTo("deletionProtectionEnabled", true)],
  ),
  entry(
    "aws:s3/bucket:Bucket",
    "object-storage",
    "object storage bucket",
    ["bucket", "bucketPrefix", "objectLockEnabled", "region"],
    [keepDefault("forceDestroy", false)],
  ),
  entry(
    "aws:s3/bucketV2:BucketV2",
    "object-storage",
    "object storage bucket",
    ["bucket", "bucketPrefix", "objectLockEnabled", "region"],
    [keepDefault("forceDestroy", false)],
  ),
  entry(
    "aws:s3/directoryBucket:DirectoryBucket",
    "object-storage",
    "directory bucket (S3 Express)",
    ["bucket", "dataRedundancy", "location", "region", "type"],
    [keepDefault("forceDestroy", false)],
  ),
  entry(
    "aws:s3tables/tableBucket:TableBucket",
    "object-storage",
    "table bucket (Iceberg tables)",
    ["name", "region"],
    [keepDefault("forceDestroy", false)],
  ),
  entry("aws:s3tables/table:Table", "database", "Iceberg table", ["region", "tableBucketArn"]),
  entry("aws:glacier/vault:Vault", "object-storage", "archive vault", ["name", "region"]),
  entry(
    "aws:ebs/volume:Volume",
    "block-storage",
    "block storage volume",
    ["availabilityZone", "encrypted", "kmsKeyId", "multiAttachEnabled", "outpostArn", "region", "snapshotId"],
    [setTo("finalSnapshot", true)],
  ),
  entry("aws:ebs/snapshot:Snapshot", "backup", "volume snapshot", ["description", "outpostArn", "region", "volumeId"]),
  entry("aws:ebs/snapshotCopy:SnapshotCopy", "backup", "volume snapshot copy", [
    "description",
    "encrypted",
    "kmsKeyId",
    "region",
    "sourceRegion",
    "sourceSnapshotId",
  ]),
  entry("aws:efs/fileSystem:FileSystem", "file-storage", "network file system", [
    "availabilityZoneName",
    "creationToken",
    "encrypted",
    "kmsKeyId",
    "performanceMode",
    "region",
  ]),
  entry(
    "aws:fsx/lustreFileSystem:LustreFileSystem",
    "file-storage",
    "Lustre file system",
    [
      "backupId",
      "copyTagsToBackups",
      "deploymentType",
      "driveCacheType",
      "exportPath",
      "fileSystemTypeVersion",
      "importPath",
      "importedFileChunkSize",
      "kmsKeyId",
      "perUnitStorageThroughput",
      "region",
      "securityGroupIds",
      "storageType",
      "subnetIds",
    ],
    // The provider's default is to skip the final backup.
    [setTo("skipFinalBackup", false)],
  ),
  entry(
    "aws:fsx/windowsFileSystem:WindowsFileSystem",
    "file-storage",
    "Windows file server",
    [
      "activeDirectoryId",
      "backupId",
      "copyTagsToBackups",
      "deploymentType",
      "kmsKeyId",
      "preferredSubnetId",
      "region",
      "securityGroupIds",
      "storageType",
      "subnetIds",
    ],
    [keepDefault("skipFinalBackup", false)],
  ),
  entry("aws:fsx/ontapFileSystem:OntapFileSystem", "file-storage", "NetApp ONTAP file system", [
    "deploymentType",
    "endpointIpAddressRange",
    "kmsKeyId",
    "preferredSubnetId",
    "region",
    "securityGroupIds",
    "storageType",
    "subnetIds",
  ]),
  entry(
    "aws:fsx/openZfsFileSystem:OpenZfsFileSystem",
    "file-storage",
    "OpenZFS file system",
    [
      "backupId",
      "deploymentType",
      "endpointIpAddressRange",
      "kmsKeyId",
      "preferredSubnetId",
      "region",
      "securityGroupIds",
      "storageType",
      "subnetIds",
    ],
    [keepDefault("skipFinalBackup", false)],
  ),
  entry(
    "aws:fsx/ontapVolume:OntapVolume",
    "file-storage",
    "NetApp ONTAP volume",
    ["name", "ontapVolumeType", "region", "storageVirtualMachineId", "volumeType"],
    [keepDefault("skipFinalBackup", false)],
  ),
  entry("aws:fsx/openZfsVolume:OpenZfsVolume", "file-storage", "OpenZFS volume", [
    "copyTagsToSnapshots",
    "region",
    "volumeType",
  ]),
  entry("aws:fsx/backup:Backup", "backup", "file system backup", ["fileSystemId", "region", "volumeId"]),
  entry("aws:sqs/queue:Queue", "message-queue", "message queue", ["fifoQueue", "name", "namePrefix", "region"]),
  entry("aws:mq/broker:Broker", "message-queue", "message broker", [
    "brokerName",
    "deploymentMode",
    "encryptionOptions",
    "engineType",
    "ldapServerMetadata",
    "publiclyAccessible",
    "region",
    "subnetIds",
  ]),
  entry(
    "aws:kinesis/stream:Stream",
    "stream",
    "data stream",
    ["name", "region"],
    [keepDefault("enforceConsumerDeletion", false)],
  ),
  entry("aws:kinesis/videoStream:VideoStream", "stream", "video stream", [
    "dataRetentionInHours",
    "kmsKeyId",
    "name",
    "region",
  ]),
  entry("aws:msk/cluster:Cluster", "stream", "Kafka cluster", [
    "brokerNodeGroupInfo",
    "clusterName",
    "encryptionInfo",
    "region",
  ]),
  entry("aws:msk/serverlessCluster:ServerlessCluster", "stream", "serverless Kafka cluster", [
    "clientAuthentication",
    "clusterName",
    "region",
    "vpcConfigs",
  ]),
  entry("aws:kms/key:Key", "key-material", "encryption key (data encrypted with it is unreadable without it)", [
    "customKeyStoreId",
    "customerMasterKeySpec",
    "keyUsage",
    "multiRegion",
    "region",
  ]),
  entry("aws:kms/replicaKey:ReplicaKey", "key-material", "replica of a multi-Region encryption key", [
    "primaryKeyArn",
    "region",
  ]),
  entry("aws:kms/externalKey:ExternalKey", "key-material", "encryption key with imported material", [
    "keyMaterialBase64",
    "multiRegion",
    "region",
  ]),
  entry("aws:kms/replicaExternalKey:ReplicaExternalKey", "key-material", "replica of an imported encryption key", [
    "keyMaterialBase64",
    "primaryKeyArn",
    "region",
  ]),
  entry("aws:cloudhsmv2/cluster:Cluster", "key-material", "hardware security module cluster", [
    "hsmType",
    "region",
    "sourceBackupIdentifier",
    "subnetIds",
  ]),
  entry("aws:acmpca/certificateAuthority:CertificateAuthority", "key-material", "private certificate authority", [
    "keyStorageSecurityStandard",
    "region",
    "type",
  ]),
  entry(
    "aws:secretsmanager/secret:Secret",
    "secret",
    "secret (its value and versions)",
    ["name", "namePrefix", "region"],
    // 0 deletes the secret at once, without the recovery window.
    [keepDefault("recoveryWindowInDays", { not: 0 })],
  ),
  entry(
    "aws:docdb/cluster:Cluster",
    "database",
    "document database cluster",
    [
      "availabilityZones",
      "clusterIdentifier",
      "clusterIdentifierPrefix",
      "dbSubnetGroupName",
      "engine",
      "kmsKeyId",
      "masterUsername",
      "port",
      "region",
      "snapshotIdentifier",
      "storageEncrypted",
    ],
    rdsStyle(),
  ),
  entry("aws:docdb/elasticCluster:ElasticCluster", "database", "elastic document database cluster", [
    "adminUserName",
    "authType",
    "kmsKeyId",
    "name",
    "region",
  ]),
  entry(
    "aws:neptune/cluster:Cluster",
    "database",
    "graph database cluster",
    [
      "availabilityZones",
      "clusterIdentifier",
      "clusterIdentifierPrefix",
      "engine",
      "kmsKeyArn",
      "neptuneSubnetGroupName",
      "port",
      "region",
      "snapshotIdentifier",
      "storageEncrypted",
    ],
    rdsStyle(),
  ),
  entry(
    "aws:neptunegraph/graph:Graph",
    "database",
    "graph database",
    ["graphName", "graphNamePrefix", "region"],
    [setTo("deletionProtection", true)],
  ),
  entry(
    "aws:redshift/cluster:Cluster",
    "database",
    "data warehouse cluster",
    [
      "clusterIdentifier",
      "clusterSubnetGroupName",
      "masterUsername",
      "region",
      "snapshotArn",
      "snapshotClusterIdentifier",
      "snapshotIdentifier",
    ],
    [keepDefault("skipFinalSnapshot", false), finalSnapshotName("finalSnapshotIdentifier")],
  ),
  entry("aws:redshiftserverless/namespace:Namespace", "database", "serverless data warehouse namespace", [
    "dbName",
    "namespaceName",
    "region",
  ]),
  entry("aws:keyspaces/keyspace:Keyspace", "database", "Cassandra keyspace", ["name", "region"]),
  entry("aws:keyspaces/table:Table", "database", "Cassandra table", ["comment", "keyspaceName", "region", "tableName"]),
  entry("aws:timestreamwrite/database:Database", "database", "time-series database", ["databaseName", "region"]),
  entry("aws:timestreamwrite/table:Table", "database", "time-series table", [
    "databaseName",
    "region",
    "schema",
    "tableName",
  ]),
  entry("aws:timestreaminfluxdb/dbInstance:DbInstance", "database", "InfluxDB instance", ["name", "region"]),
  entry(
    "aws:qldb/ledger:Ledger",
    "database",
    "ledger database",
    ["name", "region"],
    [keepDefault("deletionProtection", true)],
  ),
  entry(
    "aws:memorydb/cluster:Cluster",
    "database",
    "durable in-memory database",
    [
      "autoMinorVersionUpgrade",
      "dataTiering",
      "kmsKeyArn",
      "name",
      "namePrefix",
      "port",
      "region",
      "snapshotArns",
      "snapshotName",
      "subnetGroupName",
      "tlsEnabled",
    ],
    [setTo("finalSnapshotName", { nonEmpty: true })],
  ),
  entry(
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "cache",
    "Redis/Valkey replication group (often a primary data store)",
    [
      "atRestEncryptionEnabled",
      "dataTieringEnabled",
      "engine",
      "globalReplicationGroupId",
      "kmsKeyId",
      "networkType",
      "port",
      "region",
      "replicationGroupId",
      "securityGroupNames",
      "snapshotArns",
      "snapshotName",
      "subnetGroupName",
      "transitEncryptionEnabled",
    ],
    [setTo("finalSnapshotIdentifier", { nonEmpty: true })],
  ),
  entry("aws:elasticache/serverlessCache:ServerlessCache", "cache", "serverless Redis/Valkey cache", [
    "name",
    "region",
  ]),
  entry(
    "aws:dsql/cluster:Cluster",
    "database",
    "distributed SQL cluster",
    ["region"],
    [setTo("deletionProtectionEnabled", true), keepDefault("forceDestroy", false)],
  ),
  entry("aws:opensearch/domain:Domain", "search", "search domain (its indexes)", [
    "domainName",
    "region",
    "vpcOptions",
  ]),
  entry("aws:elasticsearch/domain:Domain", "search", "search domain (its indexes)", [
    "domainName",
    "region",
    "vpcOptions",
  ]),
  entry("aws:opensearch/serverlessCollection:ServerlessCollection", "search", "serverless search collection", [
    "name",
    "region",
    "standbyReplicas",
    "type",
  ]),
  entry("aws:kendra/index:Index", "search", "enterprise search index", [
    "edition",
    "region",
    "serverSideEncryptionConfiguration",
  ]),
  entry(
    "aws:cognito/userPool:UserPool",
    "identity",
    "user directory (accounts, passwords)",
    ["aliasAttributes", "name", "region", "usernameAttributes"],
    [setTo("deletionProtection", "ACTIVE")],
  ),
  entry("aws:cognito/identityPool:IdentityPool", "identity", "identity pool (identity IDs)", [
    "developerProviderName",
    "identityPoolName",
    "region",
  ]),
  entry("aws:directoryservice/directory:Directory", "identity", "managed directory", [
    "alias",
    "connectSettings",
    "description",
    "edition",
    "name",
    "password",
    "region",
    "shortName",
    "size",
    "type",
    "vpcSettings",
  ]),
  entry(
    "aws:route53/zone:Zone",
    "dns",
    "DNS zone (records, delegated name servers)",
    ["delegationSetId", "name"],
    [keepDefault("forceDestroy", false)],
  ),
  entry(
    "aws:backup/vault:Vault",
    "backup",
    "backup vault (its recovery points)",
    ["kmsKeyArn", "name", "region"],
    [keepDefault("forceDestroy", false)],
  ),
  entry("aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault", "backup", "air-gapped backup vault", [
    "name",
    "region",
  ]),
  entry(
    "aws:ecr/repository:Repository",
    "registry",
    "container registry (its images)",
    ["encryptionConfigurations", "name", "region"],
    [keepDefault("forceDelete", false)],
  ),
  entry(
    "aws:ecrpublic/repository:Repository",
    "registry",
    "public container registry (its images)",
    ["region", "repositoryName"],
    [keepDefault("forceDestroy", false)],
  ),
  entry("aws:codecommit/repository:Repository", "registry", "source code repository", ["region"]),
  entry("aws:codeartifact/repository:Repository", "registry", "package repository", [
    "domain",
    "domainOwner",
    "region",
    "repository",
  ]),
  entry(
    "aws:cloudtrail/eventDataStore:EventDataStore",
    "log-analytics",
    "audit event store",
    ["kmsKeyId", "name", "region"],
    [keepDefault("terminationProtectionEnabled", true)],
  ),
  entry("aws:amp/workspace:Workspace", "log-analytics", "Prometheus metrics store", ["region"]),
  entry(
    "aws:lightsail/database:Database",
    "database",
    "relational database",
    [
      "availabilityZone",
      "blueprintId",
      "bundleId",
      "masterDatabaseName",
      "masterUsername",
      "region",
      "relationalDatabaseName",
    ],
    [keepDefault("skipFinalSnapshot", false), finalSnapshotName("finalSnapshotName")],
  ),
  entry("aws:lightsail/disk:Disk", "block-storage", "block storage disk", [
    "availabilityZone",
    "name",
    "region",
    "sizeInGb",
  ]),
  entry(
    "aws:lightsail/bucket:Bucket",
    "object-storage",
    "object storage bucket",
    ["name", "region"],
    [keepDefault("forceDelete", false)],
  ),
  entry("aws:sagemaker/featureGroup:FeatureGroup", "database", "feature store", [
    "description",
    "eventTimeFeatureName",
    "featureDefinitions",
    "featureGroupName",
    "offlineStoreConfig",
    "onlineStoreConfig",
    "recordIdentifierFeatureName",
    "region",
    "roleArn",
  ]),
];

const AWS_NATIVE: readonly StatefulTypeEntry[] = [
  entry(
    "aws-native:rds:DbInstance",
    "database",
    "relational database",
    [
      "backupTarget",
      "characterSetName",
      "customIamInstanceProfile",
      "dbClusterIdentifier",
      "dbInstanceIdentifier",
      "dbName",
      "dbSubnetGroupName",
      "dbSystemId",
      "kmsKeyId",
      "masterUsername",
      "ncharCharacterSetName",
      "sourceRegion",
      "storageEncrypted",
      "timezone",
    ],
    [setTo("deletionProtection", true)],
  ),
  entry(
    "aws-native:rds:DbCluster",
    "database",
    "relational database cluster",
    [
      "clusterScalabilityType",
      "databaseName",
      "dbClusterIdentifier",
      "dbSubnetGroupName",
      "dbSystemId",
      "engineMode",
      "kmsKeyId",
      "publiclyAccessible",
      "restoreToTime",
      "restoreType",
      "snapshotIdentifier",
      "sourceDbClusterIdentifier",
      "sourceDbClusterResourceId",
      "sourceRegion",
      "storageEncrypted",
      "useLatestRestorableTime",
    ],
    [setTo("deletionProtection", true)],
  ),
  entry(
    "aws-native:dynamodb:Table",
    "database",
    "key-value table",
    ["importSourceSpecification", "tableName"],
    [setTo("deletionProtectionEnabled", true)],
  ),
  entry("aws-native:dynamodb:GlobalTable", "database", "multi-Region key-value table", ["tableName"]),
  entry("aws-native:s3:Bucket", "object-storage", "object storage bucket", [
    "bucketName",
    "bucketNamePrefix",
    "bucketNamespace",
  ]),
  entry("aws-native:s3express:DirectoryBucket", "object-storage", "directory bucket (S3 Express)", [
    "bucketName",
    "dataRedundancy",
    "locationName",
  ]),
  entry("aws-native:s3tables:TableBucket", "object-storage", "table bucket (Iceberg tables)", ["tableBucketName"]),
  entry("aws-native:efs:FileSystem", "file-storage", "network file system", [
    "availabilityZoneName",
    "encrypted",
    "kmsKeyId",
    "performanceMode",
  ]),
  entry("aws-native:sqs:Queue", "message-queue", "message queue", ["fifoQueue", "queueName"]),
  entry("aws-native:kms:Key", "key-material", "encryption key (data encrypted with it is unreadable without it)", []),
  entry("aws-native:kms:ReplicaKey", "key-material", "replica of a multi-Region encryption key", ["primaryKeyArn"]),
  entry("aws-native:ec2:Volume", "block-storage", "block storage volume", []),
  entry("aws-native:secretsmanager:Secret", "secret", "secret (its value and versions)", ["name"]),
  entry(
    "aws-native:ecr:Repository",
    "registry",
    "container registry (its images)",
    ["encryptionConfiguration", "repositoryName"],
    [keepDefault("emptyOnDelete", false)],
  ),
  entry("aws-native:opensearchservice:Domain", "search", "search domain (its indexes)", ["domainName", "engineMode"]),
  entry("aws-native:kinesis:Stream", "stream", "data stream", ["name"]),
  entry("aws-native:msk:Cluster", "stream", "Kafka cluster", [
    "brokerNodeGroupInfo.brokerAzDistribution",
    "brokerNodeGroupInfo.clientSubnets",
    "brokerNodeGroupInfo.securityGroups",
    "clusterName",
    "encryptionInfo.encryptionAtRest",
    "encryptionInfo.encryptionInTransit.inCluster",
  ]),
  entry(
    "aws-native:neptune:DbCluster",
    "database",
    "graph database cluster",
    [
      "availabilityZones",
      "dbClusterIdentifier",
      "dbSubnetGroupName",
      "globalClusterIdentifier",
      "kmsKeyId",
      "restoreToTime",
      "restoreType",
      "snapshotIdentifier",
      "sourceDbClusterIdentifier",
      "storageEncrypted",
      "useLatestRestorableTime",
    ],
    [setTo("deletionProtection", true)],
  ),
  entry("aws-native:redshift:Cluster", "database", "data warehouse cluster", [
    "clusterIdentifier",
    "clusterSubnetGroupName",
    "dbName",
    "masterUsername",
    "ownerAccount",
    "snapshotClusterIdentifier",
    "snapshotIdentifier",
  ]),
  entry(
    "aws-native:cognito:UserPool",
    "identity",
    "user directory (accounts, passwords)",
    [],
    [setTo("deletionProtection", "ACTIVE")],
  ),
  entry("aws-native:route53:HostedZone", "dns", "DNS zone (records, delegated name servers)", ["name"]),
  entry("aws-native:backup:BackupVault", "backup", "backup vault (its recovery points)", [
    "backupVaultName",
    "encryptionKeyArn",
  ]),
  entry("aws-native:memorydb:Cluster", "database", "durable in-memory database", [
    "clusterName",
    "dataTiering",
    "kmsKeyId",
    "multiRegionClusterName",
    "networkType",
    "port",
    "snapshotArns",
    "snapshotName",
    "subnetGroupName",
    "tlsEnabled",
  ]),
  entry("aws-native:elasticache:ServerlessCache", "cache", "serverless Redis/Valkey cache", [
    "kmsKeyId",
    "networkType",
    "serverlessCacheName",
    "snapshotArnsToRestore",
    "subnetIds",
  ]),
  entry(
    "aws-native:elasticache:ReplicationGroup",
    "cache",
    "Redis/Valkey replication group (often a primary data store)",
    [
      "atRestEncryptionEnabled",
      "cacheSubnetGroupName",
      "dataTieringEnabled",
      "globalReplicationGroupId",
      "kmsKeyId",
      "networkType",
      "port",
      "preferredCacheClusterAzs",
      "replicationGroupId",
      "snapshotArns",
      "snapshotName",
    ],
  ),
  entry("aws-native:timestream:Database", "database", "time-series database", ["databaseName"]),
  entry("aws-native:timestream:Table", "database", "time-series table", ["databaseName", "tableName"]),
  entry("aws-native:cassandra:Keyspace", "database", "Cassandra keyspace", ["keyspaceName"]),
  entry("aws-native:cassandra:Table", "database", "Cassandra table", [
    "clientSideTimestampsEnabled",
    "clusteringKeyColumns",
    "keyspaceName",
    "partitionKeyColumns",
    "tableName",
  ]),
  entry(
    "aws-native:dsql:Cluster",
    "database",
    "distributed SQL cluster",
    [],
    [setTo("deletionProtectionEnabled", true)],
  ),
  entry("aws-native:docdbelastic:Cluster", "database", "elastic document database cluster", [
    "adminUserName",
    "authType",
    "clusterName",
    "kmsKeyId",
  ]),
];

const GCP: readonly StatefulTypeEntry[] = [
  entry(
    "gcp:sql/databaseInstance:DatabaseInstance",
    "database",
    "relational database instance",
    ["encryptionKeyName", "name", "project", "region"],
    [keepDefault("deletionProtection", true)],
  ),
  entry(
    "gcp:sql/database:Database",
    "database",
    "database in a Cloud SQL instance",
    ["instance", "name", "project"],
    [setTo("deletionPolicy", GCP_SAFE_DELETION_POLICY)],
  ),
  entry(
    "gcp:storage/bucket:Bucket",
    "object-storage",
    "object storage bucket",
    ["enableObjectRetention", "hierarchicalNamespace", "location", "name", "project"],
    [keepDefault("forceDestroy", false)],
  ),
  entry(
    "gcp:compute/disk:Disk",
    "block-storage",
    "persistent disk",
    [
      "architecture",
      "asyncPrimaryDisk",
      "description",
      "diskEncryptionKey",
      "enableConfidentialCompute",
      "guestOsFeatures",
      "image",
      "licenses",
      "name",
      "params",
      "physicalBlockSizeBytes",
      "project",
      "snapshot",
      "sourceDisk",
      "sourceImageEncryptionKey",
      "sourceInstantSnapshot",
      "sourceSnapshotEncryptionKey",
      "sourceStorageObject",
      "storagePool",
      "type",
      "zone",
    ],
    [setTo("createSnapshotBeforeDestroy", true)],
  ),
  entry(
    "gcp:compute/regionDisk:RegionDisk",
    "block-storage",
    "regional persistent disk",
    [
      "asyncPrimaryDisk",
      "description",
      "diskEncryptionKey",
      "guestOsFeatures",
      "image",
      "licenses",
      "name",
      "physicalBlockSizeBytes",
      "project",
      "region",
      "replicaZones",
      "snapshot",
      "sourceDisk",
      "sourceImageEncryptionKey",
      "sourceSnapshotEncryptionKey",
      "type",
    ],
    [setTo("createSnapshotBeforeDestroy", true)],
  ),
  entry("gcp:compute/snapshot:Snapshot", "backup", "disk snapshot", [
    "chainName",
    "description",
    "name",
    "params",
    "project",
    "snapshotEncryptionKey",
    "snapshotType",
    "sourceDisk",
    "sourceDiskEncryptionKey",
    "sourceInstantSnapshot",
    "storageLocations",
    "zone",
  ]),
  entry(
    "gcp:filestore/instance:Instance",
    "file-storage",
    "network file system",
    ["initialReplication", "kmsKeyName", "location", "networks", "project", "protocol", "tags", "tier", "zone"],
    [setTo("deletionProtectionEnabled", true)],
  ),
  entry("gcp:filestore/backup:Backup", "backup", "file share backup", [
    "location",
    "name",
    "project",
    "sourceFileShare",
    "tags",
  ]),
  entry(
    "gcp:bigquery/dataset:Dataset",
    "database",
    "analytics dataset",
    ["datasetId", "externalDatasetReference", "location", "project"],
    [keepDefault("deleteContentsOnDestroy", false)],
  ),
  entry(
    "gcp:bigquery/table:Table",
    "database",
    "analytics table",
    [
      "biglakeConfiguration",
      "datasetId",
      "encryptionConfiguration",
      "project",
      "schemaForeignTypeInfo",
      "tableId",
      "tableReplicationInfo",
    ],
    [keepDefault("deletionProtection", true)],
  ),
  entry(
    "gcp:bigtable/instance:Instance",
    "database",
    "wide-column database instance",
    ["name", "project", "tags"],
    [keepDefault("deletionProtection", true), keepDefault("forceDestroy", false)],
  ),
  entry(
    "gcp:bigtable/table:Table",
    "database",
    "wide-column table",
    ["instanceName", "name", "project", "splitKeys"],
    [setTo("deletionProtection", "PROTECTED")],
  ),
  entry(
    "gcp:spanner/instance:Instance",
    "database",
    "distributed database instance",
    ["config", "name", "project"],
    [keepDefault("forceDestroy", false)],
  ),
  entry(
    "gcp:spanner/database:Database",
    "database",
    "distributed database",
    ["databaseDialect", "encryptionConfig", "instance", "name", "project"],
    [keepDefault("deletionProtection", true), setTo("enableDropProtection", true)],
  ),
  entry(
    "gcp:firestore/database:Database",
    "database",
    "document database",
    [
      "cmekConfig",
      "databaseEdition",
      "firestoreDataAccessMode",
      "locationId",
      "mongodbCompatibleDataAccessMode",
      "name",
      "project",
      "realtimeUpdatesMode",
      "tags",
    ],
    [
      setTo("deleteProtectionState", "DELETE_PROTECTION_ENABLED"),
      keepDefault("deletionPolicy", GCP_SAFE_DELETION_POLICY),
    ],
  ),
  entry(
    "gcp:redis/instance:Instance",
    "cache",
    "Redis instance (often a primary data store)",
    [
      "alternativeLocationId",
      "authorizedNetwork",
      "connectMode",
      "customerManagedKey",
      "locationId",
      "name",
      "project",
      "region",
      "reservedIpRange",
      "tier",
      "transitEncryptionMode",
    ],
    [setTo("deletionProtection", true)],
  ),
  entry(
    "gcp:redis/cluster:Cluster",
    "cache",
    "Redis cluster (often a primary data store)",
    [
      "authorizationMode",
      "gcsSource",
      "managedBackupSource",
      "name",
      "project",
      "region",
      "transitEncryptionMode",
      "zoneDistributionConfig",
    ],
    [keepDefault("deletionProtectionEnabled", true)],
  ),
  entry(
    "gcp:memorystore/instance:Instance",
    "cache",
    "Valkey instance (often a primary data store)",
    [
      "authorizationMode",
      "desiredAutoCreatedEndpoints",
      "desiredPscAutoConnections",
      "gcsSource",
      "instanceId",
      "kmsKey",
      "location",
      "managedBackupSource",
      "mode",
      "project",
      "serverCaMode",
      "serverCaPool",
      "transitEncryptionMode",
      "zoneDistributionConfig",
    ],
    [keepDefault("deletionProtectionEnabled", true)],
  ),
  entry(
    "gcp:alloydb/cluster:Cluster",
    "database",
    "PostgreSQL-compatible database cluster",
    [
      "clusterId",
      "location",
      "project",
      "restoreBackupSource",
      "restoreBackupdrBackupSource",
      "restoreBackupdrPitrSource",
      "restoreContinuousBackupSource",
    ],
    [keepDefault("deletionProtection", true)],
  ),
  entry("gcp:alloydb/backup:Backup", "backup", "database backup", ["backupId", "clusterName", "location", "project"]),
  entry("gcp:pubsub/subscription:Subscription", "message-queue", "subscription (its unacknowledged messages)", [
    "enableMessageOrdering",
    "filter",
    "name",
    "project",
    "tags",
    "topic",
  ]),
  entry(
    "gcp:kms/cryptoKey:CryptoKey",
    "key-material",
    "encryption key (data encrypted with it is unreadable without it)",
    ["cryptoKeyBackend", "destroyScheduledDuration", "importOnly", "keyRing", "name", "purpose"],
  ),
  entry(
    "gcp:secretmanager/secret:Secret",
    "secret",
    "secret (its value and versions)",
    ["project", "replication", "secretId", "tags"],
    [setTo("deletionProtection", true)],
  ),
  entry(
    "gcp:secretmanager/regionalSecret:RegionalSecret",
    "secret",
    "secret (its value and versions)",
    ["location", "project", "secretId", "tags"],
    [setTo("deletionProtection", true)],
  ),
  entry(
    "gcp:dns/managedZone:ManagedZone",
    "dns",
    "DNS zone (records, delegated name servers)",
    ["dnsName", "name", "project", "visibility"],
    [keepDefault("forceDestroy", false)],
  ),
  entry("gcp:artifactregistry/repository:Repository", "registry", "artifact registry (its images and packages)", [
    "format",
    "kmsKeyName",
    "location",
    "mode",
    "project",
    "remoteRepositoryConfig",
    "repositoryId",
  ]),
  entry("gcp:logging/projectBucketConfig:ProjectBucketConfig", "log-analytics", "log bucket (its retained logs)", [
    "bucketId",
    "location",
    "project",
  ]),
  entry("gcp:healthcare/dataset:Dataset", "database", "healthcare dataset", [
    "encryptionSpec",
    "location",
    "name",
    "project",
  ]),
  entry("gcp:healthcare/fhirStore:FhirStore", "database", "FHIR store", [
    "dataset",
    "disableReferentialIntegrity",
    "disableResourceVersioning",
    "enableHistoryImport",
    "name",
    "version",
  ]),
  entry("gcp:healthcare/dicomStore:DicomStore", "database", "DICOM store", ["dataset", "name"]),
  entry("gcp:healthcare/hl7Store:Hl7Store", "database", "HL7v2 store", ["dataset", "name"]),
  entry("gcp:netapp/volume:Volume", "file-storage", "NetApp volume", [
    "kerberosEnabled",
    "largeCapacity",
    "location",
    "name",
    "project",
    "protocols",
    "restoreParameters",
    "securityStyle",
    "shareName",
  ]),
  entry("gcp:parallelstore/instance:Instance", "file-storage", "parallel file system", [
    "capacityGib",
    "instanceId",
    "location",
    "network",
    "project",
    "reservedIpRange",
  ]),
  entry("gcp:lustre/instance:Instance", "file-storage", "Lustre file system", [
    "dynamicTierOptions",
    "filesystem",
    "instanceId",
    "kmsKey",
    "location",
    "network",
    "perUnitStorageThroughput",
    "project",
  ]),
  entry(
    "gcp:backupdisasterrecovery/backupVault:BackupVault",
    "backup",
    "backup vault (its backups)",
    ["backupVaultId", "location", "project"],
    [keepDefault("forceDelete", false)],
  ),
  entry("gcp:sourcerepo/repository:Repository", "registry", "source code repository", ["name", "project"]),
  entry(
    "gcp:securesourcemanager/repository:Repository",
    "registry",
    "source code repository",
    ["initialConfig", "instance", "location", "project", "repositoryId"],
    [keepDefault("deletionPolicy", GCP_SAFE_DELETION_POLICY)],
  ),
  entry(
    "gcp:certificateauthority/authority:Authority",
    "key-material",
    "private certificate authority (its signing key)",
    ["certificateAuthorityId", "config", "gcsBucket", "keySpec", "lifetime", "location", "pool", "project", "type"],
    [keepDefault("deletionProtection", true), keepDefault("skipGracePeriod", false)],
  ),
  entry("gcp:identityplatform/tenant:Tenant", "identity", "identity tenant (its users)", ["project"]),
  entry(
    "gcp:dataproc/metastoreService:MetastoreService",
    "database",
    "Hive metastore",
    ["databaseType", "location", "network", "networkConfig", "project", "releaseChannel", "serviceId", "tags"],
    [setTo("deletionProtection", true)],
  ),
  entry(
    "gcp:oracledatabase/autonomousDatabase:AutonomousDatabase",
    "database",
    "Oracle database",
    [
      "adminPassword",
      "autonomousDatabaseId",
      "cidr",
      "database",
      "displayName",
      "location",
      "network",
      "odbNetwork",
      "odbSubnet",
      "project",
      "properties",
      "sourceConfig",
    ],
    [keepDefault("deletionProtection", true)],
  ),
];

/** azure-native: `replaceOn` is the URL path parameters (see the header comment). */
const AZURE_NATIVE: readonly StatefulTypeEntry[] = [
  entry("azure-native:storage:StorageAccount", "object-storage", "storage account (blobs, files, queues, tables)", [
    "accountName",
    "resourceGroupName",
  ]),
  entry("azure-native:storage:BlobContainer", "object-storage", "blob container", [
    "accountName",
    "containerName",
    "resourceGroupName",
  ]),
  entry("azure-native:storage:FileShare", "file-storage", "file share", [
    "accountName",
    "resourceGroupName",
    "shareName",
  ]),
  entry("azure-native:storage:Queue", "message-queue", "storage queue", [
    "accountName",
    "queueName",
    "resourceGroupName",
  ]),
  entry("azure-native:storage:Table", "database", "storage table", ["accountName", "resourceGroupName", "tableName"]),
  entry("azure-native:sql:Server", "database", "SQL server (its databases)", ["resourceGroupName", "serverName"]),
  entry("azure-native:sql:Database", "database", "SQL database", ["databaseName", "resourceGroupName", "serverName"]),
  entry("azure-native:sql:ManagedInstance", "database", "SQL managed instance", [
    "managedInstanceName",
    "resourceGroupName",
  ]),
  entry("azure-native:sql:ManagedDatabase", "database", "SQL managed instance database", [
    "databaseName",
    "managedInstanceName",
    "resourceGroupName",
  ]),
  entry("azure-native:dbforpostgresql:Server", "database", "PostgreSQL flexible server", [
    "resourceGroupName",
    "serverName",
  ]),
  entry("azure-native:dbforpostgresql:Database", "database", "PostgreSQL database", [
    "databaseName",
    "resourceGroupName",
    "serverName",
  ]),
  entry("azure-native:dbformysql:Server", "database", "MySQL flexible server", ["resourceGroupName", "serverName"]),
  entry("azure-native:dbformysql:Database", "database", "MySQL database", [
    "databaseName",
    "resourceGroupName",
    "serverName",
  ]),
  entry("azure-native:cosmosdb:DatabaseAccount", "database", "Cosmos DB account (its databases)", [
    "accountName",
    "resourceGroupName",
  ]),
  entry("azure-native:cosmosdb:SqlResourceSqlDatabase", "database", "Cosmos DB SQL database", [
    "accountName",
    "databaseName",
    "resourceGroupName",
  ]),
  entry("azure-native:cosmosdb:SqlResourceSqlContainer", "database", "Cosmos DB SQL container", [
    "accountName",
    "containerName",
    "databaseName",
    "resourceGroupName",
  ]),
  entry("azure-native:cosmosdb:MongoDBResourceMongoDBDatabase", "database", "Cosmos DB MongoDB database", [
    "accountName",
    "databaseName",
    "resourceGroupName",
  ]),
  entry("azure-native:cosmosdb:MongoDBResourceMongoDBCollection", "database", "Cosmos DB MongoDB collection", [
    "accountName",
    "collectionName",
    "databaseName",
    "resourceGroupName",
  ]),
  entry("azure-native:cosmosdb:CassandraResourceCassandraKeyspace", "database", "Cosmos DB Cassandra keyspace", [
    "accountName",
    "keyspaceName",
    "resourceGroupName",
  ]),
  entry("azure-native:cosmosdb:GremlinResourceGremlinDatabase", "database", "Cosmos DB Gremlin database", [
    "accountName",
    "databaseName",
    "resourceGroupName",
  ]),
  entry("azure-native:cosmosdb:TableResourceTable", "database", "Cosmos DB table", [
    "accountName",
    "resourceGroupName",
    "tableName",
  ]),
  entry("azure-native:mongocluster:MongoCluster", "database", "MongoDB cluster", [
    "mongoClusterName",
    "resourceGroupName",
  ]),
  entry("azure-native:redis:Redis", "cache", "Redis cache (often a primary data store)", ["name", "resourceGroupName"]),
  entry("azure-native:redisenterprise:RedisEnterprise", "cache", "Redis Enterprise cluster (its databases)", [
    "clusterName",
    "resourceGroupName",
  ]),
  entry("azure-native:redisenterprise:Database", "cache", "Redis Enterprise database", [
    "clusterName",
    "databaseName",
    "resourceGroupName",
  ]),
  entry(
    "azure-native:keyvault:Vault",
    "key-material",
    "key vault (its keys, secrets and certificates)",
    ["resourceGroupName", "vaultName"],
    [setTo("properties.enablePurgeProtection", true), keepDefault("properties.enableSoftDelete", true)],
  ),
  entry(
    "azure-native:keyvault:Key",
    "key-material",
    "encryption key (data encrypted with it is unreadable without it)",
    ["keyName", "resourceGroupName", "vaultName"],
  ),
  entry("azure-native:keyvault:Secret", "secret", "secret (its value and versions)", [
    "resourceGroupName",
    "secretName",
    "vaultName",
  ]),
  entry(
    "azure-native:keyvault:ManagedHsm",
    "key-material",
    "managed hardware security module (its keys)",
    ["name", "resourceGroupName"],
    [setTo("properties.enablePurgeProtection", true)],
  ),
  entry("azure-native:compute:Disk", "block-storage", "managed disk", ["diskName", "resourceGroupName"]),
  entry("azure-native:compute:Snapshot", "backup", "disk snapshot", ["resourceGroupName", "snapshotName"]),
  entry("azure-native:servicebus:Namespace", "message-queue", "Service Bus namespace (its queues and topics)", [
    "namespaceName",
    "resourceGroupName",
  ]),
  entry("azure-native:servicebus:Queue", "message-queue", "Service Bus queue", [
    "namespaceName",
    "queueName",
    "resourceGroupName",
  ]),
  entry("azure-native:servicebus:Topic", "message-queue", "Service Bus topic (its subscriptions' messages)", [
    "namespaceName",
    "resourceGroupName",
    "topicName",
  ]),
  entry("azure-native:servicebus:Subscription", "message-queue", "Service Bus subscription (its messages)", [
    "namespaceName",
    "resourceGroupName",
    "subscriptionName",
    "topicName",
  ]),
  entry("azure-native:eventhub:Namespace", "stream", "Event Hubs namespace (its event hubs)", [
    "namespaceName",
    "resourceGroupName",
  ]),
  entry("azure-native:eventhub:EventHub", "stream", "event hub (its retained events)", [
    "eventHubName",
    "namespaceName",
    "resourceGroupName",
  ]),
  entry("azure-native:netapp:CapacityPoolVolume", "file-storage", "NetApp volume", [
    "accountName",
    "poolName",
    "resourceGroupName",
    "volumeName",
  ]),
  entry("azure-native:containerregistry:Registry", "registry", "container registry (its images)", [
    "registryName",
    "resourceGroupName",
  ]),
  entry("azure-native:operationalinsights:Workspace", "log-analytics", "Log Analytics workspace (its logs)", [
    "resourceGroupName",
    "workspaceName",
  ]),
  entry("azure-native:monitor:AzureMonitorWorkspace", "log-analytics", "Prometheus metrics workspace", [
    "azureMonitorWorkspaceName",
    "resourceGroupName",
  ]),
  entry("azure-native:search:Service", "search", "search service (its indexes)", [
    "resourceGroupName",
    "searchServiceName",
  ]),
  entry(
    "azure-native:dataprotection:BackupVault",
    "backup",
    "backup vault (its recovery points)",
    ["resourceGroupName", "vaultName"],
    [keepDefault("properties.securitySettings.softDeleteSettings.state", { anyOf: ["On", "AlwaysOn"] })],
  ),
  entry(
    "azure-native:recoveryservices:Vault",
    "backup",
    "Recovery Services vault (its recovery points)",
    ["resourceGroupName", "vaultName"],
    [
      keepDefault("properties.securitySettings.softDeleteSettings.softDeleteState", {
        anyOf: ["Enabled", "AlwaysON"],
      }),
    ],
  ),
  entry("azure-native:dns:Zone", "dns", "DNS zone (records, delegated name servers)", [
    "resourceGroupName",
    "zoneName",
  ]),
  entry("azure-native:privatedns:PrivateZone", "dns", "private DNS zone (its records)", [
    "privateZoneName",
    "resourceGroupName",
  ]),
  entry("azure-native:kusto:Cluster", "log-analytics", "Data Explorer cluster (its databases)", [
    "clusterName",
    "resourceGroupName",
  ]),
  entry("azure-native:kusto:ReadWriteDatabase", "log-analytics", "Data Explorer database", [
    "clusterName",
    "databaseName",
    "resourceGroupName",
  ]),
  entry("azure-native:appconfiguration:ConfigurationStore", "database", "configuration store (its key-values)", [
    "configStoreName",
    "resourceGroupName",
  ]),
  entry("azure-native:elasticsan:ElasticSan", "block-storage", "Elastic SAN (its volumes)", [
    "elasticSanName",
    "resourceGroupName",
  ]),
  entry("azure-native:elasticsan:Volume", "block-storage", "Elastic SAN volume", [
    "elasticSanName",
    "resourceGroupName",
    "volumeGroupName",
    "volumeName",
  ]),
  entry("azure-native:aad:DomainService", "identity", "managed domain (its accounts)", [
    "domainServiceName",
    "resourceGroupName",
  ]),
  entry("azure-native:azureactivedirectory:B2CTenant", "identity", "B2C tenant (its users)", [
    "resourceGroupName",
    "resourceName",
  ]),
];

const KUBERNETES: readonly StatefulTypeEntry[] = [
  entry("kubernetes:core/v1:PersistentVolumeClaim", "block-storage", "persistent volume claim", [
    "metadata.name",
    "metadata.namespace",
    "spec.accessModes",
    "spec.selector",
    "spec.storageClassName",
    "spec.volumeName",
  ]),
  entry("kubernetes:core/v1:PersistentVolume", "block-storage", "persistent volume", [
    "metadata.name",
    "metadata.namespace",
    "spec.awsElasticBlockStore",
    "spec.azureDisk",
    "spec.azureFile",
    "spec.cephfs",
    "spec.cinder",
    "spec.csi",
    "spec.fc",
    "spec.flexVolume",
    "spec.flocker",
    "spec.gcePersistentDisk",
    "spec.glusterfs",
    "spec.hostPath",
    "spec.iscsi",
    "spec.local",
    "spec.nfs",
    "spec.photonPersistentDisk",
    "spec.portworxVolume",
    "spec.quobyte",
    "spec.rbd",
    "spec.scaleIO",
    "spec.storageos",
    "spec.vsphereVolume",
  ]),
  entry(
    "kubernetes:apps/v1:StatefulSet",
    "block-storage",
    "stateful set with volume claim templates (its pods' volumes)",
    [
      "metadata.name",
      "metadata.namespace",
      "spec.podManagementPolicy",
      "spec.revisionHistoryLimit",
      "spec.selector",
      "spec.serviceName",
      "spec.volumeClaimTemplates",
    ],
    // The claims outlive the set unless this says Delete.
    [keepDefault("spec.persistentVolumeClaimRetentionPolicy.whenDeleted", "Retain")],
    { statefulWhen: { present: "spec.volumeClaimTemplates" } },
  ),
];

/**
 * Key material only. random's RandomPassword, RandomString and RandomId are left out on purpose: a replaced password
 * is rotated in its consumers by the same update, and a replaced name replaces the (protected) resources using it.
 * RandomBytes is documented by its provider as secret key material, which nothing can regenerate.
 */
const KEY_MATERIAL: readonly StatefulTypeEntry[] = [
  entry("random:index/randomBytes:RandomBytes", "key-material", "random key material (cannot be regenerated)", [
    "keepers",
    "length",
  ]),
  entry("tls:index/privateKey:PrivateKey", "key-material", "private key (cannot be regenerated)", [
    "algorithm",
    "ecdsaCurve",
    "rsaBits",
  ]),
];

const BUILTIN: readonly StatefulTypeEntry[] = Object.freeze([
  ...AWS,
  ...AWS_NATIVE,
  ...GCP,
  ...AZURE_NATIVE,
  ...KUBERNETES,
  ...KEY_MATERIAL,
]);

// --- reading props --------------------------------------------------------------------------------------------

/** What a dotted path holds in props: absent, or its value. Never throws. */
function readPath(props: Readonly<Record<string, unknown>>, path: string): { present: false } | { value: unknown } {
  let current: unknown = props;
  for (const key of path.split(".")) {
    if (typeof current !== "object" || current === null || !Object.prototype.hasOwnProperty.call(current, key)) {
      return { present: false };
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current === undefined || current === null ? { present: false } : { value: current };
}

/**
 * Whether a condition holds for these props. A value that cannot be read (the policy SDK throws on values unknown
 * during preview) counts as present: a resource that may be stateful is treated as stateful.
 */
export function conditionHolds(condition: StatefulCondition, props: Readonly<Record<string, unknown>>): boolean {
  try {
    const read = readPath(props, condition.present);
    if (!("value" in read)) return false;
    return !(Array.isArray(read.value) && read.value.length === 0);
  } catch {
    return true;
  }
}

/** Whether a deletion-protection field applies to these props (its `unless` condition does not hold). */
export function deletionProtectionApplies(
  field: DeletionProtectionField,
  props: Readonly<Record<string, unknown>>,
): boolean {
  if (!field.unless) return true;
  const read = readPath(props, field.unless.property);
  return !("value" in read && sameValue(read.value, field.unless.equals));
}

function sameValue(value: unknown, expected: boolean | string | number): boolean {
  // Providers accept the string forms of booleans and numbers.
  return value === expected || (typeof value === "string" && value === String(expected));
}

/**
 * Judges a field's value: `undefined` when the field is absent (safe unless the provider's default is unsafe).
 * Values of other types than the safe value's are unsafe: they cannot be shown to be safe.
 */
export function isSafeValue(field: DeletionProtectionField, value: unknown): boolean {
  if (value === undefined || value === null) return !field.requiredExplicitly;
  const safe = field.safeValue;
  if (typeof safe === "boolean" || typeof safe === "string") return sameValue(value, safe);
  if ("anyOf" in safe) return typeof value === "string" && safe.anyOf.includes(value);
  if ("not" in safe) return !sameValue(value, safe.not);
  return typeof value === "string" && value.trim() !== "";
}

/** The safe value in words, for messages and the CLI: `true`, `"ACTIVE"`, `one of "ABANDON", "PREVENT"`... */
export function describeSafeValue(field: DeletionProtectionField): string {
  const safe = field.safeValue;
  if (typeof safe === "boolean") return String(safe);
  if (typeof safe === "string") return JSON.stringify(safe);
  if ("anyOf" in safe) return `one of ${safe.anyOf.map((v) => JSON.stringify(v)).join(", ")}`;
  if ("not" in safe) return `anything but ${JSON.stringify(safe.not)}`;
  return "a non-empty string";
}

// --- the catalog API ------------------------------------------------------------------------------------------

/** The catalog part of the pack-wide settings (see settings.ts). */
export interface CatalogSettings {
  readonly statefulTypes?: readonly StatefulTypeOverride[];
  readonly notStateful?: readonly string[];
  readonly replaceOn?: Readonly<Record<string, readonly string[]>>;
  readonly failClosed?: boolean;
}

/** An entry of `statefulTypes` in policy-config.json: a new type, or changed fields of a built-in one. */
export interface StatefulTypeOverride {
  readonly type: string;
  readonly why?: string;
  readonly category?: StatefulCategory;
  readonly replaceOn?: readonly string[];
  readonly deletionProtection?: readonly {
    readonly property: string;
    readonly safeValue: SafeValue;
    readonly requiredExplicitly?: boolean;
    readonly unless?: { readonly property: string; readonly equals: boolean | string };
  }[];
  readonly statefulWhen?: StatefulCondition;
}

/** What the catalog needs to know of one resource to say whether it is stateful. */
export interface ResourceFacts {
  /** The resource's inputs, for types that are stateful only when a property is present. Absent: assumed present. */
  readonly props?: Readonly<Record<string, unknown>>;
  /**
   * Whether it is a custom resource (one a provider manages). Only custom resources can be stateful by failClosed;
   * a component (`my:component:Thing`) never is. Absent: unknown, which failClosed does not count.
   */
  readonly custom?: boolean;
  /** Whether the stack is protected: failClosed applies there only. */
  readonly protectedStack?: boolean;
}

export interface StatefulVerdict {
  readonly stateful: boolean;
  /** The entry that makes it stateful (a stand-in with origin "fail-closed" for unknown types), when stateful. */
  readonly entry?: StatefulTypeEntry;
  readonly reason: string;
}

export interface Catalog {
  readonly version: string;
  /** Unknown custom resource types count as stateful on protected stacks. */
  readonly failClosed: boolean;
  /** The catalog entry of a type, whatever its conditions; undefined for types not in the catalog. */
  lookup(type: string): StatefulTypeEntry | undefined;
  /** Whether resources of the type are stateful (with props: whether this resource is). */
  isStateful(type: string, props?: Readonly<Record<string, unknown>>): boolean;
  /** The full answer for one resource: conditions, failClosed, component and engine types. */
  classify(type: string, facts?: ResourceFacts): StatefulVerdict;
  /**
   * The catalog as one resource sees it: lookup answers with an entry only when that resource is stateful (its
   * conditions hold, or failClosed counts it), so a policy written against lookup gets every rule.
   */
  forResource(facts: ResourceFacts): Catalog;
  entries(): readonly StatefulTypeEntry[];
  /** Types the settings removed (notStateful): never stateful, not even by failClosed. */
  notStateful(): readonly string[];
}

/** A type token: package:module:Type (module may be empty, and may hold `/` and `.`). */
export const TYPE_TOKEN_PATTERN = "^[^:\\s]+:[^:\\s]*:[^:\\s]+$";
const TYPE_TOKEN = new RegExp(TYPE_TOKEN_PATTERN);

function isEngineType(type: string): boolean {
  return type.startsWith("pulumi:");
}

/** A problem with the catalog settings, in the shape of a config issue (policy, JSON pointer, message). */
export interface CatalogSettingsIssue {
  readonly policy: "stateguard-settings";
  readonly field: string;
  readonly message: string;
}

export class CatalogSettingsError extends Error {
  readonly issues: readonly CatalogSettingsIssue[];
  constructor(issues: readonly CatalogSettingsIssue[]) {
    super(issues.map((i) => `stateguard-settings ${i.field}: ${i.message}`).join("; "));
    this.name = "CatalogSettingsError";
    this.issues = issues;
  }
}

const pointer = (...parts: (string | number)[]): string =>
  parts.map((p) => `/${String(p).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");

/**
 * The problems the settings schema cannot see: engine types declared stateful, a type both added and removed,
 * duplicates, and extra `replaceOn` properties for a type that is not in the catalog.
 */
export function catalogSettingsIssues(
  settings: CatalogSettings,
  base: readonly StatefulTypeEntry[] = BUILTIN,
): CatalogSettingsIssue[] {
  const issues: CatalogSettingsIssue[] = [];
  const issue = (field: string, message: string) => issues.push({ policy: "stateguard-settings", field, message });
  const removed = new Set(settings.notStateful ?? []);
  const declared = new Set<string>();
  (settings.statefulTypes ?? []).forEach((override, i) => {
    const field = pointer("statefulTypes", i, "type");
    if (isEngineType(override.type)) {
      issue(field, `"${override.type}" is one of the engine's own types, which never hold data`);
    } else if (!TYPE_TOKEN.test(override.type)) {
      issue(field, `"${override.type}" is not a type token (package:module:Type)`);
    } else if (declared.has(override.type)) {
      issue(field, `"${override.type}" is listed twice`);
    } else if (removed.has(override.type)) {
      issue(field, `"${override.type}" is also listed in notStateful`);
    }
    declared.add(override.type);
  });
  const known = new Set([...base.map((e) => e.type), ...declared]);
  for (const type of Object.keys(settings.replaceOn ?? {})) {
    if (!known.has(type) || removed.has(type)) {
      issue(
        pointer("replaceOn", type),
        removed.has(type)
          ? `"${type}" is listed in notStateful`
          : `"${type}" is not a stateful type in the catalog (add it under statefulTypes)`,
      );
    }
  }
  return issues;
}

function mergeEntry(base: StatefulTypeEntry | undefined, override: StatefulTypeOverride): StatefulTypeEntry {
  const deletionProtection = override.deletionProtection?.map((f) => ({
    property: f.property,
    safeValue: f.safeValue,
    requiredExplicitly: f.requiredExplicitly ?? false,
    ...(f.unless ? { unless: f.unless } : {}),
  }));
  const statefulWhen = override.statefulWhen ?? base?.statefulWhen;
  return Object.freeze({
    type: override.type,
    category: override.category ?? base?.category ?? "other",
    why: override.why ?? base?.why ?? "declared stateful in policy-config.json",
    replaceOn: Object.freeze([...(override.replaceOn ?? base?.replaceOn ?? [])]),
    deletionProtection: Object.freeze(deletionProtection ?? [...(base?.deletionProtection ?? [])]),
    ...(statefulWhen ? { statefulWhen } : {}),
    origin: base ? ("user-modified" as const) : ("user-added" as const),
  });
}

function failClosedEntry(type: string): StatefulTypeEntry {
  return Object.freeze({
    type,
    category: "other" as const,
    why: "a custom resource type the catalog does not know (failClosed counts it as stateful)",
    replaceOn: Object.freeze([]),
    deletionProtection: Object.freeze([]),
    origin: "fail-closed" as const,
  });
}

function classifyIn(
  byType: ReadonlyMap<string, StatefulTypeEntry>,
  removed: ReadonlySet<string>,
  failClosed: boolean,
  type: string,
  facts: ResourceFacts,
): StatefulVerdict {
  if (isEngineType(type)) return { stateful: false, reason: `${type} is one of the engine's own types` };
  const found = byType.get(type);
  if (found) {
    if (found.statefulWhen && facts.props && !conditionHolds(found.statefulWhen, facts.props)) {
      return {
        stateful: false,
        reason: `${type} is stateful only when ${found.statefulWhen.present} is set, and it is not`,
      };
    }
    return { stateful: true, entry: found, reason: `${type} is a stateful type in the catalog (${found.why})` };
  }
  if (removed.has(type)) return { stateful: false, reason: `${type} is listed in notStateful` };
  if (failClosed && facts.custom === true && facts.protectedStack === true) {
    return {
      stateful: true,
      entry: failClosedEntry(type),
      reason: `${type} is not in the catalog, and failClosed counts unknown custom resource types as stateful on protected stacks`,
    };
  }
  return { stateful: false, reason: `${type} is not a stateful type in the catalog` };
}

interface CatalogData {
  readonly byType: ReadonlyMap<string, StatefulTypeEntry>;
  readonly sorted: readonly StatefulTypeEntry[];
  readonly removed: ReadonlySet<string>;
  readonly removedList: readonly string[];
  readonly failClosed: boolean;
}

function makeCatalog(
  entries: readonly StatefulTypeEntry[],
  removed: ReadonlySet<string>,
  failClosed: boolean,
  scope?: ResourceFacts,
): Catalog {
  const byType = new Map(entries.map((e) => [e.type, e]));
  const data: CatalogData = {
    byType,
    sorted: Object.freeze([...byType.values()].sort((a, b) => a.type.localeCompare(b.type))),
    removed,
    removedList: Object.freeze([...removed].sort()),
    failClosed,
  };
  return catalogView(data, scope);
}

/** A view of the catalog data, possibly scoped to one resource; views share the data (forResource is cheap). */
function catalogView(data: CatalogData, scope?: ResourceFacts): Catalog {
  const classify = (type: string, facts: ResourceFacts = {}) =>
    classifyIn(data.byType, data.removed, data.failClosed, type, scope ? { ...scope, ...facts } : facts);
  return {
    version: CATALOG_VERSION,
    failClosed: data.failClosed,
    lookup: (type) => (scope ? classify(type).entry : data.byType.get(type)),
    isStateful: (type, props) => classify(type, props ? { props } : {}).stateful,
    classify,
    forResource: (facts) => catalogView(data, scope ? { ...scope, ...facts } : facts),
    entries: () => data.sorted,
    notStateful: () => data.removedList,
  };
}

/**
 * The catalog with the user's settings applied to a base (the built-in entries by default):
 * - `statefulTypes` adds types; for a type already in the base, the fields it gives replace the base's;
 * - `replaceOn` adds properties to a type's list;
 * - `notStateful` removes types (and exempts them from failClosed);
 * - `failClosed` makes unknown custom resource types stateful on protected stacks.
 * Throws CatalogSettingsError for what catalogSettingsIssues reports.
 */
export function createCatalog(settings: CatalogSettings = {}, base: readonly StatefulTypeEntry[] = BUILTIN): Catalog {
  const issues = catalogSettingsIssues(settings, base);
  if (issues.length > 0) throw new CatalogSettingsError(issues);
  const byType = new Map(base.map((e) => [e.type, e]));
  for (const override of settings.statefulTypes ?? [])
    byType.set(override.type, mergeEntry(byType.get(override.type), override));
  for (const [type, extra] of Object.entries(settings.replaceOn ?? {})) {
    const current = byType.get(type)!;
    const replaceOn = [...new Set([...current.replaceOn, ...extra])];
    byType.set(
      type,
      Object.freeze({
        ...current,
        replaceOn: Object.freeze(replaceOn),
        origin: current.origin === "builtin" ? ("user-modified" as const) : current.origin,
      }),
    );
  }
  const removed = new Set(settings.notStateful ?? []);
  for (const type of removed) byType.delete(type);
  return makeCatalog([...byType.values()], removed, settings.failClosed ?? false);
}

export const builtinCatalog: Catalog = createCatalog();

let memo: { key: string; base: readonly StatefulTypeEntry[]; catalog: Catalog } | undefined;

/**
 * createCatalog for a front end that rebuilds the catalog from settings on every resource (the policy pack): the
 * last result is reused while the catalog settings and the base stay the same.
 */
export function catalogFromSettings(settings: CatalogSettings, base: Catalog = builtinCatalog): Catalog {
  const key = JSON.stringify([settings.statefulTypes, settings.notStateful, settings.replaceOn, settings.failClosed]);
  const baseEntries = base.entries();
  if (memo?.key !== key || memo.base !== baseEntries) {
    memo = { key, base: baseEntries, catalog: createCatalog(settings, baseEntries) };
  }
  return memo.catalog;
}
