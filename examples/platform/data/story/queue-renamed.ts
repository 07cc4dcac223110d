import * as pulumi from "@pulumi/pulumi";
import { Resource } from "../lib";

// Story variant (scripts/demo.ts): the data layer after a rename of the order events queue, from "order-events" to
// "orders-events" (the team's <service>-<thing> convention), without an alias. Copied over index.ts.

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

// Files customers upload, and the table that indexes them.
const uploads = new Resource("aws:s3/bucket:Bucket", "uploads", { forceDestroy: false }, { protect });
const uploadsIndex = new Resource(
  "aws:dynamodb/table:Table",
  "uploads-index",
  {
    hashKey: "objectKey",
    attributes: [{ name: "objectKey", type: "S" }],
    billingMode: "PAY_PER_REQUEST",
    deletionProtectionEnabled: true,
  },
  { protect },
);

const events = new Resource("aws:sqs/queue:Queue", "orders-events", { messageRetentionSeconds: 1209600 }, { protect });

// Stateless: recreating it loses nothing, so stateguard leaves it alone.
const dbAccess = new Resource("aws:ec2/securityGroup:SecurityGroup", "orders-db-access", {
  description: "who may reach the orders database",
});

export const databaseId = database.id;
export const ordersTable = orders.id;
export const uploadsBucket = uploads.id;
export const uploadsIndexTable = uploadsIndex.id;
export const eventsQueueArn = events.arn;
export const dbAccessGroup = dbAccess.id;
