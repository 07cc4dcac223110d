import * as pulumi from "@pulumi/pulumi";

// A database declared with deleteBeforeReplace (its fixed identifier cannot exist twice) whose engine a change
// edits, which forces a replacement: the old database goes first. Stack config:
//   engine - the database engine (default "postgres")
class Resource extends pulumi.CustomResource {}

const config = new pulumi.Config();
const engine = config.get("engine") ?? "postgres";

new Resource(
  "aws:rds/instance:Instance",
  "orders-db",
  {
    identifier: "orders-db",
    engine,
    instanceClass: "db.t3.micro",
    allocatedStorage: 20,
    deletionProtection: true,
    skipFinalSnapshot: false,
  },
  { deleteBeforeReplace: true },
);
