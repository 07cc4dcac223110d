import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { AnalyzerInputError } from "./project.js";

/**
 * A git revision of a project, materialised read-only: the revision's source files are read with `git ls-tree`
 * and `git cat-file --batch` (never a checkout) into a temporary directory, with the working tree's
 * node_modules linked in at the same places. The user's working tree, index and HEAD are never touched.
 */

const SOURCE_FILE = /\.(?:[cm]?tsx?|[cm]?js|json|ya?ml)$/;

function git(cwd: string, args: readonly string[], input?: string): { status: number; stdout: Buffer; stderr: string } {
  const result = spawnSync("git", args, { cwd, input, maxBuffer: 1 << 30 });
  if (result.error) throw new AnalyzerInputError(`cannot run git: ${result.error.message}`);
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr.toString() };
}

export interface Checkout {
  /** The project directory inside the temporary copy. */
  readonly dir: string;
  /** The full commit id the revision names. */
  readonly commit: string;
  readonly cleanup: () => void;
}

function nearestNodeModules(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, "node_modules"))) return join(d, "node_modules");
    if (dirname(d) === d) return undefined;
  }
}

/**
 * Links the working tree's `node_modules` directories into the copy at `tmp` where they are in the repository at
 * `root`: next to every directory the copy holds (the repository's root, a workspace package's own), so that every
 * file of the copy resolves its packages as the same file of the working tree does. A monorepo installs its
 * packages at its root, above the project: linked at the project alone, they would resolve from the project's
 * files but not from a shared library's beside it (`packages/lib/src/x.ts` importing `@pulumi/pulumi`), and the
 * base revision's components would not be components. Packages installed above the repository (none inside it on
 * the project's way up) are linked at the copy's root, where every file of the copy finds them.
 */
function linkNodeModules(root: string, tmp: string, projectDir: string, paths: readonly string[]): void {
  const dirs = new Set<string>([""]);
  for (const path of paths) {
    const parts = path.split("/").slice(0, -1);
    for (let i = 1; i <= parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
  }
  for (const d of dirs) {
    const segments = d.split("/").filter(Boolean);
    const modules = join(root, ...segments, "node_modules");
    const target = join(tmp, ...segments, "node_modules");
    if (existsSync(modules) && !existsSync(target)) symlinkSync(modules, target, "dir");
  }
  const nearest = nearestNodeModules(projectDir);
  const above = nearest !== undefined && relative(root, nearest).split(sep)[0] === "..";
  if (nearest && above && !existsSync(join(tmp, "node_modules"))) {
    symlinkSync(nearest, join(tmp, "node_modules"), "dir");
  }
}

/** Writes the project as it is at `revision` into a temporary directory. */
export function checkoutRevision(projectDir: string, revision: string): Checkout {
  const dir = realpathSync(resolve(projectDir));
  const top = git(dir, ["rev-parse", "--show-toplevel"]);
  if (top.status !== 0) throw new AnalyzerInputError(`${dir} is not inside a git repository`);
  const root = realpathSync(top.stdout.toString().trim());
  if (revision.startsWith("-")) throw new AnalyzerInputError(`base revision "${revision}" does not exist`);
  const verify = git(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${revision}^{commit}`]);
  if (verify.status !== 0) throw new AnalyzerInputError(`base revision "${revision}" does not exist in ${root}`);
  const commit = verify.stdout.toString().trim();
  const rel = relative(root, dir).split(sep).join("/");

  const listing = git(root, ["ls-tree", "-r", "-z", "--full-tree", commit]);
  if (listing.status !== 0) throw new AnalyzerInputError(`git ls-tree ${revision}: ${listing.stderr.trim()}`);
  const files: { sha: string; path: string }[] = [];
  for (const line of listing.stdout.toString("utf8").split("\0")) {
    const m = /^(\d+) blob ([0-9a-f]+)\t(.*)$/s.exec(line);
    if (!m || m[1] === "120000") continue;
    const path = m[3]!;
    if (path.split("/").includes("node_modules") || !SOURCE_FILE.test(path)) continue;
    files.push({ sha: m[2]!, path });
  }
  const prefix = rel === "" ? "" : `${rel}/`;
  if (!files.some((f) => f.path === `${prefix}Pulumi.yaml` || f.path === `${prefix}Pulumi.yml`)) {
    throw new AnalyzerInputError(`${prefix}Pulumi.yaml does not exist at base revision "${revision}"`);
  }

  const tmp = mkdtempSync(join(tmpdir(), "stateguard-base-"));
  const cleanup = (): void => {
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    const batch = git(root, ["cat-file", "--batch"], files.map((f) => `${f.sha}\n`).join(""));
    if (batch.status !== 0) throw new AnalyzerInputError(`git cat-file: ${batch.stderr.trim()}`);
    const out = batch.stdout;
    let offset = 0;
    for (const file of files) {
      const headerEnd = out.indexOf(10, offset);
      const header = out.subarray(offset, headerEnd).toString();
      const size = Number(/^[0-9a-f]+ blob (\d+)$/.exec(header)?.[1] ?? Number.NaN);
      if (!Number.isFinite(size)) throw new AnalyzerInputError(`git cat-file: unexpected output for ${file.path}`);
      const content = out.subarray(headerEnd + 1, headerEnd + 1 + size);
      offset = headerEnd + 1 + size + 1;
      const target = join(tmp, ...file.path.split("/"));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    const projectCopy = join(tmp, ...rel.split("/").filter(Boolean));
    linkNodeModules(root, tmp, dir, [...files.map((f) => f.path), `${prefix}Pulumi.yaml`]);
    return { dir: projectCopy, commit, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
