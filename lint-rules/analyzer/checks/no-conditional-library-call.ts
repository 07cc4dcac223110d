import type { CallEdge, Registration, Unit } from "../model.js";
import { at, defineCheck, describeRegistration } from "./define-check.js";

/**
 * Library code that calls, under a condition that depends on data, a function of the project that creates
 * resources (in its own body or further down, in any file). no-conditional-resource sees a `new` under a
 * condition; it cannot see that the function called under one creates resources elsewhere.
 */

function created(registrations: readonly Registration[]): string {
  const first = registrations[0];
  if (!first) return "resources";
  const more = registrations.length - 1;
  return `${describeRegistration(first)} (${at(first.site.location)})${more > 0 ? ` and ${more} more` : ""}`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function caller(unit: Unit): string {
  if (unit.kind === "component" || unit.kind === "class") return `the constructor of ${unit.name}`;
  if (unit.kind === "module") return `the top level of ${unit.name}`;
  return unit.name;
}

export const noConditionalLibraryCall = defineCheck({
  name: "no-conditional-library-call",
  description:
    "Disallow library code calling, under a condition that depends on arguments, config or live state, a function that creates resources",
  codes: {
    CONDITIONAL_LIBRARY_CALL: {
      severity: "error",
      summary: "Library code calls a function that creates resources under a condition that depends on data",
    },
  },
  check(model, report) {
    const creating = new Map<Unit, CallEdge>();
    for (const edge of model.calls)
      if (edge.registrations.length > 0 && !creating.has(edge.callee)) creating.set(edge.callee, edge);
    const done = new Set<unknown>();
    for (const edge of model.calls) {
      if (!edge.library || done.has(edge.site)) continue;
      const sample = edge.registrations.length > 0 ? edge : creating.get(edge.callee);
      if (!sample) continue;
      const condition = model.conditionsAt(edge.site, edge.run, true).find((c) => c.decisive);
      if (!condition) continue;
      done.add(edge.site);
      const callee = edge.callee.name;
      report({
        code: "CONDITIONAL_LIBRARY_CALL",
        location: edge.site.location,
        message: `${capitalised(caller(edge.run.unit))} calls ${callee} (${at(edge.callee.location)}) under \`${condition.test}\`${condition.source ? `, which comes from ${condition.source}` : ""}, and ${callee} creates ${created(sample.registrations)}. Library code that creates resources conditionally makes the stack's contents follow the caller's data: when that value changes, the next \`pulumi up\` deletes those resources and their data.`,
        fix: `Call \`${edge.site.text}\` unconditionally here, and make the decision in the program (the entry module's top level): call ${caller(edge.run.unit)} or not from there.`,
        ...(sample.registrations[0] ? { registration: sample.registrations[0] } : {}),
      });
    }
  },
});
