import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { skipOuter } from "../eslint/analysis/ast.js";
import type { AliasSuggestion } from "./diff.js";

/**
 * `urn-diff --fix`: writes suggested `aliases` into the working tree's source as text edits at exact positions
 * (the rest of the file is left byte for byte as it was). Only unambiguous suggestions are applied, and only
 * where the options are an object literal (or absent) and any existing `aliases` is an array literal.
 */

export interface FixResult {
  readonly applied: { readonly file: string; readonly line: number; readonly alias: string }[];
  readonly skipped: { readonly file: string; readonly line: number; readonly reason: string }[];
}

interface Edit {
  readonly pos: number;
  readonly end: number;
  readonly text: string;
}

/** The local name of the `@pulumi/pulumi` namespace (`import * as pulumi` or a default import) in a file. */
function pulumiNamespace(file: ts.SourceFile): string | undefined {
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (statement.moduleSpecifier.text !== "@pulumi/pulumi") continue;
    const clause = statement.importClause;
    if (!clause || clause.phaseModifier === ts.SyntaxKind.TypeKeyword) continue;
    if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) return clause.namedBindings.name.text;
    if (clause.name) return clause.name.text;
  }
  return undefined;
}

function lineIndent(text: string, pos: number): string {
  const start = text.lastIndexOf("\n", pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? "";
}

/** The edit that adds `alias` to the resource's options, or why none can be made. */
function editFor(s: AliasSuggestion, file: ts.SourceFile, pulumi: string | undefined): Edit | string {
  const needsPulumi = /pulumi\./.test(s.code("pulumi"));
  if (needsPulumi && !pulumi) return "the file does not import @pulumi/pulumi as a namespace";
  const alias = s.code(pulumi ?? "pulumi");
  const text = file.text;
  const aliases = s.head.aliasesNode ? skipOuter(s.head.aliasesNode) : undefined;
  if (aliases) {
    if (!ts.isArrayLiteralExpression(aliases)) return "its `aliases` is not an array literal";
    const last = aliases.elements[aliases.elements.length - 1];
    if (!last) return { pos: aliases.getEnd() - 1, end: aliases.getEnd() - 1, text: alias };
    return { pos: last.getEnd(), end: last.getEnd(), text: `, ${alias}` };
  }
  const opts = s.head.optsArg ? skipOuter(s.head.optsArg) : undefined;
  if (opts) {
    if (!ts.isObjectLiteralExpression(opts) || opts !== s.head.optsArg) return "its options are not an object literal";
    const property = `aliases: [${alias}]`;
    const last = opts.properties[opts.properties.length - 1];
    if (!last) return { pos: opts.getStart(), end: opts.getEnd(), text: `{ ${property} }` };
    const multiline = text.slice(opts.getStart(), opts.getEnd()).includes("\n");
    const trailingComma = opts.properties.hasTrailingComma;
    if (!multiline) return { pos: last.getEnd(), end: last.getEnd(), text: `, ${property}` };
    const indent = lineIndent(text, last.getStart());
    if (trailingComma) {
      const comma = text.indexOf(",", last.getEnd());
      return { pos: comma + 1, end: comma + 1, text: `\n${indent}${property},` };
    }
    return { pos: last.getEnd(), end: last.getEnd(), text: `,\n${indent}${property}` };
  }
  const node = s.head.node;
  if (!node.arguments || s.head.optsIndex < 0) return "its constructor takes no options argument";
  const args = node.arguments;
  if (args.some((a) => ts.isSpreadElement(a))) return "its arguments are spread";
  const fillers = Array.from({ length: Math.max(0, s.head.optsIndex - args.length) }, () => "undefined");
  const parts = [...fillers, `{ aliases: [${alias}] }`].join(", ");
  const lastArg = args[args.length - 1];
  if (!lastArg) {
    const open = text.indexOf("(", node.expression.getEnd());
    return { pos: open + 1, end: open + 1, text: parts };
  }
  return { pos: lastArg.getEnd(), end: lastArg.getEnd(), text: `, ${parts}` };
}

/** Applies the unambiguous suggestions to the files under `projectDir`. */
export function applyAliasFixes(projectDir: string, suggestions: readonly AliasSuggestion[]): FixResult {
  const applied: FixResult["applied"][number][] = [];
  const skipped: FixResult["skipped"][number][] = [];
  const byFile = new Map<string, AliasSuggestion[]>();
  for (const s of suggestions) {
    const where = { file: s.head.location.file, line: s.head.location.line };
    if (!s.unambiguous) {
      skipped.push({ ...where, reason: "ambiguous (several candidates, or the code registers several resources)" });
      continue;
    }
    const list = byFile.get(s.head.location.file) ?? [];
    list.push(s);
    byFile.set(s.head.location.file, list);
  }
  for (const [relativeFile, list] of byFile) {
    const path = join(projectDir, relativeFile);
    const source = list[0]!.head.node.getSourceFile();
    if (readFileSync(path, "utf8") !== source.text) {
      for (const s of list)
        skipped.push({
          file: relativeFile,
          line: s.head.location.line,
          reason: "the file changed since it was analysed",
        });
      continue;
    }
    const pulumi = pulumiNamespace(source);
    const edits: Edit[] = [];
    for (const s of list) {
      const edit = editFor(s, source, pulumi);
      if (typeof edit === "string") skipped.push({ file: relativeFile, line: s.head.location.line, reason: edit });
      else {
        edits.push(edit);
        applied.push({ file: relativeFile, line: s.head.location.line, alias: s.code(pulumi ?? "pulumi") });
      }
    }
    let text = source.text;
    for (const edit of edits.sort((a, b) => b.pos - a.pos))
      text = text.slice(0, edit.pos) + edit.text + text.slice(edit.end);
    if (edits.length > 0) writeFileSync(path, text);
  }
  return { applied, skipped };
}
