import * as pulumi from "@pulumi/pulumi";

// A prod stack to which a change adds a database without `protect`: the stateguard policy pack reports it.
// Stack config:
//   declareDatabase - declare the (unprotected) database (default false)
class Resource extends pulumi.CustomResource {}

const config = new pulumi.Config();
const declareDatabase = config.getBoolean("declareDatabase") ?? false;

const sg = new Resource("aws:ec2/securityGroup:SecurityGroup", "orders-db-sg", {
  name: "orders-db-sg",
  description: "orders database access",
});

if (declareDatabase) {
  new Resource("aws:rds/instance:Instance", "orders-db", {
    identifier: "orders-db",
    engine: "postgres",
    instanceClass: "db.t3.micro",
    allocatedStorage: 20,
    vpcSecurityGroupIds: [sg.id],
    deletionProtection: true,
    skipFinalSnapshot: false,
  });
}
