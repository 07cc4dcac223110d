import { urnCollisions, type Collision } from "../runs.js";
import { at, defineCheck, describeRegistration } from "./define-check.js";

/**
 * Two registrations with the same predicted URN in one run of the program: two `new` expressions that name the
 * same resource, or one reached twice with the same name passed in. Registrations in exclusive branches
 * (then/else, ternary arms, switch cases, an early return) are not compared, and unresolved names never are.
 * A constant name in code that runs twice is no-colliding-logical-name's case.
 */

function path(c: Collision): string {
  const [a, b] = c.relation.entries;
  if (c.relation.sameEntry === "iterations") {
    return `at ${at(c.second.site.location)}, in two iterations of \`${a.site.text}\` at ${at(a.site.location)}`;
  }
  if (c.relation.sameEntry === "construction") {
    return `while \`${a.site.text}\` at ${at(a.site.location)} constructs one component: by ${c.first.run.unit.name} at ${at(c.first.site.location)} and by ${c.second.run.unit.name} at ${at(c.second.site.location)}, a class and its base class under the same type token`;
  }
  const via = (entry: typeof a, r: typeof c.first): string =>
    entry.site === r.site ? "" : ` (through \`${entry.site.text}\` at ${at(entry.site.location)})`;
  return `at ${at(c.first.site.location)}${via(a, c.first)} and at ${at(c.second.site.location)}${via(b, c.second)}`;
}

export const noDuplicateUrn = defineCheck({
  name: "no-duplicate-urn",
  description: "Disallow registering two resources with the same URN in one run of the program",
  codes: {
    DUPLICATE_URN: {
      severity: "error",
      summary: "Two registrations in one run of the program get the same URN",
    },
  },
  check(model, report) {
    const done = new Set<string>();
    for (const c of urnCollisions(model)) {
      const { first, second, relation } = c;
      const sameSite = first.site === second.site;
      if (sameSite && model.nameIsConstant(second)) continue;
      const [, entry] = relation.entries;
      const location = sameSite ? entry.site.location : second.site.location;
      const key = `${at(first.site.location)}|${at(location)}`;
      if (done.has(key)) continue;
      done.add(key);
      const conditions = relation.conditions.flat();
      const when = conditions.length > 0 ? ` when \`${conditions[0]!.test}\` holds` : "";
      const fix = sameSite
        ? relation.sameEntry === "iterations"
          ? `The loop at ${at(entry.site.location)} gives two elements the same name: make the elements (or the key the name is built from) unique.`
          : `Pass a different name in \`${entry.site.text}\` at ${at(entry.site.location)}: the call at ${at(relation.entries[0].site.location)} already passes this one.`
        : relation.sameEntry === "construction"
          ? `Give the resource at ${at(second.site.location)} another logical name (${first.run.unit.name} at ${at(first.site.location)} already registers this one under the component), or create it in one of the two classes only.`
          : `Rename one of the two (e.g. the logical name at ${at(second.site.location)}), or, if they are meant to be one resource, create it once and pass it to the code that needs it.`;
      report({
        code: "DUPLICATE_URN",
        location,
        registration: second,
        ...(conditions.length > 0 ? { severity: "warning" as const } : {}),
        message: `${describeRegistration(second)} is registered twice with the URN ${second.urn ?? "?"}${when}: ${path(c)}. The engine refuses the second registration, so the update fails; renaming one of them afterwards replaces that resource, deleting its data.`,
        fix,
      });
    }
  },
});
