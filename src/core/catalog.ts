/**
 * The catalog of stateful Pulumi resource types: what stateguard considers to hold data that a delete or a
 * replacement would lose, which input properties force a replacement, and which of the provider's own fields
 * protect the resource from deletion.
 *
 * This is the starter list the foundation needs; its content is meant to grow (and be checked against the
 * providers' published type definitions) without changing its shape.
 */

export const CATALOG_VERSION = "0.1.0";

export type StatefulCategory =
  "database" | "object-storage" | "block-storage" | "file-storage" | "message-queue" | "key-material";

/** A provider field that protects the resource from deletion, and the value that makes it safe. */
export interface DeletionProtectionField {
  readonly property: string;
  readonly safeValue: boolean;
  /** True when the provider's default (field omitted) is unsafe, so the field must be set explicitly. */
  readonly requiredExplicitly: boolean;
}

export interface StatefulTypeEntry {
  readonly type: string;
  readonly category: StatefulCategory;
  /** Why losing it hurts, in a few words ("relational database", "object storage"). */
  readonly why: string;
  /** Input properties (dotted paths) whose change makes the provider replace the resource. */
  readonly replaceOn: readonly string[];
  readonly deletionProtection: readonly DeletionProtectionField[];
}

function entry(
  type: string,
  category: StatefulCategory,
  why: string,
  replaceOn: readonly string[],
  deletionProtection: readonly DeletionProtectionField[] = [],
): StatefulTypeEntry {
  return Object.freeze({ type, category, why, replaceOn: Object.freeze([...replaceOn]), deletionProtection });
}

const mustBeTrue = (property: string): DeletionProtectionField => ({
  property,
  safeValue: true,
  requiredExplicitly: true,
});
const mustNotBeTrue = (property: string): DeletionProtectionField => ({
  property,
  safeValue: false,
  requiredExplicitly: false,
});

const BUILTIN: readonly StatefulTypeEntry[] = [
  entry(
    "aws:rds/instance:Instance",
    "database",
    "relational database",
    [
      "engine",
      "identifier",
      "identifierPrefix",
      "availabilityZone",
      "dbName",
      "kmsKeyId",
      "storageEncrypted",
      "username",
    ],
    [mustBeTrue("deletionProtection"), mustNotBeTrue("skipFinalSnapshot")],
  ),
  entry(
    "aws:rds/cluster:Cluster",
    "database",
    "relational database cluster",
    [
      "clusterIdentifier",
      "clusterIdentifierPrefix",
      "engine",
      "databaseName",
      "masterUsername",
      "kmsKeyId",
      "storageEncrypted",
    ],
    [mustBeTrue("deletionProtection"), mustNotBeTrue("skipFinalSnapshot")],
  ),
  entry(
    "aws:dynamodb/table:Table",
    "database",
    "key-value table",
    ["name", "hashKey", "rangeKey"],
    [mustBeTrue("deletionProtectionEnabled")],
  ),
  entry(
    "aws:s3/bucket:Bucket",
    "object-storage",
    "object storage bucket",
    ["bucket", "bucketPrefix", "objectLockEnabled"],
    [mustNotBeTrue("forceDestroy")],
  ),
  entry(
    "aws:s3/bucketV2:BucketV2",
    "object-storage",
    "object storage bucket",
    ["bucket", "bucketPrefix", "objectLockEnabled"],
    [mustNotBeTrue("forceDestroy")],
  ),
  entry("aws:ebs/volume:Volume", "block-storage", "block storage volume", [
    "availabilityZone",
    "encrypted",
    "kmsKeyId",
    "snapshotId",
  ]),
  entry("aws:efs/fileSystem:FileSystem", "file-storage", "network file system", [
    "creationToken",
    "encrypted",
    "kmsKeyId",
    "performanceMode",
  ]),
  entry("aws:sqs/queue:Queue", "message-queue", "message queue", ["name", "namePrefix", "fifoQueue"]),
  entry("aws:kms/key:Key", "key-material", "encryption key (data encrypted with it is unreadable without it)", [
    "customerMasterKeySpec",
    "keyUsage",
    "multiRegion",
  ]),
  entry(
    "gcp:sql/databaseInstance:DatabaseInstance",
    "database",
    "relational database",
    ["name", "region", "project"],
    [mustBeTrue("deletionProtection")],
  ),
  entry(
    "gcp:storage/bucket:Bucket",
    "object-storage",
    "object storage bucket",
    ["name", "location", "project"],
    [mustNotBeTrue("forceDestroy")],
  ),
  entry("gcp:compute/disk:Disk", "block-storage", "persistent disk", ["name", "zone", "type", "image", "snapshot"]),
  entry("azure-native:storage:StorageAccount", "object-storage", "storage account", [
    "accountName",
    "resourceGroupName",
  ]),
  entry("azure-native:sql:Database", "database", "SQL database", ["databaseName", "serverName", "resourceGroupName"]),
  entry("kubernetes:core/v1:PersistentVolumeClaim", "block-storage", "persistent volume claim", [
    "metadata.name",
    "metadata.namespace",
    "spec.storageClassName",
    "spec.accessModes",
  ]),
  entry("kubernetes:core/v1:PersistentVolume", "block-storage", "persistent volume", [
    "metadata.name",
    "spec.storageClassName",
  ]),
  entry("tls:index/privateKey:PrivateKey", "key-material", "private key", ["algorithm", "rsaBits", "ecdsaCurve"]),
];

export interface Catalog {
  readonly version: string;
  lookup(type: string): StatefulTypeEntry | undefined;
  isStateful(type: string): boolean;
  entries(): readonly StatefulTypeEntry[];
}

export function createCatalog(entries: readonly StatefulTypeEntry[] = BUILTIN): Catalog {
  const byType = new Map(entries.map((e) => [e.type, e]));
  const sorted = Object.freeze([...byType.values()].sort((a, b) => a.type.localeCompare(b.type)));
  return {
    version: CATALOG_VERSION,
    lookup: (type) => byType.get(type),
    isStateful: (type) => byType.has(type),
    entries: () => sorted,
  };
}

export const builtinCatalog: Catalog = createCatalog();
