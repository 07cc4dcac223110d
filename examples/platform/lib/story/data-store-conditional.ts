import * as pulumi from "@pulumi/pulumi";
import { Resource } from "./resource";

export interface DataStoreArgs {
  /** The table's partition key: a string attribute of every item. */
  readonly hashKey: string;
  /** Whether the store keeps files too (a bucket beside the table). */
  readonly keepFiles?: boolean;
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
 * Story variant (scripts/demo.ts): lib/data-store.ts after a change that makes the bucket optional. Copied over
 * lib/data-store.ts in a scratch copy of the platform, then linted with stateguard/eslint's recommended config.
 */
export class DataStore extends pulumi.ComponentResource {
  readonly tableName: pulumi.Output<string>;
  readonly bucketName: pulumi.Output<string> | undefined;

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

    // The change the story lints: the bucket now exists only when the caller asks for it. The day a caller
    // passes keepFiles: false (or forgets it), `pulumi up` deletes the bucket and every file in it.
    let files: Resource | undefined;
    if (args.keepFiles) {
      files = new Resource(
        "aws:s3/bucket:Bucket",
        `${name}-files`,
        { forceDestroy: false },
        { parent: this, protect: true, aliases: args.movedFrom?.files },
      );
    }

    this.tableName = index.id;
    this.bucketName = files?.id;
    this.registerOutputs({ tableName: this.tableName, bucketName: this.bucketName });
  }
}
