import type { ProjectModel, Registration, Run, Site, Unit, UnitKind } from "./model.js";
import type { SourcePosition } from "./predict.js";

/**
 * Per unit of code (the program's entry, a module, a function, a method, a component): the resources it creates
 * itself, where it is called from, what it calls, and how many registrations happen through it. Plain data for
 * `stateguard analyze --format json`, and a compact tree for the text format.
 */

export interface JsonLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface JsonUnitResource {
  readonly location: JsonLocation;
  readonly kind: string;
  readonly className: string;
  /** The type token, when every registration of this `new` has the same known one. */
  readonly type: string | null;
  /** The logical name as written, and the values it takes in the runs of the unit (unresolved: why not). */
  readonly name: {
    readonly expression: string | null;
    readonly values: readonly string[];
    readonly unresolved: string | null;
  };
  /** The parent's type chains, outermost first (`[]`: the stack's root; null: not predicted), one per distinct chain. */
  readonly parentChains: readonly (readonly string[] | null)[];
  /** Kinds of condition within the unit it is created under (if, ternary, logical, switch, catch, guard). */
  readonly conditional: readonly string[];
  /** It is created in a loop of the unit (over a literal array, expanded; or over data). */
  readonly loop: boolean;
  readonly registrations: number;
  /** The distinct predicted URNs (null: unresolved). */
  readonly urns: readonly (string | null)[];
}

export interface JsonUnitCall {
  readonly unit: string;
  readonly location: JsonLocation;
  /** Kinds of condition within the caller the call is made under (loops aside). */
  readonly conditional: readonly string[];
  readonly loop: boolean;
}

export interface JsonUnit {
  readonly id: string;
  readonly kind: UnitKind;
  readonly name: string;
  readonly location: JsonLocation;
  readonly library: boolean;
  /** How many times the program runs it (calls and constructions followed from the entry). */
  readonly runs: number;
  readonly calledFrom: readonly { readonly unit: string; readonly location: JsonLocation }[];
  readonly calls: readonly JsonUnitCall[];
  /** Registrations made by its own code, and in all (through the functions and components it calls). */
  readonly creates: { readonly direct: number; readonly total: number };
  readonly resources: readonly JsonUnitResource[];
}

export interface ProjectSummary {
  readonly registrations: number;
  readonly unresolved: number;
  readonly units: readonly JsonUnit[];
}

function loc(p: SourcePosition): JsonLocation {
  return { file: p.file, line: p.line, column: p.column };
}

function byPosition(a: SourcePosition, b: SourcePosition): number {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column;
}

function chainOf(r: Registration): string[] | null {
  if (r.parentChain === undefined) return null;
  return r.parentChain === "" ? [] : r.parentChain.split("$");
}

function resourceOf(registrations: readonly Registration[]): JsonUnitResource {
  const first = registrations[0]!;
  const types = new Set(registrations.map((r) => (r.type.ok ? r.type.value : null)));
  const values = [...new Set(registrations.flatMap((r) => (r.name.ok ? [r.name.value] : [])))];
  const unresolved = registrations.find((r) => !r.name.ok)?.name;
  const chains = new Map<string, string[] | null>();
  for (const r of registrations) chains.set(r.parentChain ?? "\u0000", chainOf(r));
  const own = first.ownConditional;
  return {
    location: loc(first.site.location),
    kind: first.kind,
    className: first.className,
    type: types.size === 1 ? ([...types][0] ?? null) : null,
    name: {
      expression: first.nameExpression ?? null,
      values,
      unresolved: unresolved && !unresolved.ok ? unresolved.reason : null,
    },
    parentChains: [...chains.values()],
    conditional: [...new Set(own.filter((k) => k !== "loop"))],
    loop: own.includes("loop"),
    registrations: registrations.length,
    urns: [...new Set(registrations.map((r) => r.urn ?? null))],
  };
}

