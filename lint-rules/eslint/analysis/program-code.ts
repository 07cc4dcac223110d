import ts from "typescript";
import { ancestors, isClassLike, isFunctionWithBody, skipOuter } from "./ast.js";
import { ARRAY_METHODS, isExportedMain, isRunNowCallback, type ProgramScope } from "./program.js";

/**
 * Library code versus program code, node by node, with the program around the file (see program.ts for files).
 *
 * Inside a program file (an entry, or another module of a Pulumi project), a function is program code when the
 * program calls it exactly once: a function declared by name (`function loadConfig() {}`, `const loadConfig =
 * () => {}`), whose every reference in the program's source files is either that one call or an import, export or
 * type query of it, the call being program code itself (recursively) and not repeated by a loop or an array
 * callback around it. Such a function is the program's code moved under a name for reading; it cannot run again
 * with other arguments. A second call, a reference passed as a value, a default export (imported under any name)
 * or a function of a module outside the project keeps it library code. Setting `programFunctions: "none"` turns
 * this off.
 */
export class ProgramCode {
  /** Per function: whether it is a program function; `false` while being decided (a cycle is library code). */
  private readonly programFunctions = new Map<ts.Node, boolean>();
  /** Per file: what of it is program code (asked for every node a rule looks at). */
  private readonly fileScopes = new WeakMap<ts.SourceFile, ProgramScope>();

  constructor(
    private readonly checker: ts.TypeChecker,
    /** What of a file is program code, by its file name (settings applied). */
    private readonly scopeOf: (fileName: string) => ProgramScope,
    /** The program whose source files are searched for call sites; none: no function is a program function. */
    private readonly program: ts.Program | undefined,
  ) {}

  /**
   * Whether `node` may be library code, deciding by its file and the functions and classes around it but not
   * by who calls those functions: true for every node `isLibrary` says true of. Cheap: rules pre-filter with it.
   */
  mayBeLibrary(node: ts.Node, scope: ProgramScope = this.scopeOfFile(node.getSourceFile())): boolean {
    return this.enclosingUnit(node, scope) !== undefined;
  }

  /** Whether `node` is library code. */
  isLibrary(node: ts.Node, scope: ProgramScope = this.scopeOfFile(node.getSourceFile())): boolean {
    const unit = this.enclosingUnit(node, scope);
    if (unit === undefined) return false;
    if (unit === true || scope === false) return true;
    return !this.isProgramFunction(unit);
  }

  private scopeOfFile(file: ts.SourceFile): ProgramScope {
    let scope = this.fileScopes.get(file);
    if (scope === undefined) {
      scope = this.scopeOf(file.fileName);
      this.fileScopes.set(file, scope);
    }
    return scope;
  }

  /**
   * What makes `node` library code: `true` (its file is library code, or it is inside a class), the nearest
   * function around it that can run again, or undefined when it is program code.
   */
  private enclosingUnit(node: ts.Node, scope: ProgramScope): ts.Node | true | undefined {
    if (scope === false) return true;
    if (scope === "file") return undefined;
    for (const n of ancestors(node)) {
      if (isClassLike(n)) return true;
      if (isFunctionWithBody(n) && !isRunNowCallback(this.checker, n) && !(scope === "entry" && isExportedMain(n))) {
        return n;
      }
    }
    return undefined;
  }

  private isProgramFunction(fn: ts.Node): boolean {
    if (this.program === undefined) return false;
    const known = this.programFunctions.get(fn);
    if (known !== undefined) return known;
    this.programFunctions.set(fn, false);
    const answer = this.decideProgramFunction(fn, this.program);
    this.programFunctions.set(fn, answer);
    return answer;
  }

  private decideProgramFunction(fn: ts.Node, program: ts.Program): boolean {
    const name = declaredName(fn);
    if (!name) return false;
    const declared = this.checker.getSymbolAtLocation(name);
    if (!declared) return false;
    const target = this.checker.getExportSymbolOfSymbol(declared);
    const calls: ts.CallExpression[] = [];
    for (const file of filesMentioning(program, name.text)) {
      const names = localNames(file, name.text);
      if (names === undefined) return false;
      for (const id of identifiersNamed(file, names)) {
        if (id === name || this.resolve(id) !== target || isDeclarationOnly(id)) continue;
        const call = callOf(id);
        if (!call) return false;
        calls.push(call);
      }
    }
    const [call] = calls;
    if (calls.length !== 1 || call === undefined || this.isRepeated(call)) return false;
    return !this.isLibrary(call);
  }

  private resolve(id: ts.Identifier): ts.Symbol | undefined {
    // `{ loadConfig }` names the property; the value it hands on is the function.
    const symbol = ts.isShorthandPropertyAssignment(id.parent)
      ? this.checker.getShorthandAssignmentValueSymbol(id.parent)
      : this.checker.getSymbolAtLocation(id);
    if (!symbol) return undefined;
    return this.checker.getExportSymbolOfSymbol(
      symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol,
    );
  }

