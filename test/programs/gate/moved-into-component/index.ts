import * as pulumi from "@pulumi/pulumi";

// A DynamoDB table at the top level of the stack that a refactoring moves into the OrdersStore component, which
// already owns the orders event queue. The table keeps its logical name and inputs; only its parent changes.
// Stack config:
//   moved - declare the table inside the component (default false)
//   alias - declare the table's old parent, the stack, as an alias (default false)
class Resource extends pulumi.CustomResource {}

const config = new pulumi.Config();
const moved = config.getBoolean("moved") ?? false;
const alias = config.getBoolean("alias") ?? false;

const tableArgs = {
  name: "orders",
  hashKey: "orderId",
  attributes: [{ name: "orderId", type: "S" }],
  billingMode: "PAY_PER_REQUEST",
};

class OrdersStore extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("acme:data:OrdersStore", name, {}, opts);
    new Resource("aws:sqs/queue:Queue", `${name}-events`, { name: "orders-events" }, { parent: this });
    if (moved) {
      new Resource("aws:dynamodb/table:Table", "orders-table", tableArgs, {
        parent: this,
        aliases: alias ? [{ parent: pulumi.rootStackResource }] : [],
      });
    }
    this.registerOutputs({});
  }
}

new OrdersStore("orders-store");

if (!moved) {
  new Resource("aws:dynamodb/table:Table", "orders-table", tableArgs);
}
