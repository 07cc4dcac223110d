import * as pulumi from "@pulumi/pulumi";

// A DynamoDB table whose logical name a refactoring changes from "orders" to "orders-table"; its inputs, the
// physical name included, stay the same. Stack config:
//   renamed - use the new logical name (default false)
//   alias   - declare the old name as an alias of the new one (default false)
class Resource extends pulumi.CustomResource {}

const config = new pulumi.Config();
const renamed = config.getBoolean("renamed") ?? false;
const alias = config.getBoolean("alias") ?? false;

new Resource(
  "aws:dynamodb/table:Table",
  renamed ? "orders-table" : "orders",
  {
    name: "orders",
    hashKey: "orderId",
    attributes: [{ name: "orderId", type: "S" }],
    billingMode: "PAY_PER_REQUEST",
  },
  { aliases: renamed && alias ? [{ name: "orders" }] : [] },
);
