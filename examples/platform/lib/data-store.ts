import * as pulumi from "@pulumi/pulumi";
import { Resource } from "./resource";

export interface DataStoreArgs {
  /** The table's partition key: a string attribute of every item. */
  readonly hashKey: string;
  /**
   * Where the table and the bucket were declared before this component held them, when existing ones move in:
   * their aliases, so that the engine keeps them instead of replacing them. Leave it out for a new store.
   */
  readonly movedFrom?: {
    readonly index?: pulumi.Input<pulumi.URN | pulumi.Alias>[];
    readonly files?: pulumi.Input<pulumi.URN | pulumi.Alias>[];
  };
}

/**
 * A document store: a DynamoDB table indexing the objects kept in an S3 bucket. Both hold data, so both are
 * protected on every stack; retiring a store is a deliberate `pulumi state unprotect` in a reviewed change.
 *
 * The rules stateguard's lint enforces on library code, all followed here: every resource is created with
 * `parent: this`, unconditionally, under a name derived from the component's name; the constructor reads no live
 * infrastructure; it ends with `registerOutputs`.
 */
export class DataStore extends pulumi.ComponentResource {
  readonly tableName: pulumi.Output<string>;
  readonly bucketName: pulumi.Output<string>;

  constructor(name: string, args: DataStoreArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:DataStore", name, {}, opts);

    const index = new Resource(
      "aws:dynamodb/table:Table",
      `${name}-index`,
      {
        hashKey: args.hashKey,
        attributes: [{ name: args.hashKey, type: "S" }],
        billingMode: "PAY_PER_REQUEST",
        deletionProtectionEnabled: true,
      },
      { parent: this, protect: true, aliases: args.movedFrom?.index },
    );

    const files = new Resource(
      "aws:s3/bucket:Bucket",
      `${name}-files`,
      { forceDestroy: false },
      { parent: this, protect: true, aliases: args.movedFrom?.files },
    );

    this.tableName = index.id;
    this.bucketName = files.id;
    this.registerOutputs({ tableName: this.tableName, bucketName: this.bucketName });
  }
}
