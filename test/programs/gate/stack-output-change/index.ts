import * as pulumi from "@pulumi/pulumi";

// A change that touches a stack output only: the table is untouched, but the stack now exports its ARN instead of
// its name under the same output key. Stack config:
//   exportArn - export the table's ARN rather than its name (default false)
class Resource extends pulumi.CustomResource {
  declare readonly arn: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
}

const config = new pulumi.Config();
const exportArn = config.getBoolean("exportArn") ?? false;

const table = new Resource("aws:dynamodb/table:Table", "orders-table", {
  name: "orders",
  hashKey: "orderId",
  attributes: [{ name: "orderId", type: "S" }],
  billingMode: "PAY_PER_REQUEST",
  arn: undefined, // an output only: listed so that the resource object gets the property
});

export const ordersTable = exportArn ? table.arn : table.name;
