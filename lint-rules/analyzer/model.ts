import { relative, sep } from "node:path";
import ts from "typescript";
import {
  contains,
  functionName,
  isClassLike,
  isFunctionWithBody,
  type FunctionWithBody,
} from "../eslint/analysis/ast.js";
import { isComponentClass } from "../eslint/analysis/components.js";
import { conditionsOf, decidesOnData, leaves, type ConditionKind } from "../eslint/analysis/conditions.js";
import { describeSource } from "../eslint/analysis/dataflow.js";
import { isConstantName, nameOrigin } from "../eslint/analysis/names.js";
import { DEFAULT_SETTINGS, programScopeOf } from "../eslint/analysis/program.js";
import { ProgramCode } from "../eslint/analysis/program-code.js";
import type { ResourceKind } from "../eslint/pulumi-types.js";
import type { Activation, Inventory, PredictedResource, SourcePosition, Val } from "./predict.js";
import type { LoadedProject } from "./project.js";

/**
 * The predicted program as the whole-program checks see it: units of code (the program's entry, modules,
 * functions, methods, components), the runs of them the walk made (which call, which loop iteration), every
 * resource registration with the run that makes it, and the calls between units. Built from the predictor's
 * inventory; what needs the syntax tree or the type checker (conditions, the origin of a name) is answered on
 * demand by the lint rules' analyses and remembered, so a check is a function of this model only.
 */

export type UnitKind = "program" | "module" | "function" | "method" | "component" | "class";

export interface Unit {
  /** `file#name` (`file` alone for a module's top level), paths relative to the analysed directory. */
  readonly id: string;
  readonly kind: UnitKind;
  readonly name: string;
  readonly location: SourcePosition;
  /** Anything but the program's own top level: code that can run more than once, with other arguments. */
  readonly library: boolean;
  /** Its first string parameter (a component's `name`), to build logical names from. */
  readonly nameParameter: string | undefined;
}

/** A place in the source: a `new`, a call, a loop. One object per syntax node. */
export interface Site {
  readonly location: SourcePosition;
  /** The source text, on one line and shortened (a loop's head only). */
  readonly text: string;
  /** For a loop (or an array method's callback): the name its element is bound to, when it is an identifier. */
  readonly element: string | undefined;
}

/** One run of a unit's code: a call, a component's construction, one iteration of a loop, a module's top level. */
export interface Run {
  readonly id: number;
  readonly parent: Run | undefined;
  readonly unit: Unit;
  /** What started it in the parent run: a call, a `new`, a loop (undefined: a module's top level). */
  readonly site: Site | undefined;
  /** The element index, for an iteration of a loop over a literal array. */
  readonly iteration: number | undefined;
  readonly depth: number;
  /** The component being constructed: its constructor, and methods called on `this`. */
  readonly component: Registration | undefined;
}

export interface Registration {
  readonly id: number;
  readonly kind: ResourceKind;
  readonly className: string;
  readonly type: Val;
  readonly name: Val;
  /** The logical name argument as written, e.g. `${name}-db` (undefined: no name argument). */
  readonly nameExpression: string | undefined;
  readonly urn: string | undefined;
  /** The type chain of its parent, `""` for the stack; undefined when not predicted. */
  readonly parentChain: string | undefined;
  readonly parent: Registration | "root" | "unknown";
  /** Kinds of condition over the whole path from the program (calls included). */
  readonly conditional: readonly string[];
  /** Kinds of condition within its own unit's code. */
  readonly ownConditional: readonly string[];
  /** The `new` expression. */
  readonly site: Site;
  readonly run: Run;
}

export interface CallEdge {
  readonly site: Site;
  /** The caller's run. */
  readonly run: Run;
  readonly callee: Unit;
  /** The call is in library code (not the program's top level). */
  readonly library: boolean;
  /** The registrations made while walking this call, in order. */
  readonly registrations: readonly Registration[];
}

/** A condition a site runs under, with where it is in the construct that branches. */
export interface SiteCondition {
  readonly kind: ConditionKind;
  /** The test as written, shortened. */
  readonly test: string;
  /** The branching statement or expression; equal numbers are the same construct. */
  readonly construct: number;
  /** Where the site is: then, else, after (an early-return guard), true, false, case <n>, right, catch, body. */
  readonly arm: string;
  /** That arm always leaves (return, break, continue, throw): code after the construct does not run with it. */
  readonly leaves: boolean;
  /** It decides on data (arguments, configuration, live state), as no-conditional-resource counts it. */
  readonly decisive: boolean;
  /** It counts as a condition (a guard whose test reads no data, like the rehydration guard, does not). */
  readonly counts: boolean;
  /** What the test depends on, described; undefined when nothing is known. */
  readonly source: string | undefined;
}

