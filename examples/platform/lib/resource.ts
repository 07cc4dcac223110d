import * as pulumi from "@pulumi/pulumi";

/**
 * A cloud resource declared by its type token. That is all a provider SDK's resource classes are: concrete
 * CustomResources of one type token each (`new aws.rds.Instance(name, args, opts)` registers
 * "aws:rds/instance:Instance"). Declaring resources by token lets the example run offline against stand-in
 * providers; with the real SDK, `new Resource("aws:rds/instance:Instance", name, args, opts)` reads
 * `new aws.rds.Instance(name, args, opts)`.
 */
export class Resource extends pulumi.CustomResource {
  /** The ARN the provider computes for the resource. */
  declare readonly arn: pulumi.Output<string>;

  constructor(type: string, name: string, args: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    // An output property is one the program reads back from the provider: declared as undefined.
    super(type, name, { ...args, arn: undefined }, opts);
  }
}
