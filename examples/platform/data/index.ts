import * as pulumi from "@pulumi/pulumi";

// The example platform's data layer.
// What a provider SDK's resource classes are: concrete CustomResources of one type token each. Declaring them by
// token lets the program run offline against stand-in providers; with the real SDK this reads new aws.rds.Instance.
class Resource extends pulumi.CustomResource {}

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

const sessions = new Resource(
  "aws:dynamodb/table:Table",
  "sessions",
  {
    hashKey: "id",
    attributes: [{ name: "id", type: "S" }],
    billingMode: "PAY_PER_REQUEST",
    deletionProtectionEnabled: true,
  },
  { protect },
);

const uploads = new Resource("aws:s3/bucket:Bucket", "uploads", { forceDestroy: false }, { protect });

const events = new Resource("aws:sqs/queue:Queue", "order-events", { messageRetentionSeconds: 1209600 }, { protect });

// Stateless: recreating it loses nothing, so stateguard leaves it alone.
const dbAccess = new Resource("aws:ec2/securityGroup:SecurityGroup", "orders-db-access", {
  description: "who may reach the orders database",
});

export const databaseId = database.id;
export const sessionsTable = sessions.id;
export const uploadsBucket = uploads.id;
export const eventsQueue = events.id;
export const dbAccessGroup = dbAccess.id;
