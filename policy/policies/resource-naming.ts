import { Type, type Static } from "@sinclair/typebox";
import {
  compliant,
  notApplicable,
  urnGlobMatch,
  violations,
  type Finding,
  type Severity,
} from "../../src/core/index.js";
import { defineResourcePolicy, describeValue, readProperty, type ResourceSubject } from "../define-policy.js";

const NAME = "resource-naming";

/**
 * The input that holds a type's physical name, after the provider's auto-naming. Kept here until the catalog has a
 * `nameProperty` per type; exact tokens first, then provider-wide defaults.
 */
const NAME_PROPERTIES: Readonly<Record<string, string>> = {
  "aws:s3/bucket:Bucket": "bucket",
  "aws:s3/bucketV2:BucketV2": "bucket",
  "aws:rds/instance:Instance": "identifier",
  "aws:rds/cluster:Cluster": "clusterIdentifier",
  "aws:dynamodb/table:Table": "name",
  "aws:sqs/queue:Queue": "name",
  "aws:sns/topic:Topic": "name",
  "aws:ec2/securityGroup:SecurityGroup": "name",
  "aws:iam/role:Role": "name",
  "aws:lambda/function:Function": "name",
  "aws:elasticache/replicationGroup:ReplicationGroup": "replicationGroupId",
  "azure-native:storage:StorageAccount": "accountName",
  "azure-native:sql:Server": "serverName",
  "azure-native:sql:Database": "databaseName",
  "azure-native:resources:ResourceGroup": "resourceGroupName",
  "azure-native:keyvault:Vault": "vaultName",
  "azure-native:documentdb:DatabaseAccount": "accountName",
  "azure-native:compute:Disk": "diskName",
  "azure-native:dbforpostgresql:Server": "serverName",
  "azure-native:dbforpostgresql:FlexibleServer": "serverName",
};

const PROVIDER_NAME_PROPERTIES: readonly (readonly [prefix: string, property: string])[] = [
  ["gcp:", "name"],
  ["kubernetes:", "metadata.name"],
];

export function nameProperty(type: string): string | undefined {
  return NAME_PROPERTIES[type] ?? PROVIDER_NAME_PROPERTIES.find(([prefix]) => type.startsWith(prefix))?.[1];
}

const physicalNameRule = Type.Object(
  {
    pattern: Type.Optional(
      Type.String({ description: "Regular expression the physical name must match (JavaScript syntax)." }),
    ),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, description: "Longest physical name allowed." })),
    mustContainStack: Type.Optional(
      Type.Boolean({ description: "The physical name must contain the stack name (case-insensitive)." }),
    ),
    property: Type.Optional(
      Type.String({
        minLength: 1,
        description: "The input (dotted path) holding the physical name, for types stateguard does not know.",
      }),
    ),
  },
  { additionalProperties: false },
);

type PhysicalNameRule = Static<typeof physicalNameRule>;

const configSchema = Type.Object(
  {
    logicalNamePattern: Type.Optional(
      Type.String({
        description:
          "Regular expression every logical name (the resource's name in the program) must match. The default only rejects whitespace; set e.g. ^[a-z][a-z0-9]*(-[a-z0-9]+)*$ for kebab-case.",
        default: "^\\S+$",
      }),
    ),
    logicalNamePatterns: Type.Optional(
      Type.Record(Type.String(), Type.String(), {
        description:
          "Per type (token, or glob with *): a regular expression that replaces logicalNamePattern for that type.",
        default: {},
      }),
    ),
    physicalNames: Type.Optional(
      Type.Record(Type.String(), physicalNameRule, {
        description:
          'Per type (token, or glob with *; "*" is every type with a known name property): rules for the physical name after auto-naming: pattern, maxLength, mustContainStack, property.',
        default: {},
      }),
    ),
    stackNamePattern: Type.Optional(
      Type.String({
        description:
          "Regular expression the stack name must match; {project} stands for the project name, e.g. ^{project}-(dev|staging|prod)$. Empty: not checked.",
        default: "",
      }),
    ),
    excludeUrns: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description: "URNs (globs allowed) exempt from this policy, e.g. imported resources named by another team.",
        default: [],
      }),
    ),
  },
  { additionalProperties: false },
);