export interface ProjectModel {
  readonly project: string;
  readonly dir: string;
  readonly entry: string;
  readonly program: Unit;
  readonly units: readonly Unit[];
  readonly registrations: readonly Registration[];
  readonly calls: readonly CallEdge[];
  /**
   * The conditions `site` runs under in `run`: from the site up to the run's start (its unit's code, or for an
   * iteration, its loop); with `wholeUnit`, up to the unit's root whatever the run.
   */
  conditionsAt(site: Site, run: Run, wholeUnit?: boolean): readonly SiteCondition[];
  /** Whether the registration's logical name is the same on every run of its code (the lint rules' name origin). */
  nameIsConstant(registration: Registration): boolean;
}

/** Whether two conditions put their sites in branches that never both run (within one run of the code). */
export function exclusiveArms(a: SiteCondition, b: SiteCondition): boolean {
  if (a.construct !== b.construct || a.arm === b.arm) return false;
  if (a.arm === "after") return b.leaves;
  if (b.arm === "after") return a.leaves;
  if (a.arm.startsWith("case ") && b.arm.startsWith("case ")) {
    // Without a break, return or throw the earlier case falls through into the later one.
    return Number(a.arm.slice(5)) < Number(b.arm.slice(5)) ? a.leaves : b.leaves;
  }
  return (a.arm === "then" || a.arm === "else" || a.arm === "true" || a.arm === "false") && a.arm !== b.arm;
}

function alwaysLeaves(statement: ts.Statement | undefined): boolean {
  if (!statement) return false;
  if (ts.isThrowStatement(statement) || leaves(statement)) return true;
  return ts.isBlock(statement) && statement.statements.some(alwaysLeaves);
}

class ModelBuilder implements ProjectModel {
  readonly project: string;
  readonly dir: string;
  readonly entry: string;
  readonly program: Unit;
  readonly units: Unit[] = [];
  readonly registrations: Registration[] = [];
  readonly calls: CallEdge[] = [];

  private readonly checker: ts.TypeChecker;
  private readonly unitOfRoot = new Map<ts.Node, Unit>();
  private readonly unitIds = new Set<string>();
  private readonly sites = new Map<ts.Node, Site>();
  private readonly nodeOfSite = new Map<Site, ts.Node>();
  private readonly runs = new Map<Activation, Run>();
  private readonly activationOfRun = new Map<Run, Activation>();
  private readonly constructs = new Map<ts.Node, number>();
  private readonly conditionMemo = new Map<string, readonly SiteCondition[]>();
  private readonly constantMemo = new Map<ts.Node, boolean>();
  private readonly resources: readonly PredictedResource[];

  constructor(
    private readonly loaded: LoadedProject,
    inventory: Inventory,
    private readonly base: string,
  ) {
    this.checker = loaded.checker;
    this.project = inventory.project;
    this.dir = inventory.dir;
    this.entry = inventory.entry;
    this.resources = inventory.resources;
    const entryFile = loaded.program.getSourceFile(loaded.entry);
    this.program = entryFile
      ? this.unitOf(entryFile)
      : this.addUnit({
          id: inventory.entry,
          kind: "program",
          name: inventory.entry,
          location: { file: inventory.entry, line: 1, column: 1 },
          library: false,
          nameParameter: undefined,
        });
    for (const r of inventory.resources) this.registrations.push(this.registration(r));
    const library = new Map<ts.Node, boolean>();
    // As the lint rules decide it by default: the entry, the top level of the project's other modules, tests, and
    // the functions of those modules that the program calls once.
    const code = new ProgramCode(
      this.checker,
      (file) => (file === loaded.entry ? "entry" : programScopeOf(file, DEFAULT_SETTINGS, loaded.dir)),
      DEFAULT_SETTINGS.programFunctions === "called-once" ? loaded.program : undefined,
    );
    for (const call of inventory.calls) {
      let isLibrary = library.get(call.node);
      if (isLibrary === undefined) {
        isLibrary = code.isLibrary(call.node);
        library.set(call.node, isLibrary);
      }
      this.calls.push({
        site: this.site(call.node),
        run: this.run(call.activation),
        callee: this.unitOf(call.callee),
        library: isLibrary,
        registrations: this.registrations.slice(call.first, call.first + call.registered),
      });
    }
  }

