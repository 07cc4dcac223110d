import * as pulumi from "@pulumi/pulumi";
import { Resource } from "./resource";

/** The subnets of every network: a fixed list, so a network's contents never depend on its arguments. */
const SUBNETS = [
  { tier: "public", zone: "a", octet: 0 },
  { tier: "public", zone: "b", octet: 1 },
  { tier: "private", zone: "a", octet: 2 },
  { tier: "private", zone: "b", octet: 3 },
] as const;

export interface NetworkArgs {
  /** The first two octets of the network's /16 range, e.g. "10.20". */
  readonly cidrPrefix: string;
  /** The region whose zones a and b hold the subnets, e.g. "us-east-1". */
  readonly region: string;
}

/** A VPC with a public and a private subnet in each of two availability zones. */
export class Network extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly privateSubnetIds: pulumi.Output<string>[];

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:network:Network", name, {}, opts);

    const vpc = new Resource(
      "aws:ec2/vpc:Vpc",
      `${name}-vpc`,
      { cidrBlock: `${args.cidrPrefix}.0.0/16`, enableDnsHostnames: true, enableDnsSupport: true },
      { parent: this },
    );

    const subnets = SUBNETS.map((s) => ({
      tier: s.tier,
      subnet: new Resource(
        "aws:ec2/subnet:Subnet",
        `${name}-${s.tier}-${s.zone}`,
        {
          vpcId: vpc.id,
          cidrBlock: `${args.cidrPrefix}.${s.octet}.0/24`,
          availabilityZone: `${args.region}${s.zone}`,
          mapPublicIpOnLaunch: s.tier === "public",
        },
        { parent: this },
      ),
    }));

    this.vpcId = vpc.id;
    this.publicSubnetIds = subnets.filter((s) => s.tier === "public").map((s) => s.subnet.id);
    this.privateSubnetIds = subnets.filter((s) => s.tier === "private").map((s) => s.subnet.id);
    this.registerOutputs({
      vpcId: this.vpcId,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
    });
  }
}
