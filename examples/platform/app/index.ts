import * as pulumi from "@pulumi/pulumi";
import { QueueConsumer, Resource } from "../lib";

// The example platform's applications: the order processor, fed by the data stack's order events queue, and the
// public API. They read the network and the data layer from those stacks' outputs: reading another stack is a
// decision about this stack, so it belongs here, in the program, never in library code.

const config = new pulumi.Config();
const org = pulumi.getOrganization();
const stack = pulumi.getStack();
const networking = new pulumi.StackReference("networking", { name: `${org}/platform-networking/${stack}` });
const data = new pulumi.StackReference("data", { name: `${org}/platform-data/${stack}` });

const artifactsBucket = config.require("artifactsBucket");
const release = config.require("release");
const subnetIds = networking.requireOutput("privateSubnetIds") as pulumi.Output<string[]>;
const securityGroupIds = [networking.requireOutput("functionsSecurityGroupId") as pulumi.Output<string>];

const orderProcessor = new QueueConsumer("order-processor", {
  queueArn: data.requireOutput("eventsQueueArn") as pulumi.Output<string>,
  code: { bucket: artifactsBucket, key: `order-processor/${release}.zip` },
  handler: "index.handler",
  memorySize: 512,
  batchSize: 10,
  subnetIds,
  securityGroupIds,
});

const apiRole = new Resource("aws:iam/role:Role", "api", {
  assumeRolePolicy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
  }),
});

const api = new Resource("aws:lambda/function:Function", "api", {
  role: apiRole.arn,
  runtime: "nodejs22.x",
  handler: "index.handler",
  memorySize: 256,
  timeout: 10,
  s3Bucket: artifactsBucket,
  s3Key: `api/${release}.zip`,
  vpcConfig: { subnetIds, securityGroupIds },
  environment: { variables: { ORDERS_TABLE: data.requireOutput("ordersTable") } },
});

export const orderProcessorFunction = orderProcessor.functionName;
export const apiFunction = api.id;
