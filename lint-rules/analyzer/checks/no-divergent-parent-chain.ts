import { callSiteOf } from "../runs.js";
import type { Registration, Run, Site } from "../model.js";
import { at, defineCheck, describeRegistration } from "./define-check.js";

/**
 * One `new` whose parent chain differs between the runs of its code, where in at least one run the resource is
 * created while a component is constructed but lands outside that component: a helper called from a component
 * without the component passed on as `parent`. require-component-parent sees a `new` in the component's own
 * body; it cannot follow the call into another function or file.
 */

/** The component being constructed when the registration's code runs, and the run of the component's code. */
function enclosing(r: Registration): { component: Registration; run: Run; left: Run | undefined } | undefined {
  let left: Run | undefined;
  for (let run: Run | undefined = r.run; run; left = run, run = run.parent) {
    if (run.component && run.component !== r) return { component: run.component, run, left };
  }
  return undefined;
}

function descendsFrom(r: Registration, ancestor: Registration): boolean {
  for (let p = r.parent; typeof p === "object"; p = p.parent) if (p === ancestor) return true;
  return false;
}

function chain(parentChain: string): string {
  return parentChain === "" ? "the stack's root" : `\`${parentChain}\``;
}

function calledAt(r: Registration): string {
  const site = callSiteOf(r);
  return site ? `when called at ${at(site.location)}` : "at the module's top level";
}

export const noDivergentParentChain = defineCheck({
  name: "no-divergent-parent-chain",
  description:
    "Disallow a resource whose parent chain differs between call sites because a component does not pass itself as parent",
  codes: {
    PARENT_CHAIN_DIVERGES: {
      severity: "error",
      summary: "The same resource code gets different parent chains, escaping the component it is created for",
    },
  },
  check(model, report) {
    const bySite = new Map<Site, Registration[]>();
    for (const r of model.registrations) {
      if (r.parentChain === undefined) continue;
      const list = bySite.get(r.site);
      if (list) list.push(r);
      else bySite.set(r.site, [r]);
    }
    for (const [site, registrations] of bySite) {
      if (registrations.length < 2 || new Set(registrations.map((r) => r.parentChain)).size < 2) continue;
      let escaped: { r: Registration; within: NonNullable<ReturnType<typeof enclosing>> } | undefined;
      for (const r of registrations) {
        const within = enclosing(r);
        if (within && !descendsFrom(r, within.component)) {
          escaped = { r, within };
          break;
        }
      }
      if (!escaped) continue;
      const { r, within } = escaped;
      const other = registrations.find((o) => o.parentChain !== r.parentChain)!;
      const component = within.component;
      const componentName =
        `${component.type.ok ? component.type.value : component.className} ${component.name.ok ? JSON.stringify(component.name.value) : ""}`.trim();
      const exit = within.left?.site;
      const model = callSiteOf(other);
      const fix = exit
        ? `Pass the component on as parent in \`${exit.text}\` at ${at(exit.location)} (\`{ parent: this }\` in its options)${model ? `, as \`${model.text}\` at ${at(model.location)} does` : ""}; ${r.run.unit.name} must hand it on to the resource's options.`
        : `Add \`parent: this\` to the options of the resource at ${at(site.location)}.`;
      report({
        code: "PARENT_CHAIN_DIVERGES",
        location: site.location,
        registration: r,
        message: `${describeRegistration(r)} (${at(site.location)}) gets a different parent chain depending on who runs ${r.run.unit.name}: under ${chain(other.parentChain!)} ${calledAt(other)}, but under ${chain(r.parentChain!)} ${calledAt(r)}, while ${componentName} is being constructed, so it is not part of that component. Its URN depends on the call site, it does not inherit the component's aliases, and moving code between components changes URNs, which the engine carries out as a delete and a create.`,
        fix,
      });
    }
  },
});
