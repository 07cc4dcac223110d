import * as pulumi from "@pulumi/pulumi";

// A data stack with one relational database that a later change removes from the code. Stack config steers it:
//   declareDatabase - declare the database at all (default true); false models "deleted from the program"
//   protect         - the database's `protect` option (default false)
//   retainOnDelete  - the database's `retainOnDelete` option (default false)
// Resources are declared by type token so the program runs offline against the stand-in providers; with the real
// SDK this reads `new aws.rds.Instance(...)`.
class Resource extends pulumi.CustomResource {}

const config = new pulumi.Config();
const declareDatabase = config.getBoolean("declareDatabase") ?? true;
const protect = config.getBoolean("protect") ?? false;
const retainOnDelete = config.getBoolean("retainOnDelete") ?? false;

const sg = new Resource("aws:ec2/securityGroup:SecurityGroup", "orders-db-sg", {
  name: "orders-db-sg",
  description: "orders database access",
});

if (declareDatabase) {
  new Resource(
    "aws:rds/instance:Instance",
    "orders-db",
    {
      identifier: "orders-db",
      engine: "postgres",
      instanceClass: "db.t3.micro",
      allocatedStorage: 20,
      vpcSecurityGroupIds: [sg.id],
      deletionProtection: true,
      skipFinalSnapshot: false,
    },
    { protect, retainOnDelete },
  );
}