  /** Whether a loop or an array callback around the call (inside its own function) runs it more than once. */
  private isRepeated(call: ts.Node): boolean {
    for (const n of ancestors(call)) {
      if (ts.isIterationStatement(n, false)) return true;
      if (isFunctionWithBody(n)) {
        if (!isRunNowCallback(this.checker, n)) return false;
        const callee = ts.isCallExpression(n.parent) ? skipOuter(n.parent.expression) : undefined;
        if (callee && ts.isPropertyAccessExpression(callee) && ARRAY_METHODS.has(callee.name.text)) return true;
      }
    }
    return false;
  }
}

/**
 * The name a function is declared under, when the program can only call it by that name: a named function
 * declaration that is not a default export, or a function or arrow assigned to a `const`.
 */
function declaredName(fn: ts.Node): ts.Identifier | undefined {
  if (ts.isFunctionDeclaration(fn)) {
    if (ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Default) return undefined;
    return fn.name;
  }
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  let holder: ts.Node = fn.parent;
  while (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder) || ts.isSatisfiesExpression(holder)) {
    holder = holder.parent;
  }
  if (!ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name)) return undefined;
  const list = holder.parent;
  return ts.isVariableDeclarationList(list) && list.flags & ts.NodeFlags.Const ? holder.name : undefined;
}

/**
 * The names a file may call the function by: its own, and those it imports it under (`import { f as g }`).
 * Undefined when the file exports it under another name (`export { f as g }`), whose importers this search would
 * not find.
 */
function localNames(file: ts.SourceFile, name: string): Set<string> | undefined {
  const names = new Set([name]);
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      const bindings = statement.importClause?.namedBindings;
      if (!bindings || !ts.isNamedImports(bindings)) continue;
      for (const element of bindings.elements) {
        if (element.propertyName && ts.isIdentifier(element.propertyName) && element.propertyName.text === name) {
          names.add(element.name.text);
        }
      }
    } else if (
      ts.isExportDeclaration(statement) &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const element of statement.exportClause.elements) {
        const local = element.propertyName ?? element.name;
        if (ts.isIdentifier(local) && local.text === name && element.name.text !== name) return undefined;
      }
    }
  }
  return names;
}

/** A reference that neither runs nor hands on the function: an import or export of it, a `typeof` in a type. */
function isDeclarationOnly(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isExportSpecifier(parent)) return true;
  for (let n: ts.Node = id; !ts.isSourceFile(n); n = n.parent) {
    if (ts.isTypeQueryNode(n)) return true;
    if (ts.isExpression(n) && !ts.isIdentifier(n) && !ts.isQualifiedName(n)) break;
  }
  return false;
}

/** The call that `id` is the callee of (`f()`, `mod.f()`), or undefined. */
function callOf(id: ts.Identifier): ts.CallExpression | undefined {
  let callee: ts.Node = id;
  if (ts.isPropertyAccessExpression(id.parent) && id.parent.name === id) callee = id.parent;
  let parent = callee.parent;
  while (ts.isParenthesizedExpression(parent) || ts.isNonNullExpression(parent)) {
    callee = parent;
    parent = parent.parent;
  }
  return ts.isCallExpression(parent) && parent.expression === callee ? parent : undefined;
}

/** The identifiers of a file spelled as one of `names`, found from the text rather than by walking the tree. */
function* identifiersNamed(file: ts.SourceFile, names: ReadonlySet<string>): Generator<ts.Identifier> {
  const text = file.text;
  for (const name of names) {
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
      if (isWordChar(text.charCodeAt(at - 1)) || isWordChar(text.charCodeAt(at + name.length))) continue;
      const node = innermostAt(file, at);
      if (node && ts.isIdentifier(node) && node.text === name && node.getStart(file) === at) yield node;
    }
  }
}

function isWordChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95 ||
    code === 36
  );
}

/** The innermost node whose text (trivia excluded) covers position `at`. */
function innermostAt(file: ts.SourceFile, at: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): true | undefined => {
    if (at < n.pos || at >= n.end) return undefined;
    if (at < n.getStart(file)) return true;
    found = n;
    ts.forEachChild(n, visit);
    return true;
  };
  ts.forEachChild(file, visit);
  return found;
}

/** Per program: which of its own source files (not declarations, not under node_modules) mention each word. */
const wordIndexes = new WeakMap<ts.Program, Map<string, ts.SourceFile[]>>();

const WORD = /[A-Za-z_$][\w$]*/g;

function filesMentioning(program: ts.Program, word: string): readonly ts.SourceFile[] {
  let index = wordIndexes.get(program);
  if (!index) {
    index = new Map();
    for (const file of program.getSourceFiles()) {
      if (file.isDeclarationFile || /[\\/]node_modules[\\/]/.test(file.fileName)) continue;
      for (const w of new Set(file.text.match(WORD))) {
        let files = index.get(w);
        if (!files) {
          files = [];
          index.set(w, files);
        }
        files.push(file);
      }
    }
    wordIndexes.set(program, index);
  }
  return index.get(word) ?? [];
}
