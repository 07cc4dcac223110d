import * as pulumi from "@pulumi/pulumi";

// One program, steered by stack config, tells each policy's story:
//   protect              - `protect` on the database and the bucket (default true)
//   engine               - the database engine; changing it forces a replacement (default postgres)
//   deletionProtection   - "true" (default), "false", "unset", "secret" (a secret string) or "computed" (unknown
//                          during the first preview: derived from a resource that does not exist yet)
//   skipFinalSnapshot    - the database's skipFinalSnapshot (default false)
//   deleteBeforeReplace  - the database's deleteBeforeReplace option (default false)
//   declareBucket        - declare the bucket at all (default true); false models "removed from code"
//   forceDestroy         - the bucket's forceDestroy (default false)
//   bucketName           - the bucket's physical name (default: auto-named by the provider)
// Resources are declared by type token so that the program runs offline against stand-in providers.
class Resource extends pulumi.CustomResource {}

const config = new pulumi.Config();
const protect = config.getBoolean("protect") ?? true;
const engine = config.get("engine") ?? "postgres";
const deletionProtectionMode = config.get("deletionProtection") ?? "true";
const skipFinalSnapshot = config.getBoolean("skipFinalSnapshot") ?? false;
const deleteBeforeReplace = config.getBoolean("deleteBeforeReplace") ?? false;
const declareBucket = config.getBoolean("declareBucket") ?? true;
const forceDestroy = config.getBoolean("forceDestroy") ?? false;
const bucketName = config.get("bucketName");

const sg = new Resource("aws:ec2/securityGroup:SecurityGroup", "ledger-sg", { description: "ledger access" });

function deletionProtection(): pulumi.Input<unknown> {
  switch (deletionProtectionMode) {
    case "false":
      return false;
    case "unset":
      return undefined;
    case "secret":
      return pulumi.secret("SECRET-MARK-7f3a9c");
    case "computed":
      return sg.id.apply(() => true);
    default:
      return true;
  }
}

const db = new Resource(
  "aws:rds/instance:Instance",
  "ledger-db",
  {
    engine,
    instanceClass: "db.t3.micro",
    allocatedStorage: 20,
    vpcSecurityGroupIds: [sg.id],
    deletionProtection: deletionProtection(),
    skipFinalSnapshot,
    finalSnapshotIdentifier: "ledger-db-final",
  },
  { protect, deleteBeforeReplace },
);

const bucket = declareBucket
  ? new Resource("aws:s3/bucket:Bucket", "ledger-bucket", { bucket: bucketName, forceDestroy }, { protect })
  : undefined;

export const dbId = db.id;
export const bucketId = bucket?.id;
