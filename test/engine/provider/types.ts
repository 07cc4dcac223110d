/**
 * How the stand-in provider behaves per type token: which input names the resource (auto-named when omitted),
 * which inputs force a replacement, and which outputs the "cloud" computes. Modelled on the real providers'
 * force-new properties for the types our tests use; any other token of a served package behaves as a plain
 * updatable resource.
 */
export interface StandInType {
  /** Input holding the physical name (dotted path); auto-named `<logical name>-<7 hex>` when omitted. */
  readonly nameProperty?: string;
  /** Inputs (dotted paths) whose change forces replacement. */
  readonly replaceOn: readonly string[];
  /** Computed outputs, derived from the id and the inputs. */
  readonly outputs?: (id: string, inputs: Record<string, unknown>) => Record<string, unknown>;
}

const arn = (service: string, kind: string) => (id: string) => ({
  arn: `arn:aws:${service}:us-east-1:123456789012:${kind}${id}`,
});

export const STAND_IN_TYPES: Readonly<Record<string, StandInType>> = {
  "aws:rds/instance:Instance": {
    nameProperty: "identifier",
    replaceOn: [
      "engine",
      "identifier",
      "identifierPrefix",
      "availabilityZone",
      "dbName",
      "kmsKeyId",
      "storageEncrypted",
      "username",
    ],
    outputs: (id) => ({ ...arn("rds", "db:")(id), endpoint: `${id}.abcdefgh.us-east-1.rds.amazonaws.com:5432` }),
  },
  "aws:rds/cluster:Cluster": {
    nameProperty: "clusterIdentifier",
    replaceOn: ["clusterIdentifier", "engine", "databaseName", "masterUsername", "kmsKeyId", "storageEncrypted"],
    outputs: arn("rds", "cluster:"),
  },
  "aws:dynamodb/table:Table": {
    nameProperty: "name",
    replaceOn: ["name", "hashKey", "rangeKey"],
    outputs: arn("dynamodb", "table/"),
  },
  "aws:s3/bucket:Bucket": {
    nameProperty: "bucket",
    replaceOn: ["bucket", "bucketPrefix", "objectLockEnabled"],
    outputs: (id) => ({ arn: `arn:aws:s3:::${id}`, bucketDomainName: `${id}.s3.amazonaws.com` }),
  },
  "aws:s3/bucketV2:BucketV2": {
    nameProperty: "bucket",
    replaceOn: ["bucket", "bucketPrefix", "objectLockEnabled"],
    outputs: (id) => ({ arn: `arn:aws:s3:::${id}` }),
  },
  "aws:ebs/volume:Volume": {
    replaceOn: ["availabilityZone", "encrypted", "kmsKeyId", "snapshotId"],
    outputs: arn("ec2", "volume/"),
  },
  "aws:sqs/queue:Queue": {
    nameProperty: "name",
    replaceOn: ["name", "namePrefix", "fifoQueue"],
    outputs: arn("sqs", ""),
  },
  "aws:kms/key:Key": { replaceOn: ["customerMasterKeySpec", "keyUsage", "multiRegion"], outputs: arn("kms", "key/") },
  "aws:ec2/vpc:Vpc": { replaceOn: ["cidrBlock", "instanceTenancy"], outputs: arn("ec2", "vpc/") },
  "aws:ec2/subnet:Subnet": { replaceOn: ["vpcId", "cidrBlock", "availabilityZone"], outputs: arn("ec2", "subnet/") },
  "aws:ec2/securityGroup:SecurityGroup": {
    nameProperty: "name",
    replaceOn: ["name", "vpcId"],
    outputs: arn("ec2", "security-group/"),
  },
  "aws:iam/role:Role": { nameProperty: "name", replaceOn: ["name"], outputs: arn("iam", "role/") },
  "aws:lambda/function:Function": { nameProperty: "name", replaceOn: ["name"], outputs: arn("lambda", "function:") },
  "gcp:sql/databaseInstance:DatabaseInstance": { nameProperty: "name", replaceOn: ["name", "region", "project"] },
  "gcp:storage/bucket:Bucket": { nameProperty: "name", replaceOn: ["name", "location", "project"] },
  "gcp:compute/disk:Disk": { nameProperty: "name", replaceOn: ["name", "zone", "type", "image", "snapshot"] },
  "azure-native:storage:StorageAccount": {
    nameProperty: "accountName",
    replaceOn: ["accountName", "resourceGroupName", "location"],
  },
  "azure-native:sql:Database": {
    nameProperty: "databaseName",
    replaceOn: ["databaseName", "serverName", "resourceGroupName"],
  },
  "azure-native:resources:ResourceGroup": {
    nameProperty: "resourceGroupName",
    replaceOn: ["resourceGroupName", "location"],
  },
  "kubernetes:core/v1:PersistentVolumeClaim": {
    nameProperty: "metadata.name",
    replaceOn: ["metadata.name", "metadata.namespace", "spec.storageClassName", "spec.accessModes", "spec.selector"],
  },
  "kubernetes:core/v1:PersistentVolume": {
    nameProperty: "metadata.name",
    replaceOn: ["metadata.name", "spec.storageClassName"],
  },
  "kubernetes:apps/v1:StatefulSet": {
    nameProperty: "metadata.name",
    replaceOn: [
      "metadata.name",
      "metadata.namespace",
      "spec.selector",
      "spec.volumeClaimTemplates",
      "spec.serviceName",
    ],
  },
  "kubernetes:core/v1:ConfigMap": { nameProperty: "metadata.name", replaceOn: ["metadata.name", "metadata.namespace"] },
};

/** Packages the stand-in serves: one executable per package, `pulumi-resource-<package>`. */
export const STAND_IN_PACKAGES = ["aws", "gcp", "azure-native", "kubernetes"] as const;

const GENERIC: StandInType = { replaceOn: [] };

export function standInType(type: string): StandInType {
  return STAND_IN_TYPES[type] ?? GENERIC;
}
