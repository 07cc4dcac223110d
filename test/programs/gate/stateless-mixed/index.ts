import * as pulumi from "@pulumi/pulumi";

// A change set with stateless changes only: the API security group's description is reworded and a new IAM role
// is added, while the orders database next to them is untouched. Stack config:
//   phase - "base" (the default) or "change"
class Resource extends pulumi.CustomResource {}

const config = new pulumi.Config();
const change = (config.get("phase") ?? "base") === "change";

const sg = new Resource("aws:ec2/securityGroup:SecurityGroup", "api-sg", {
  name: "api-sg",
  description: change ? "API access from the load balancer" : "API access",
});

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
  { protect: true },
);

if (change) {
  new Resource("aws:iam/role:Role", "api-role", {
    name: "api-role",
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ecs-tasks.amazonaws.com" } }],
    }),
  });
}
