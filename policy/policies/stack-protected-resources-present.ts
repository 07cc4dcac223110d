import { Type } from "@sinclair/typebox";
import { compliant, parseUrn, urnGlobMatch, violations, type Finding } from "../../src/core/index.js";
import { defineStackPolicy, type StackPolicyContext } from "../define-policy.js";

const NAME = "stack-protected-resources-present";

interface BaselineResource {
  readonly urn: string;
  readonly type: string;
  readonly protect: boolean;
  readonly custom?: boolean;
  readonly inputs?: Readonly<Record<string, unknown>>;
}

type Baseline =
  | { readonly ok: true; readonly path: string; readonly resources: readonly BaselineResource[] }
  | { readonly ok: false; readonly path: string; readonly problem: string };

/** Reads the output of `pulumi stack export`: { deployment: { resources: [{ urn, type, protect?, delete? }] } }. */
function readBaseline(configured: string, context: StackPolicyContext): Baseline {
  const withPlaceholders = configured
    .replace(/\{stack\}/g, context.stack.stack)
    .replace(/\{project\}/g, context.stack.project ?? "");
  let path = withPlaceholders;
  let text: string;
  try {
    path = context.files.resolve(withPlaceholders);
    text = context.files.readText(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    return { ok: false, path, problem: `cannot read it (${code ?? (e instanceof Error ? e.message : String(e))})` };
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (e) {
    return { ok: false, path, problem: `it is not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  const resources = (document as { deployment?: { resources?: unknown } } | null)?.deployment?.resources;
  if (!Array.isArray(resources)) {
    return {
      ok: false,
      path,
      problem: "it has no deployment.resources array: is it the output of `pulumi stack export`?",
    };
  }
  const read: BaselineResource[] = [];
  for (const r of resources as unknown[]) {
    if (typeof r !== "object" || r === null) continue;
    const { urn, type, protect, custom, inputs, delete: pendingDelete } = r as Record<string, unknown>;
    // A resource marked `delete` is an old copy waiting for deletion, not a resource of the stack.
    if (typeof urn !== "string" || typeof type !== "string" || pendingDelete === true) continue;
    read.push({
      urn,
      type,
      protect: protect === true,
      ...(typeof custom === "boolean" ? { custom } : {}),
      ...(typeof inputs === "object" && inputs !== null ? { inputs: inputs as Record<string, unknown> } : {}),
    });
  }
  return { ok: true, path, resources: read };
}

/** The catalog entry when this resource is stateful (its type's conditions hold for these props), as for resources. */
function statefulEntry(
  context: StackPolicyContext,
  type: string,
  props: Readonly<Record<string, unknown>> | undefined,
  custom: boolean | undefined,
) {
  return context.catalog
    .forResource({
      ...(props ? { props } : {}),
      ...(custom !== undefined ? { custom } : {}),
      protectedStack: context.protection.protected,
    })
    .lookup(type);
}

export const stackProtectedResourcesPresent = defineStackPolicy({
  name: NAME,
  description:
    "Require every stateful resource of a protected stack to be protected, and required resources to stay in the program.",
  configSchema: Type.Object(
    {
      requireProtect: Type.Optional(
        Type.Boolean({
          description: "On protected stacks, every resource of a stateful type in the program must have protect: true.",
          default: true,
        }),
      ),
      requiredUrns: Type.Optional(
        Type.Array(Type.String({ minLength: 1 }), {
          description:
            "URNs (globs allowed) of resources that must stay in the program: each pattern must match at least one resource.",
          default: [],
        }),
      ),
      baseline: Type.Optional(
        Type.String({
          description:
            "Path to the output of `pulumi stack export` (absolute, or relative to the directory pulumi is run from; {stack} and {project} are replaced): its stateful and protected resources must stay in the program. Empty: no baseline.",
          default: "",
        }),
      ),
      excludeUrns: Type.Optional(
        Type.Array(Type.String({ minLength: 1 }), {
          description: "URNs (globs allowed) exempt from this policy, e.g. a data store being retired in this change.",
          default: [],
        }),
      ),
    },
    { additionalProperties: false },
  ),
  decide(subject, config, context) {
    const severity = context.protection.protected ? "error" : "warning";
    const excluded = (urn: string) => (config.excludeUrns ?? []).some((pattern) => urnGlobMatch(pattern, urn));
    const findings: Finding[] = [];
    const present = new Set<string>();
    for (const r of subject.resources) {
      present.add(r.urn);
      for (const alias of r.opts.aliases ?? []) present.add(alias);
    }

    if (context.protection.protected && config.requireProtect !== false) {
      for (const r of subject.resources) {
        const entry = statefulEntry(context, r.type, r.props, r.custom);
        if (!entry || r.opts.protect || excluded(r.urn)) continue;
        findings.push({
          code: "STACK_STATEFUL_NOT_PROTECTED",
          source: "policy",
          rule: NAME,
          severity,
          message:
            `${r.type} "${r.name}" (${entry.why}) ends this update without protect on protected stack ` +
            `"${context.stack.stack}" (${context.protection.reason}): the next change that replaces or removes it ` +
            `deletes its data, and this very update may already replace it (the engine checks protect in the saved ` +
            `state and the program together).`,
          fix: `Add \`protect: true\` to the resource options of "${r.name}".`,
          resource: { urn: r.urn, type: r.type, name: r.name },
        });
      }
    }

    for (const pattern of config.requiredUrns ?? []) {
      if ([...present].some((urn) => urnGlobMatch(pattern, urn))) continue;
      findings.push({
        code: "STACK_REQUIRED_RESOURCE_MISSING",
        source: "policy",
        rule: NAME,
        severity,
        message:
          `No resource of stack "${context.stack.stack}" matches the required URN ${pattern}: a resource removed ` +
          `from the program is deleted by the update, with its data, unless protect in the saved state stops it.`,
        fix:
          `Declare the resource again (same name and parent, or an alias to its old URN); if removing it is ` +
          `deliberate, drop the pattern from requiredUrns in a reviewed change.`,
      });
    }

    const configured = config.baseline ?? "";
    if (configured !== "") {
      const baseline = readBaseline(configured, context);
      if (!baseline.ok) {
        // Fail closed: a baseline that cannot be read must not pass silently.
        findings.push({
          code: "STACK_BASELINE_UNREADABLE",
          source: "policy",
          rule: NAME,
          severity,
          message: `The baseline ${baseline.path} (baseline: ${JSON.stringify(configured)}) was not checked: ${baseline.problem}.`,
          fix: `Point baseline at the output of \`pulumi stack export --file <path>\` for this stack (an absolute path, or one relative to the directory pulumi runs in).`,
        });
      } else {
        const ours = baseline.resources.filter((r) => {
          const parsed = parseUrn(r.urn);
          return (
            parsed?.stack === context.stack.stack &&
            (context.stack.project === undefined || parsed.project === context.stack.project)
          );
        });
        if (baseline.resources.length > 0 && ours.length === 0) {
          findings.push({
            code: "STACK_BASELINE_OTHER_STACK",
            source: "policy",
            rule: NAME,
            severity,
            message: `The baseline ${baseline.path} holds no resource of stack "${context.stack.stack}" (it is another stack's export), so nothing was checked against it.`,
            fix: `Export this stack's baseline (\`pulumi stack export --stack ${context.stack.stack} --file <path>\`), or use a {stack} placeholder in the baseline path.`,
          });
        }
        for (const r of ours) {
          if (present.has(r.urn) || excluded(r.urn)) continue;
          const entry = statefulEntry(context, r.type, r.inputs, r.custom);
          if (!entry && !r.protect) continue;
          const name = parseUrn(r.urn)?.name ?? r.urn;
          findings.push({
            code: "STACK_REQUIRED_RESOURCE_MISSING",
            source: "policy",
            rule: NAME,
            severity,
            message:
              `${r.type} "${name}" (${entry ? entry.why : "protected in the baseline"}) is in the baseline ` +
              `${baseline.path} but no longer in the program: the update deletes it and its data, unless protect in ` +
              `the saved state stops it. URN: ${r.urn}`,
            fix:
              `Declare "${name}" again (same name and parent, or with \`aliases\` to its URN); if removing it is ` +
              `deliberate, refresh the baseline with \`pulumi stack export\` in a reviewed change.`,
            resource: { urn: r.urn, type: r.type, name },
          });
        }
      }
    }
    return findings.length > 0 ? violations(...findings) : compliant;
  },
});
