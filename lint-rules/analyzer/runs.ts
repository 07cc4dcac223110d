import {
  exclusiveArms,
  type ProjectModel,
  type Registration,
  type Run,
  type Site,
  type SiteCondition,
} from "./model.js";

/**
 * Whether two registrations happen in the same run of the program, from the runs the predictor made: their
 * nearest common run, the two sites of it that lead to each (two calls, two statements, two iterations of a
 * loop), and whether those sites lie in exclusive branches (then/else, the arms of a ternary, switch cases that
 * do not fall through, an early return). Pure over the model.
 */

interface Step {
  readonly site: Site;
  readonly run: Run;
}

/** From the registration up to its module's top level: each run and the site in it that leads down. */
function steps(r: Registration): Step[] {
  const list: Step[] = [{ site: r.site, run: r.run }];
  for (let run: Run = r.run; run.parent && run.site; run = run.parent) list.push({ site: run.site, run: run.parent });
  return list;
}

export interface Together {
  /** The two never happen in the same run: exclusive branches of the code of their common run. */
  readonly exclusive: boolean;
  /** The sites of the common run (or of each module's top level) that lead to each registration. */
  readonly entries: readonly [Step, Step];
  /**
   * Both come through the same site of the common run: two iterations of one loop (`iterations`), or one `new`
   * whose class and base class both run (`construction`); undefined when they come through two sites.
   */
  readonly sameEntry: "iterations" | "construction" | undefined;
  /** The conditions, below where their paths part, that each one runs under (empty: it runs whenever the other does). */
  readonly conditions: readonly [readonly SiteCondition[], readonly SiteCondition[]];
}

function counted(conditions: readonly SiteCondition[], shared: readonly SiteCondition[]): SiteCondition[] {
  return conditions.filter(
    (c) => c.counts && !shared.some((s) => s.construct === c.construct && s.arm === c.arm && s.kind === c.kind),
  );
}

/** How two registrations relate in the runs of the program. */
export function together(model: ProjectModel, a: Registration, b: Registration): Together {
  const stepsA = steps(a);
  const stepsB = steps(b);
  const runsB = new Map(stepsB.map((s, i) => [s.run, i]));
  let ia = stepsA.findIndex((s) => runsB.has(s.run));
  let ib = ia >= 0 ? runsB.get(stepsA[ia]!.run)! : -1;
  const common = ia >= 0;
  if (!common) {
    ia = stepsA.length - 1;
    ib = stepsB.length - 1;
  }
  const entryA = stepsA[ia]!;
  const entryB = stepsB[ib]!;
  const deeper = (list: Step[], upTo: number): SiteCondition[] =>
    list.slice(0, upTo).flatMap((s) => counted(model.conditionsAt(s.site, s.run), []));
  const below = stepsA[ia - 1];
  const sameEntry =
    common && entryA.site === entryB.site
      ? below?.run.iteration !== undefined
        ? ("iterations" as const)
        : ("construction" as const)
      : undefined;
  const entryConditionsA = model.conditionsAt(entryA.site, entryA.run);
  const entryConditionsB = model.conditionsAt(entryB.site, entryB.run);
  const exclusive =
    common && !sameEntry && entryConditionsA.some((x) => entryConditionsB.some((y) => exclusiveArms(x, y)));
  return {
    exclusive,
    entries: [entryA, entryB],
    sameEntry,
    conditions: [
      [...deeper(stepsA, ia), ...counted(entryConditionsA, sameEntry ? entryConditionsA : entryConditionsB)],
      [...deeper(stepsB, ib), ...counted(entryConditionsB, sameEntry ? entryConditionsB : entryConditionsA)],
    ],
  };
}

/** Two registrations of one URN that happen in the same run; `second` was registered after `first`. */
export interface Collision {
  readonly first: Registration;
  readonly second: Registration;
  readonly relation: Together;
}

const MAX_COMPARED = 64;
const memo = new WeakMap<ProjectModel, readonly Collision[]>();

/**
 * Registrations whose predicted URNs are equal and that are not in exclusive branches: each one against the
 * first earlier registration it meets. Children of two colliding registrations are left out (their parents'
 * collision explains theirs). Unresolved URNs are never compared.
 */
export function urnCollisions(model: ProjectModel): readonly Collision[] {
  const known = memo.get(model);
  if (known) return known;
  const byUrn = new Map<string, Registration[]>();
  for (const r of model.registrations) {
    if (!r.urn) continue;
    const group = byUrn.get(r.urn);
    if (group) group.push(r);
    else byUrn.set(r.urn, [r]);
  }
  const collisions: Collision[] = [];
  for (const group of byUrn.values()) {
    if (group.length < 2) continue;
    for (let i = 1; i < group.length; i++) {
      const second = group[i]!;
      for (let j = 0; j < Math.min(i, MAX_COMPARED); j++) {
        const first = group[j]!;
        const p = first.parent;
        const q = second.parent;
        if (typeof p === "object" && typeof q === "object" && p !== q && p.urn !== undefined && p.urn === q.urn) break;
        const relation = together(model, first, second);
        if (relation.exclusive) continue;
        collisions.push({ first, second, relation });
        break;
      }
    }
  }
  memo.set(model, collisions);
  return collisions;
}

/** The call that started the run of code a registration is made in (undefined: a module's top level). */
export function callSiteOf(r: Registration): Site | undefined {
  for (let run: Run | undefined = r.run; run; run = run.parent) if (run.iteration === undefined) return run.site;
  return undefined;
}
