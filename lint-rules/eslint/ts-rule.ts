import { ESLintUtils, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import type ts from "typescript";
import { parseSettings, programScopeOf, type ProgramScope, type StateguardSettings } from "./analysis/program.js";
import { ProgramCode } from "./analysis/program-code.js";
import { withQuickNewExpressions } from "./analysis/quick-checker.js";

/**
 * The bridge between ESLint and the rules' checks. Each check is a pure function of one TypeScript source file
 * and the checker that returns findings on TypeScript nodes, so the project analyzer can run the same checks
 * without ESLint.
 */

/** A text edit, by offsets in the source file. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface Finding<MessageId extends string> {
  /** The node the finding is reported on. */
  readonly node: ts.Node;
  readonly messageId: MessageId;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly suggest?: readonly { readonly messageId: MessageId; readonly edits: readonly Edit[] }[];
}

export interface CheckInput<Options> {
  readonly sourceFile: ts.SourceFile;
  readonly checker: ts.TypeChecker;
  /** What of this file is program code: nothing, its top level, or all of it (see analysis/program.ts). */
  readonly programFile: ProgramScope;
  /** Library code versus program code node by node, with the program around the file (see program-code.ts). */
  readonly code: ProgramCode;
  readonly settings: StateguardSettings;
  readonly options: Options;
}

export type Check<MessageId extends string, Options> = (input: CheckInput<Options>) => Iterable<Finding<MessageId>>;

/**
 * One wrapped checker per program's checker, shared by every rule and file (its answers are cached per node). Rules
 * that ask the checker about `new` expressions get it here: the plain checker checks every argument first.
 */
const quickCheckers = new WeakMap<ts.TypeChecker, ts.TypeChecker>();

export function quickChecker(checker: ts.TypeChecker): ts.TypeChecker {
  let quick = quickCheckers.get(checker);
  if (!quick) {
    quick = withQuickNewExpressions(checker);
    quickCheckers.set(checker, quick);
  }
  return quick;
}

/** One ProgramCode per program, settings object and working directory: its answers are kept across files. */
const programCodes = new WeakMap<ts.Program, WeakMap<StateguardSettings, Map<string, ProgramCode>>>();

function programCodeOf(
  program: ts.Program,
  checker: ts.TypeChecker,
  settings: StateguardSettings,
  cwd: string,
): ProgramCode {
  let bySettings = programCodes.get(program);
  if (!bySettings) {
    bySettings = new WeakMap();
    programCodes.set(program, bySettings);
  }
  let byCwd = bySettings.get(settings);
  if (!byCwd) {
    byCwd = new Map();
    bySettings.set(settings, byCwd);
  }
  let code = byCwd.get(cwd);
  if (!code) {
    const scopeOf = (fileName: string): ProgramScope => programScopeOf(fileName, settings, cwd);
    code = new ProgramCode(checker, scopeOf, settings.programFunctions === "called-once" ? program : undefined);
    byCwd.set(cwd, code);
  }
  return code;
}

/** The listener of a rule that runs `check` once per file and reports its findings. */
export function runCheck<MessageId extends string, Options>(
  context: Readonly<TSESLint.RuleContext<MessageId, readonly unknown[]>>,
  options: Options,
  check: Check<MessageId, Options>,
): TSESLint.RuleListener {
  return {
    Program(node: TSESTree.Program) {
      const services = ESLintUtils.getParserServices(context);
      const sourceFile = services.esTreeNodeToTSNodeMap.get(node);
      const checker = quickChecker(services.program.getTypeChecker());
      const settings = parseSettings(context.settings["stateguard"]);
      const programFile = programScopeOf(context.filename, settings, context.cwd);
      const code = programCodeOf(services.program, checker, settings, context.cwd);
      const { sourceCode } = context;
      for (const finding of check({ sourceFile, checker, programFile, code, settings, options })) {
        const loc = {
          start: sourceCode.getLocFromIndex(finding.node.getStart(sourceFile)),
          end: sourceCode.getLocFromIndex(finding.node.getEnd()),
        };
        context.report({
          loc,
          messageId: finding.messageId,
          ...(finding.data ? { data: finding.data } : {}),
          suggest: (finding.suggest ?? []).map((s) => ({
            messageId: s.messageId,
            ...(finding.data ? { data: finding.data } : {}),
            fix: (fixer: TSESLint.RuleFixer) => s.edits.map((e) => fixer.replaceTextRange([e.start, e.end], e.text)),
          })),
        });
      }
    },
  };
}
