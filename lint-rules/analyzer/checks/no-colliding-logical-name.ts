import { urnCollisions } from "../runs.js";
import type { Site } from "../model.js";
import { at, defineCheck, describeRegistration } from "./define-check.js";

/**
 * A logical name that is the same on every run of the code that creates it (the lint rules' name origin says it
 * is constant), and two runs of that code in one deployment (two calls, two constructions of the component, two
 * iterations of a loop) that register the same URN. no-constant-logical-name flags every constant name in library
 * code; this one reports only those that really collide.
 */

/** The name as written, with its value when they differ: `TRAIL` ("audit-trail"). */
function written(expression: string | undefined, value: string): string {
  const literal = JSON.stringify(value);
  if (expression === undefined || expression === literal || expression === `'${value}'`) return literal;
  return `\`${expression}\` (${literal})`;
}

export const noCollidingLogicalName = defineCheck({
  name: "no-colliding-logical-name",
  description:
    "Disallow constant logical names in code that runs more than once in a deployment, where the two registrations get the same URN",
  codes: {
    COLLIDING_LOGICAL_NAME: {
      severity: "error",
      summary: "A constant logical name is registered twice with the same URN because its code runs twice",
    },
  },
  check(model, report) {
    const done = new Set<Site>();
    for (const { first, second, relation } of urnCollisions(model)) {
      if (first.site !== second.site || done.has(second.site) || !model.nameIsConstant(second)) continue;
      done.add(second.site);
      const unit = second.run.unit;
      const [a, b] = relation.entries;
      const runs =
        relation.sameEntry === "iterations"
          ? `the loop \`${a.site.text}\` at ${at(a.site.location)} runs it for two elements`
          : `it runs twice in one deployment (reached from ${at(a.site.location)} and from ${at(b.site.location)})`;
      const conditions = relation.conditions.flat();
      const when = conditions.length > 0 ? ` when \`${conditions[0]!.test}\` holds` : "";
      const value = second.name.ok ? second.name.value : "name";
      const parameter = unit.nameParameter;
      const item = a.site.element ?? "item";
      const fix =
        relation.sameEntry === "iterations"
          ? `Build the name from the loop's element${parameter ? ` and the \`${parameter}\` parameter` : ""}, e.g. \`${parameter ? `\${${parameter}}-` : ""}\${${item}}-${value}\`.`
          : parameter
            ? `Build the name from ${unit.name}'s \`${parameter}\` parameter: \`\${${parameter}}-${value}\`.`
            : `Give ${unit.name} a \`name: string\` parameter, build the name from it (\`\${name}-${value}\`) and pass a different name from each call.`;
      report({
        code: "COLLIDING_LOGICAL_NAME",
        location: second.site.location,
        registration: second,
        ...(conditions.length > 0 ? { severity: "warning" as const } : {}),
        message: `The logical name ${written(second.nameExpression, value)} of ${describeRegistration(second)} is the same every time ${unit.name} runs, and ${runs}: both register ${second.urn ?? "the same URN"}${when}. The engine refuses a second resource with the same URN, so the update fails; renaming the first one afterwards replaces it, deleting its data.`,
        fix,
      });
    }
  },
});
