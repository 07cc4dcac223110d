import * as pulumi from "@pulumi/pulumi";
import { Network, Resource } from "../lib";

// The example platform's network: one VPC with public and private subnets, and the security groups the other
// stacks use. Nothing here holds data, so stateguard's pack has nothing to ask of it.

const config = new pulumi.Config();
const region = new pulumi.Config("aws").require("region");

const network = new Network("platform", { cidrPrefix: config.require("cidrPrefix"), region });

// The platform's functions: no inbound traffic, all outbound.
const functions = new Resource("aws:ec2/securityGroup:SecurityGroup", "functions", {
  vpcId: network.vpcId,
  description: "the platform's functions",
  egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
});

// The interface endpoints of AWS services, reachable from the functions only.
const endpoints = new Resource("aws:ec2/securityGroup:SecurityGroup", "endpoints", {
  vpcId: network.vpcId,
  description: "AWS service endpoints",
  ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: [functions.id] }],
});

export const vpcId = network.vpcId;
export const publicSubnetIds = network.publicSubnetIds;
export const privateSubnetIds = network.privateSubnetIds;
export const functionsSecurityGroupId = functions.id;
export const endpointsSecurityGroupId = endpoints.id;