/** The units of a project with what they create; the program's entry first, then by id. */
export function summarizeProject(model: ProjectModel): ProjectSummary {
  const direct = new Map<Unit, Map<Site, Registration[]>>();
  const total = new Map<Unit, number>();
  const runs = new Map<Unit, Set<Run>>();
  for (const r of model.registrations) {
    let sites = direct.get(r.run.unit);
    if (!sites) direct.set(r.run.unit, (sites = new Map<Site, Registration[]>()));
    const list = sites.get(r.site);
    if (list) list.push(r);
    else sites.set(r.site, [r]);
    const seen = new Set<Unit>();
    for (let run: Run | undefined = r.run; run; run = run.parent) {
      if (seen.has(run.unit)) continue;
      seen.add(run.unit);
      total.set(run.unit, (total.get(run.unit) ?? 0) + 1);
    }
  }
  const calls = new Map<Unit, Map<string, JsonUnitCall>>();
  const calledFrom = new Map<Unit, Map<string, { unit: string; location: JsonLocation }>>();
  const noteRun = (run: Run): void => {
    if (run.iteration !== undefined) return;
    let set = runs.get(run.unit);
    if (!set) runs.set(run.unit, (set = new Set<Run>()));
    set.add(run);
  };
  for (const r of model.registrations) for (let run: Run | undefined = r.run; run; run = run.parent) noteRun(run);
  for (const edge of model.calls) {
    noteRun(edge.run);
    const caller = edge.run.unit;
    const key = `${edge.callee.id}|${edge.site.location.line}:${edge.site.location.column}|${edge.site.location.file}`;
    let out = calls.get(caller);
    if (!out) calls.set(caller, (out = new Map<string, JsonUnitCall>()));
    if (!out.has(key)) {
      const conditions = model.conditionsAt(edge.site, edge.run, true);
      out.set(key, {
        unit: edge.callee.id,
        location: loc(edge.site.location),
        conditional: [...new Set(conditions.filter((c) => c.counts && c.kind !== "loop").map((c) => c.kind))],
        loop: conditions.some((c) => c.kind === "loop"),
      });
    }
    let into = calledFrom.get(edge.callee);
    if (!into) calledFrom.set(edge.callee, (into = new Map<string, { unit: string; location: JsonLocation }>()));
    if (!into.has(key)) into.set(key, { unit: caller.id, location: loc(edge.site.location) });
  }
  // Components constructed: their runs start at the `new` of another unit.
  for (const units of runs.values()) {
    for (const run of units) {
      if (!run.parent || !run.site || run.unit.kind === "function" || run.unit.kind === "method") continue;
      const key = `${run.unit.id}|${run.site.location.line}:${run.site.location.column}|${run.site.location.file}`;
      let into = calledFrom.get(run.unit);
      if (!into) calledFrom.set(run.unit, (into = new Map<string, { unit: string; location: JsonLocation }>()));
      if (!into.has(key)) into.set(key, { unit: run.parent.unit.id, location: loc(run.site.location) });
    }
  }
  const units = model.units
    .filter((u) => u === model.program || (total.get(u) ?? 0) > 0)
    .sort((a, b) => (a === model.program ? -1 : b === model.program ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((u): JsonUnit => ({
      id: u.id,
      kind: u.kind,
      name: u.name,
      location: loc(u.location),
      library: u.library,
      runs: runs.get(u)?.size ?? (u === model.program ? 1 : 0),
      calledFrom: [...(calledFrom.get(u)?.values() ?? [])].sort((a, b) => byPosition(a.location, b.location)),
      calls: [...(calls.get(u)?.values() ?? [])].sort((a, b) => byPosition(a.location, b.location)),
      creates: {
        direct: [...(direct.get(u)?.values() ?? [])].reduce((n, list) => n + list.length, 0),
        total: total.get(u) ?? 0,
      },
      resources: [...(direct.get(u)?.values() ?? [])]
        .map(resourceOf)
        .sort((a, b) => byPosition(a.location, b.location)),
    }));
  return {
    registrations: model.registrations.length,
    unresolved: model.registrations.filter((r) => !r.urn).length,
    units,
  };
}

function at(l: JsonLocation): string {
  return `${l.file}:${l.line}:${l.column}`;
}

/** One line per unit, one per resource it creates itself. */
export function renderUnitsText(summary: ProjectSummary): string[] {
  const lines: string[] = [];
  for (const u of summary.units) {
    const runs = u.kind === "program" ? "" : `, runs ${u.runs}x`;
    lines.push(
      `  ${u.kind} ${u.name}  ${at(u.location)}${runs}: ${u.creates.direct} registration(s) itself, ${u.creates.total} in all`,
    );
    for (const r of u.resources) {
      const name =
        r.name.values.length === 1 && r.name.unresolved === null
          ? JSON.stringify(r.name.values[0])
          : (r.name.expression ?? "<no name>");
      const tags: string[] = [];
      const chains = r.parentChains.map((c) => (c === null ? "unknown" : c.length === 0 ? "root" : c.join("$")));
      if (chains.some((c) => c !== "root")) tags.push(`parent ${chains.join(" | ")}`);
      if (r.conditional.length > 0) tags.push(`conditional: ${r.conditional.join(", ")}`);
      if (r.loop) tags.push("loop");
      if (r.registrations > 1) tags.push(`${r.registrations}x`);
      if (r.name.unresolved) tags.push("unresolved name");
      lines.push(
        `    ${r.type ?? r.className} ${name}  ${at(r.location)}${tags.length > 0 ? `  [${tags.join("; ")}]` : ""}`,
      );
    }
  }
  return lines;
}
