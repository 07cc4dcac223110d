import * as pulumi from "@pulumi/pulumi";

// The program is steered by stack config so one program can tell the whole story of a change:
//   protect         - set `protect` on the database (default false)
//   declareDatabase - declare the database at all (default true); false models "removed from code"
//   engine          - the database engine; changing it forces a replacement
const config = new pulumi.Config();
const protect = config.getBoolean("protect") ?? false;
const declareDatabase = config.getBoolean("declareDatabase") ?? true;
const engine = config.get("engine") ?? "postgres";

const sg = new pulumi.CustomResource("aws:ec2/securityGroup:SecurityGroup", "orders-db-sg", {
  description: "orders database access",
});

const db = declareDatabase
  ? new pulumi.CustomResource(
      "aws:rds/instance:Instance",
      "orders-db",
      {
        engine,
        instanceClass: "db.t3.micro",
        allocatedStorage: 20,
        vpcSecurityGroupIds: [sg.id],
        deletionProtection: true,
        skipFinalSnapshot: false,
      },
      { protect },
    )
  : undefined;

export const dbId = db?.id;
