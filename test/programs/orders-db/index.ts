import * as pulumi from "@pulumi/pulumi";

// The program is steered by stack config so one program can tell the whole story of a change:
//   protect         - set `protect` on the database (default false)
//   declareDatabase - declare the database at all (default true); false models "removed from code"
//   engine          - the database engine; changing it forces a replacement
// What a provider SDK's resource classes are: concrete CustomResources of one type token each. Declaring them by
// token lets the program run offline against stand-in providers; with the real SDK this reads new aws.rds.Instance.
class Resource extends pulumi.CustomResource {}

const config = new pulumi.Config();
const protect = config.getBoolean("protect") ?? false;
const declareDatabase = config.getBoolean("declareDatabase") ?? true;
const engine = config.get("engine") ?? "postgres";

const sg = new Resource("aws:ec2/securityGroup:SecurityGroup", "orders-db-sg", {
  description: "orders database access",
});

const db = declareDatabase
  ? new Resource(
      "aws:rds/instance:Instance",
      "orders-db",
      {
        engine,
        instanceClass: "db.t3.micro",
        allocatedStorage: 20,
        vpcSecurityGroupIds: [sg.id],
        deletionProtection: true,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: "orders-db-final",
      },
      { protect },
    )
  : undefined;

export const dbId = db?.id;
