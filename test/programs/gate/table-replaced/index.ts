import * as pulumi from "@pulumi/pulumi";

// A DynamoDB table whose physical name or hash key a change edits; both force a replacement. Stack config:
//   tableName - the table's `name` (default "orders")
//   hashKey   - the table's `hashKey` (default "orderId")
class Resource extends pulumi.CustomResource {}

const config = new pulumi.Config();
const tableName = config.get("tableName") ?? "orders";
const hashKey = config.get("hashKey") ?? "orderId";

new Resource("aws:dynamodb/table:Table", "orders-table", {
  name: tableName,
  hashKey,
  attributes: [{ name: hashKey, type: "S" }],
  billingMode: "PAY_PER_REQUEST",
  pointInTimeRecovery: { enabled: true },
});