type Config = Static<typeof configSchema>;

const compiled = new Map<string, RegExp | string>();

/** Compiles a configured pattern once; returns the error message for an invalid one (a config error). */
function regex(pattern: string): RegExp | string {
  let r = compiled.get(pattern);
  if (r === undefined) {
    try {
      r = new RegExp(pattern);
    } catch (e) {
      r = e instanceof Error ? e.message : String(e);
    }
    compiled.set(pattern, r);
  }
  return r;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Entries whose key matches the type, least specific first, so that more specific keys win when merged. */
function matchingEntries<T>(table: Readonly<Record<string, T>>, type: string): T[] {
  return Object.keys(table)
    .filter((key) => key === type || (key.includes("*") && urnGlobMatch(key, type)))
    .sort((a, b) => a.replace(/\*/g, "").length - b.replace(/\*/g, "").length || a.localeCompare(b))
    .map((key) => table[key]!);
}

interface Check {
  readonly subject: ResourceSubject;
  readonly severity: Severity;
  readonly findings: Finding[];
}

function add(check: Check, code: string, message: string, fix: string, severity = check.severity): void {
  const { subject } = check;
  check.findings.push({
    code,
    source: "policy",
    rule: NAME,
    severity,
    message,
    fix,
    resource: { urn: subject.urn, type: subject.type, name: subject.name },
  });
}

function invalidPattern(check: Check, where: string, pattern: string, error: string): void {
  add(
    check,
    "NAMING_CONFIG_INVALID",
    `${NAME}: ${where} is not a valid regular expression (${JSON.stringify(pattern)}: ${error}), so the names of ` +
      `"${check.subject.name}" cannot be checked.`,
    `Fix ${where} in policy-config.json; \`npx stateguard config check\` validates the rest of the file.`,
  );
}

function checkStackName(check: Check, config: Config, stack: string, project: string | undefined): void {
  const configured = config.stackNamePattern ?? "";
  if (configured === "") return;
  const source = configured.replace(/\{project\}/g, escapeRegex(project ?? ""));
  const r = regex(source);
  if (typeof r === "string") {
    invalidPattern(check, "stackNamePattern", configured, r);
    return;
  }
  if (r.test(stack)) return;
  add(
    check,
    "STACK_NAME_MISMATCH",
    `Stack "${stack}" does not match the configured stack name pattern /${source}/: stack names decide which ` +
      `stacks are protected and appear in every URN, so a stack outside the convention may escape the production ` +
      `rules.`,
    `Create the stack under a conforming name (\`pulumi stack rename\` keeps its state), or change stackNamePattern.`,
  );
}

function checkLogicalName(check: Check, config: Config): void {
  const { subject } = check;
  const patterns = matchingEntries(config.logicalNamePatterns ?? {}, subject.type);
  const configured = patterns.length > 0 ? patterns[patterns.length - 1]! : (config.logicalNamePattern ?? "");
  if (configured === "") return;
  const r = regex(configured);
  if (typeof r === "string") {
    invalidPattern(check, "logicalNamePattern", configured, r);
    return;
  }
  if (r.test(subject.name)) return;
  add(
    check,
    "LOGICAL_NAME_MISMATCH",
    `${subject.type} "${subject.name}": the logical name does not match /${configured}/. The logical name is ` +
      `part of the URN, so renaming it later replaces the resource unless an alias is added.`,
    `Name it by the convention now, or, if it already exists, rename it with \`aliases: [{ name: "${subject.name}" }]\` ` +
      `in its resource options so the engine keeps the same resource.`,
  );
}

function checkPhysicalName(check: Check, config: Config, stack: string): void {
  const { subject } = check;
  const rules = matchingEntries(config.physicalNames ?? {}, subject.type);
  if (rules.length === 0) return;
  const rule: PhysicalNameRule = Object.assign({}, ...rules) as PhysicalNameRule;
  const property = rule.property ?? nameProperty(subject.type);
  if (!property) return;
  if (rule.pattern === undefined && rule.maxLength === undefined && rule.mustContainStack !== true) return;
  const reading = readProperty(subject, property);
  if (reading.state === "absent") return;
  if (reading.state === "unknown") {
    // Naming is a convention, not data loss: an unknown name (built from another resource's output) is common on
    // a first preview and is checked again, at the policy's level, when `pulumi up` registers the resource.
    add(
      check,
      "PHYSICAL_NAME_UNKNOWN",
      `${subject.type} "${subject.name}": the physical name (\`${property}\`) is unknown until the update runs, so ` +
        `it is checked when \`pulumi up\` registers the resource, before it is created.`,
      `Nothing to do now; build the name from known values (config, stack name) to have it checked in preview.`,
      "note",
    );
    return;
  }
  const value = reading.value;
  const what = `${subject.type} "${subject.name}": the physical name (\`${property}\`)`;
  const why = `a physical name is fixed at creation: changing it later replaces the resource`;
  if (typeof value !== "string") {
    add(check, "PHYSICAL_NAME_MISMATCH", `${what} is ${describeValue(reading)}, not a string.`, `Set a string name.`);
    return;
  }
  if (rule.pattern !== undefined) {
    const r = regex(rule.pattern);
    if (typeof r === "string") invalidPattern(check, `physicalNames pattern for ${subject.type}`, rule.pattern, r);
    else if (!r.test(value)) {
      add(
        check,
        "PHYSICAL_NAME_MISMATCH",
        `${what} does not match /${rule.pattern}/ (value not shown); ${why}.`,
        `Set \`${property}\` (or a name prefix) by the convention in the arguments of "${subject.name}".`,
      );
    }
  }
  if (rule.maxLength !== undefined && value.length > rule.maxLength) {
    add(
      check,
      "PHYSICAL_NAME_TOO_LONG",
      `${what} is ${value.length} characters, more than ${rule.maxLength}; the provider rejects it at creation or ` +
        `truncates it out of the convention.`,
      `Shorten the logical name or set a shorter \`${property}\` in the arguments of "${subject.name}".`,
    );
  }
  if (rule.mustContainStack === true && !value.toLowerCase().includes(stack.toLowerCase())) {
    add(
      check,
      "PHYSICAL_NAME_MISSING_STACK",
      `${what} does not contain the stack name "${stack}": two stacks of the same program then compete for one ` +
        `name, and a preview of one can plan to replace the other's resource.`,
      "Build the name from the stack in the arguments of " +
        `"${subject.name}", e.g. ${property}: ` +
        "`<name>-${pulumi.getStack()}`.",
    );
  }
}

export const resourceNaming = defineResourcePolicy({
  name: NAME,
  description: "Enforce naming conventions for logical names, physical names (after auto-naming) and the stack name.",
  configSchema,
  decide(subject, config, context) {
    if ((config.excludeUrns ?? []).some((pattern) => urnGlobMatch(pattern, subject.urn))) {
      return notApplicable(`${subject.urn} is excluded by configuration`);
    }
    const check: Check = {
      subject,
      severity: context.protection.protected ? "error" : "warning",
      findings: [],
    };
    if (subject.type === "pulumi:pulumi:Stack") {
      // The stack resource is analyzed once per run: the place to check the stack's own name.
      checkStackName(check, config, context.stack.stack, context.stack.project);
    } else if (subject.type.startsWith("pulumi:")) {
      return notApplicable(`${subject.type} is named by the engine`);
    } else {
      checkLogicalName(check, config);
      checkPhysicalName(check, config, context.stack.stack);
    }
    return check.findings.length > 0 ? violations(...check.findings) : compliant;
  },
});
