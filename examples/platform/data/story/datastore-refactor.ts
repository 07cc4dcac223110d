import * as pulumi from "@pulumi/pulumi";
import { DataStore, Resource } from "../lib";

// Story variant (scripts/demo.ts): a refactor that moves the uploads bucket and its index table into the
// library's DataStore component. Their URNs change (new parent, and the bucket's name follows the component's:
// "uploads-files"), so the old ones are given as aliases: the engine keeps the existing resources. Copied over
// index.ts.

const config = new pulumi.Config();
// Whether the data stores are protected: the first thing stateguard's policy pack checks on prod stacks.
const protect = config.getBoolean("protect") ?? false;

const database = new Resource(
  "aws:rds/instance:Instance",
  "orders-db",
  {
    engine: "postgres",
    engineVersion: "16.4",
    instanceClass: "db.t4g.medium",
    allocatedStorage: 50,
    deletionProtection: true,
    skipFinalSnapshot: false,
    finalSnapshotIdentifier: "orders-db-final",
  },
  { protect },
);

// The orders read model, keyed by order id.
const orders = new Resource(
  "aws:dynamodb/table:Table",
  "orders-v1",
  {
    hashKey: "orderId",
    attributes: [{ name: "orderId", type: "S" }],
    billingMode: "PAY_PER_REQUEST",
    deletionProtectionEnabled: true,
  },
  { protect },
);

// Files customers upload, and the table that indexes them: one DataStore.
const uploads = new DataStore(
  "uploads",
  {
    hashKey: "objectKey",
    movedFrom: {
      index: [{ parent: pulumi.rootStackResource }],
      files: [{ name: "uploads", parent: pulumi.rootStackResource }],
    },
  },
  { protect },
);

const events = new Resource("aws:sqs/queue:Queue", "order-events", { messageRetentionSeconds: 1209600 }, { protect });

// Stateless: recreating it loses nothing, so stateguard leaves it alone.
const dbAccess = new Resource("aws:ec2/securityGroup:SecurityGroup", "orders-db-access", {
  description: "who may reach the orders database",
});

export const databaseId = database.id;
export const ordersTable = orders.id;
export const uploadsBucket = uploads.bucketName;
export const uploadsIndexTable = uploads.tableName;
export const eventsQueueArn = events.arn;
export const dbAccessGroup = dbAccess.id;