  private position(node: ts.Node): SourcePosition {
    const file = node.getSourceFile();
    const { line, character } = file.getLineAndCharacterOfPosition(node.getStart());
    return { file: this.path(file), line: line + 1, column: character + 1 };
  }

  private path(file: ts.SourceFile): string {
    return relative(this.base, file.fileName).split(sep).join("/");
  }

  private site(node: ts.Node): Site {
    let site = this.sites.get(node);
    if (!site) {
      const source = node.getSourceFile().text;
      const raw = ts.isForOfStatement(node) ? source.slice(node.getStart(), node.statement.getStart()) : node.getText();
      const text = raw.replace(/\s+/g, " ").trim();
      site = {
        location: this.position(node),
        text: text.length > 60 ? `${text.slice(0, 59)}…` : text,
        element: this.elementName(node),
      };
      this.sites.set(node, site);
      this.nodeOfSite.set(site, node);
    }
    return site;
  }

  private elementName(node: ts.Node): string | undefined {
    let name: ts.BindingName | undefined;
    if (ts.isForOfStatement(node) && ts.isVariableDeclarationList(node.initializer)) {
      name = node.initializer.declarations[0]?.name;
    } else if (ts.isCallExpression(node)) {
      const fn = node.arguments.find((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a));
      name = fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) ? fn.parameters[0]?.name : undefined;
    }
    return name && ts.isIdentifier(name) ? name.text : undefined;
  }

  private addUnit(unit: Unit): Unit {
    this.units.push(unit);
    this.unitIds.add(unit.id);
    return unit;
  }

  private unitOf(root: ts.Node): Unit {
    const known = this.unitOfRoot.get(root);
    if (known) return known;
    let unit: Unit;
    if (ts.isSourceFile(root)) {
      const file = this.path(root);
      const program = root.fileName === this.loaded.entry;
      unit = {
        id: file,
        kind: program ? "program" : "module",
        name: file,
        location: { file, line: 1, column: 1 },
        library: !program && programScopeOf(root.fileName, DEFAULT_SETTINGS, this.loaded.dir) === false,
        nameParameter: undefined,
      };
    } else {
      const { kind, name, declaration } = this.describe(root);
      const file = this.path(root.getSourceFile());
      let id = `${file}#${name}`;
      const location = this.position(declaration);
      if (this.unitIds.has(id)) id = `${id}@${location.line}:${location.column}`;
      unit = {
        id,
        kind,
        name,
        location,
        library: true,
        nameParameter: isFunctionWithBody(root) ? this.nameParameter(root) : undefined,
      };
    }
    this.unitOfRoot.set(root, unit);
    return this.addUnit(unit);
  }

  /** What a function-like root is: a class's constructor stands for the class. */
  private describe(root: ts.Node): { kind: UnitKind; name: string; declaration: ts.Node } {
    if (ts.isConstructorDeclaration(root) && isClassLike(root.parent)) {
      const cls = root.parent;
      let component = false;
      try {
        component = isComponentClass(this.checker, cls);
      } catch {
        component = false;
      }
      return { kind: component ? "component" : "class", name: cls.name?.text ?? "<class>", declaration: cls };
    }
    const fn = root as FunctionWithBody;
    const own = isFunctionWithBody(root) ? functionName(fn) : undefined;
    const ownName = own ? own.getText() : `<anonymous>@${this.position(root).line}:${this.position(root).column}`;
    let owner: ts.Node = root.parent;
    if (ts.isPropertyDeclaration(owner)) owner = owner.parent;
    if (isClassLike(owner)) {
      return { kind: "method", name: `${owner.name?.text ?? "<class>"}.${ownName}`, declaration: root };
    }
    return { kind: "function", name: ownName, declaration: root };
  }

  private nameParameter(fn: FunctionWithBody): string | undefined {
    for (const p of fn.parameters) {
      if (!ts.isIdentifier(p.name)) continue;
      try {
        const type = this.checker.getTypeAtLocation(p);
        if (type.flags & ts.TypeFlags.StringLike) return p.name.text;
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  private run(activation: Activation): Run {
    const known = this.runs.get(activation);
    if (known) return known;
    const run: Run = {
      id: activation.id,
      parent: activation.parent ? this.run(activation.parent) : undefined,
      unit: this.unitOf(activation.root),
      site: activation.site ? this.site(activation.site) : undefined,
      iteration: activation.iteration,
      depth: activation.depth,
      component: activation.component ? this.registrations[activation.component.id] : undefined,
    };
    this.runs.set(activation, run);
    this.activationOfRun.set(run, activation);
    return run;
  }

  private registration(r: PredictedResource): Registration {
    const parent =
      r.parent.kind === "resource" ? (this.registrations[r.parent.resource.id] ?? "unknown") : r.parent.kind;
    const parentChain =
      r.parent.kind === "root"
        ? ""
        : r.parent.kind === "resource" && r.parent.resource.typeChain !== undefined
          ? r.parent.resource.typeChain
          : undefined;
    const name = r.nameArg?.getText().replace(/\s+/g, " ");
    return {
      id: r.id,
      kind: r.kind,
      className: r.className,
      type: r.type,
      name: r.name,
      nameExpression: name,
      urn: r.urn,
      parentChain,
      parent,
      conditional: r.conditional,
      ownConditional: r.ownConditional,
      site: this.site(r.node),
      run: this.run(r.activation),
    };
  }

  private construct(node: ts.Node): number {
    let id = this.constructs.get(node);
    if (id === undefined) {
      id = this.constructs.size;
      this.constructs.set(node, id);
    }
    return id;
  }

  conditionsAt(site: Site, run: Run, wholeUnit = false): readonly SiteCondition[] {
    const node = this.nodeOfSite.get(site);
    const activation = this.activationOfRun.get(run);
    if (!node || !activation) return [];
    const stop = wholeUnit ? activation.root : activation.stop;
    const key = `${this.construct(node)}:${this.construct(stop)}`;
    const memo = this.conditionMemo.get(key);
    if (memo) return memo;
    let found: SiteCondition[] = [];
    try {
      found = conditionsOf(this.checker, node, { loops: true, stopAt: (n) => n === stop }).map((c) => {
        const { construct, arm, leaves: armLeaves } = this.placeIn(c.kind, c.test, node);
        const source = c.sources.find((s) => s.kind !== "lookup") ?? c.sources[0];
        return {
          kind: c.kind,
          test: c.test.getText().replace(/\s+/g, " ").slice(0, 60),
          construct: this.construct(construct),
          arm,
          leaves: armLeaves,
          decisive: c.kind !== "loop" && decidesOnData(c),
          counts: c.kind !== "guard" || c.sources.length > 0,
          source: source ? describeSource(source) : undefined,
        };
      });
    } catch {
      found = [];
    }
    this.conditionMemo.set(key, found);
    return found;
  }

  /** The construct a condition's test belongs to, and the arm of it `node` is in. */
  private placeIn(
    kind: ConditionKind,
    test: ts.Node,
    node: ts.Node,
  ): { construct: ts.Node; arm: string; leaves: boolean } {
    const construct = test.parent;
    if (kind === "if" && ts.isIfStatement(construct)) {
      const inThen = contains(construct.thenStatement, node);
      const branch = inThen ? construct.thenStatement : construct.elseStatement;
      return { construct, arm: inThen ? "then" : "else", leaves: alwaysLeaves(branch) };
    }
    if (kind === "guard") return { construct, arm: "after", leaves: false };
    if (kind === "ternary" && ts.isConditionalExpression(construct)) {
      return { construct, arm: contains(construct.whenTrue, node) ? "true" : "false", leaves: false };
    }
    if (kind === "switch" && ts.isSwitchStatement(construct)) {
      const clauses = construct.caseBlock.clauses;
      const index = clauses.findIndex((c) => contains(c, node));
      const clause = clauses[index];
      return { construct, arm: `case ${index}`, leaves: clause ? clause.statements.some(alwaysLeaves) : false };
    }
    if (kind === "catch") return { construct, arm: "catch", leaves: false };
    if (kind === "logical") return { construct, arm: "right", leaves: false };
    return { construct, arm: "body", leaves: false };
  }

  nameIsConstant(registration: Registration): boolean {
    const resource = this.resources[registration.id];
    const nameArg = resource?.nameArg;
    if (!nameArg) return false;
    let constant = this.constantMemo.get(nameArg);
    if (constant === undefined) {
      try {
        constant = isConstantName(nameOrigin(this.checker, nameArg));
      } catch {
        constant = false;
      }
      this.constantMemo.set(nameArg, constant);
    }
    return constant;
  }
}

/** The model of a predicted project; paths relative to `base` (the directory the positions were predicted from). */
export function buildModel(project: LoadedProject, inventory: Inventory, base: string = project.dir): ProjectModel {
  return new ModelBuilder(project, inventory, base);
}
