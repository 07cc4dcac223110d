import * as pulumi from "@pulumi/pulumi";
import { Resource } from "./resource";

/** Lets AWS Lambda assume a role. */
const LAMBDA_TRUST_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

export interface QueueConsumerArgs {
  /** The queue whose messages the function receives. */
  readonly queueArn: pulumi.Input<string>;
  /** Where the function's code is: an object in the artifacts bucket. */
  readonly code: { readonly bucket: pulumi.Input<string>; readonly key: pulumi.Input<string> };
  /** The function's entry point, e.g. "index.handler". */
  readonly handler: string;
  readonly memorySize: number;
  /** Messages per invocation. */
  readonly batchSize: number;
  /** The private subnets and security groups the function runs in. */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
}

/** A function that processes a queue's messages: its role, the function and the queue trigger. */
export class QueueConsumer extends pulumi.ComponentResource {
  readonly functionName: pulumi.Output<string>;
  readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: QueueConsumerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:app:QueueConsumer", name, {}, opts);

    const role = new Resource(
      "aws:iam/role:Role",
      `${name}-role`,
      { assumeRolePolicy: LAMBDA_TRUST_POLICY },
      { parent: this },
    );
    const queueAccess = new Resource(
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      `${name}-queue-access`,
      { role: role.id, policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole" },
      { parent: this },
    );

    const fn = new Resource(
      "aws:lambda/function:Function",
      name,
      {
        role: role.arn,
        runtime: "nodejs22.x",
        handler: args.handler,
        memorySize: args.memorySize,
        timeout: 30,
        s3Bucket: args.code.bucket,
        s3Key: args.code.key,
        vpcConfig: { subnetIds: args.subnetIds, securityGroupIds: args.securityGroupIds },
      },
      { parent: this, dependsOn: [queueAccess] },
    );

    new Resource(
      "aws:lambda/eventSourceMapping:EventSourceMapping",
      `${name}-trigger`,
      { eventSourceArn: args.queueArn, functionName: fn.arn, batchSize: args.batchSize },
      { parent: this },
    );

    this.functionName = fn.id;
    this.roleArn = role.arn;
    this.registerOutputs({ functionName: this.functionName, roleArn: this.roleArn });
  }
}
