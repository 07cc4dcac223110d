import * as pulumi from "@pulumi/pulumi";

// A protected database: a change unprotects it (alone, with an update or a replacement) or replaces it. Config:
//   protect       - the database's `protect` option (default true)
//   instanceClass - an updatable property (default "db.t3.micro")
//   engine        - a property whose change forces a replacement (default "postgres")
class Resource extends pulumi.CustomResource {}

const config = new pulumi.Config();
const protect = config.getBoolean("protect") ?? true;
const instanceClass = config.get("instanceClass") ?? "db.t3.micro";
const engine = config.get("engine") ?? "postgres";

new Resource(
  "aws:rds/instance:Instance",
  "orders-db",
  {
    identifier: "orders-db",
    engine,
    instanceClass,
    allocatedStorage: 20,
    deletionProtection: true,
    skipFinalSnapshot: false,
  },
  { protect },
);
