import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { run } from "../../../cli/main.js";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const FIXTURES = join(REPO, "test", "fixtures", "analyzer");

export async function cli(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], {
    cwd: dir,
    encoding: "utf8",
  });
}

/**
 * A git repository in a temporary directory holding a copy of a fixture project, committed as the base
 * revision; `node_modules` links to this repository's (ignored by git).
 */
export function fixtureRepo(fixture: string): { dir: string; git: (...args: string[]) => string } {
  const dir = mkdtempSync(join(tmpdir(), `sg-urn-${fixture}-`));
  cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"), "dir");
  writeFileSync(join(dir, ".gitignore"), "node_modules\n");
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "base");
  return { dir, git: (...args) => git(dir, ...args) };
}

/** Replaces `from` (which must occur exactly once) with `to` in a file of the working tree. */
export function edit(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, "utf8");
  if (text.split(from).length !== 2) throw new Error(`${file}: "${from}" does not occur exactly once`);
  writeFileSync(path, text.replace(from, to));
}

/** The type errors of the project (tsc --noEmit). */
export function typeErrors(dir: string): string[] {
  const config = ts.readConfigFile(join(dir, "tsconfig.json"), (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dir);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true } });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

/** Where a finding is, as `file:line:column`. */
export function position(
  location: { file: string; line?: number | null; column?: number | null } | null | undefined,
): string {
  return location ? `${location.file}:${location.line ?? "?"}:${location.column ?? "?"}` : "?";
}

/** `stateguard analyze DIR --format json`, parsed. */
export async function analyzeJson(dir: string, ...extra: string[]) {
  const result = await cli("analyze", dir, "--format", "json", ...extra);
  const out = result.stdout
    ? (JSON.parse(result.stdout) as import("../../../cli/commands/analyze.js").JsonAnalysis)
    : undefined;
  return { ...result, out };
}
