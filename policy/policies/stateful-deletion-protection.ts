import { Type } from "@sinclair/typebox";
import { UnknownValueError } from "@pulumi/policy";
import {
  compliant,
  deletionProtectionApplies,
  describeSafeValue,
  isSafeValue,
  notApplicable,
  urnGlobMatch,
  violations,
  type DeletionProtectionField,
  type Finding,
} from "../../src/core/index.js";
import {
  defineResourcePolicy,
  describeValue,
  readProperty,
  type PropertyReading,
  type ResourceSubject,
} from "../define-policy.js";

const NAME = "stateful-deletion-protection";

/** Constants the catalog itself names for a field: printing a value equal to one of them discloses nothing. */
function catalogConstants(field: DeletionProtectionField): readonly unknown[] {
  const safe = field.safeValue;
  if (typeof safe === "boolean" || typeof safe === "string") return [safe];
  if ("anyOf" in safe) return safe.anyOf;
  if ("not" in safe) return [safe.not];
  return [];
}

function currentValue(field: DeletionProtectionField, reading: PropertyReading): string {
  if (reading.state === "known" && !reading.secret && catalogConstants(field).includes(reading.value)) {
    return `\`${JSON.stringify(reading.value)}\``;
  }
  return describeValue(reading);
}

/** Whether the field applies: an `unless` condition that cannot be read during preview does not excuse it. */
function applies(field: DeletionProtectionField, subject: ResourceSubject): boolean {
  try {
    return deletionProtectionApplies(field, subject.props);
  } catch (e) {
    if (e instanceof UnknownValueError) return true;
    throw e;
  }
}

function danger(field: DeletionProtectionField): string {
  if (field.safeValue === true) {
    return (
      `without \`${field.property}: true\` the provider deletes it on request, so a replacement or a removal from ` +
      `the program (or a \`pulumi destroy\`, or someone in the console) destroys it and its data`
    );
  }
  if (field.safeValue === false) {
    return (
      `\`${field.property}: true\` makes the provider skip its last safeguard when it deletes the resource (the ` +
      `final snapshot, or the refusal to delete a non-empty store), so a replacement or a removal loses the data ` +
      `for good`
    );
  }
  return (
    `\`${field.property}\` is the provider's own safeguard against losing the data on deletion, and it is safe ` +
    `only as ${describeSafeValue(field)}`
  );
}

function fix(field: DeletionProtectionField, name: string): string {
  const safe = field.safeValue;
  if (typeof safe === "boolean" || typeof safe === "string") {
    const literal = `\`${field.property}: ${JSON.stringify(safe)}\``;
    if (safe === false) return `Remove \`${field.property}\` from the arguments of "${name}", or set ${literal}.`;
    return `Add ${literal} to the arguments of "${name}": new ...("${name}", { ..., ${field.property}: ${JSON.stringify(safe)} }).`;
  }
  return `Set \`${field.property}\` to ${describeSafeValue(field)} in the arguments of "${name}".`;
}

export const statefulDeletionProtection = defineResourcePolicy({
  name: NAME,
  description:
    "Require the provider's own deletion-protection fields of stateful resources to be set to their safe values.",
  configSchema: Type.Object(
    {
      excludeUrns: Type.Optional(
        Type.Array(Type.String({ minLength: 1 }), {
          description: "URNs (globs allowed) exempt from this policy, e.g. scratch data stores that may be deleted.",
          default: [],
        }),
      ),
      unknownIsViolation: Type.Optional(
        Type.Boolean({
          description:
            "Report a deletion-protection field whose value is unknown during preview (computed from another resource's output) at the policy's level; false treats it as compliant until the update runs.",
          default: true,
        }),
      ),
    },
    { additionalProperties: false },
  ),
  decide(subject, config, context) {
    const entry = context.catalog.lookup(subject.type);
    if (!entry) return notApplicable(`${subject.type} is not a stateful type in the catalog`);
    if (entry.deletionProtection.length === 0) {
      return notApplicable(`${subject.type} has no deletion-protection field in the catalog`);
    }
    if ((config.excludeUrns ?? []).some((pattern) => urnGlobMatch(pattern, subject.urn))) {
      return notApplicable(`${subject.urn} is excluded by configuration`);
    }
    const severity = context.protection.protected ? "error" : "warning";
    const resource = { urn: subject.urn, type: subject.type, name: subject.name };
    const findings: Finding[] = [];
    for (const field of entry.deletionProtection) {
      if (!applies(field, subject)) continue;
      const reading = readProperty(subject, field.property);
      if (reading.state === "unknown") {
        if (config.unknownIsViolation === false) continue;
        findings.push({
          code: "DELETION_PROTECTION_UNKNOWN",
          source: "policy",
          rule: NAME,
          severity,
          message:
            `${subject.type} "${subject.name}" (${entry.why}): \`${field.property}\` is unknown until the update runs ` +
            `(it is computed from another resource's output), so stateguard cannot verify it during preview; ` +
            `${danger(field)}.`,
          fix: `Set \`${field.property}\` to ${describeSafeValue(field)} as a literal in the arguments of "${subject.name}", not a computed value.`,
          resource,
        });
        continue;
      }
      // Values that are not what the safe value expects cannot be shown to be safe: isSafeValue fails closed.
      if (isSafeValue(field, reading.state === "known" ? reading.value : undefined)) continue;
      findings.push({
        code: "DELETION_PROTECTION_UNSAFE",
        source: "policy",
        rule: NAME,
        severity,
        message:
          `${subject.type} "${subject.name}" (${entry.why}): \`${field.property}\` is ${currentValue(field, reading)}; ` +
          `${danger(field)}.`,
        fix: fix(field, subject.name),
        resource,
      });
    }
    return findings.length > 0 ? violations(...findings) : compliant;
  },
});
