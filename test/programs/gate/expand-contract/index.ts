import * as pulumi from "@pulumi/pulumi";

// An expand-then-contract migration from the orders-v1 table to orders-v2 (a new key schema), one stack update
// per step. Stack config:
//   phase - "base" (orders-v1 only, the default), "expand" (orders-v1 and orders-v2), "contract" (orders-v2 only)
class Resource extends pulumi.CustomResource {}

const config = new pulumi.Config();
const phase = config.get("phase") ?? "base";

if (phase === "base" || phase === "expand") {
  new Resource("aws:dynamodb/table:Table", "orders-v1", {
    name: "orders-v1",
    hashKey: "orderId",
    attributes: [{ name: "orderId", type: "S" }],
    billingMode: "PAY_PER_REQUEST",
  });
}

if (phase === "expand" || phase === "contract") {
  new Resource("aws:dynamodb/table:Table", "orders-v2", {
    name: "orders-v2",
    hashKey: "customerId",
    rangeKey: "orderId",
    attributes: [
      { name: "customerId", type: "S" },
      { name: "orderId", type: "S" },
    ],
    billingMode: "PAY_PER_REQUEST",
  });
}
